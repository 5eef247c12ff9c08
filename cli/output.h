/*
 * The output path of a session: the struct term every handler writes to.
 * It cuts output into lines, applies the `| include|exclude|begin|section|
 * count` filter of the command being run, pages with --More-- after
 * `terminal length` lines, and passes what is left to the device term (the
 * console, script output, or a test buffer). Knows no command.
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

/*
 * Shows prompt (" --More-- ") and reads one key: returns ' ' (next page),
 * '\n' (one more line), 'q' (stop), or -1 at end of input (stop). The
 * terminal is set up before the prompt shows, so a fast key is not echoed.
 */
typedef int (*output_more_fn)(void *arg, const char *prompt);

struct output	*output_new(struct term *dev, struct session *);
void		 output_free(struct output *);
/* The term handlers see. */
struct term	*output_term(struct output *);
struct term	*output_device(struct output *);
void		 output_set_pager(struct output *, output_more_fn, void *arg);
/* Starts a command's output: resets the page count and sets its filter
 * (regex already checked with output_filter_check). */
void		 output_begin(struct output *, enum output_filter_kind,
		    const char *regex);
/* Ends a command's output: flushes a partial line, prints the count. */
void		 output_end(struct output *);
/* 0 when regex compiles (POSIX extended, as IOS regular expressions). */
int		 output_filter_check(const char *regex);
/* Writes a partial line still held (before a question or a log message). */
void		 output_flush(struct output *);

#endif
