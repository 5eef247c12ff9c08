/*
 * The output path of a session (private to exec/): the struct term every
 * handler writes to. It cuts output into lines, applies the `| include|
 * exclude|begin|section|count` filter of the command being run, pages with
 * --More-- after `terminal length` lines without waiting (what follows is
 * queued until the front end delivers a key), and passes what is left to
 * the device term (the console, script output, a vty, a test buffer).
 */
#ifndef VGW_OUTPUT_H
#define VGW_OUTPUT_H

#include "term.h"

struct output;
struct session;

enum output_filter_kind {
	OUTPUT_FILTER_NONE,
	OUTPUT_FILTER_INCLUDE,
	OUTPUT_FILTER_EXCLUDE,
	OUTPUT_FILTER_BEGIN,
	OUTPUT_FILTER_SECTION,
	OUTPUT_FILTER_SECTION_EXCLUDE,
	OUTPUT_FILTER_COUNT
};

struct output	*output_new(struct term *dev, struct session *);
void		 output_free(struct output *);
/* The term handlers see. */
struct term	*output_term(struct output *);
struct term	*output_device(struct output *);
/* Starts a command's output: resets the page count and sets its filter
 * (regex already checked with output_filter_check). */
void		 output_begin(struct output *, enum output_filter_kind,
		    const char *regex);
/* Ends a command's output: flushes a partial line, prints the count. */
void		 output_end(struct output *);
/* 0 when regex compiles (POSIX extended, as IOS regular expressions)
 * within the bounds of filter_regex.c. */
int		 output_filter_check(const char *regex);
/* 0 when regex stays within those bounds (filter_regex.c). */
int		 output_filter_bounded(const char *regex);
/* Writes a partial line still held (before a log message). */
void		 output_flush(struct output *);
/* --More-- is showing. */
int		 output_paused(const struct output *);
/* The key pressed at --More--. */
void		 output_more_key(struct output *, int key);
/* Before a question's prompt: everything held or queued is shown. */
void		 output_question(struct output *);
/* Drops all output (a session going away). */
void		 output_mute(struct output *, int on);

#endif
