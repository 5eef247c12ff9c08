/*
 * The output path of a session: line splitting, the `|` filters and the
 * --More-- pager, in front of the device term. Filters see whole lines
 * only; a partial line is held until its newline, a question or the end of
 * the command. The pager never waits: at a full page it shows --More--
 * and keeps what follows in a queue (FRR's vty_out/vty_flush), which the
 * next key releases. Nothing here knows what a command means.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "sbuf.h"
#include "session_int.h"
#include "xmalloc.h"

struct output {
	struct term		 term;		/* what handlers write to */
	struct term		*dev;
	struct session		*session;
	enum output_filter_kind	 filter;
	regex_t			 re;
	int			 re_set;
	int			 began;		/* `begin` has seen its line */
	long			 count;		/* `count` matches */
	struct sbuf		 section;	/* `section`: the block being read */
	int			 section_match;
	struct sbuf		 partial;	/* text after the last newline */
	int			 page_lines;	/* lines since the last --More-- */
	int			 discard;	/* `q` at --More--: drop the rest */
	int			 muted;		/* a session going away */
	int			 paused;	/* --More-- shown, waiting */
	struct sbuf		 queue;		/* whole lines after --More-- */
	size_t			 queue_off;	/* next one to show */
};

static void	output_term_write(struct term *, const char *, size_t);

static const struct term_ops output_ops = {
	output_term_write
};

struct output *
output_new(struct term *dev, struct session *s)
{
	struct output	*o;

	o = xcalloc(1, sizeof *o);
	o->term.ops = &output_ops;
	o->term.impl = o;
	o->term.width = dev->width != 0 ? dev->width : 80;
	o->dev = dev;
	o->session = s;
	sbuf_init(&o->section);
	sbuf_init(&o->partial);
	sbuf_init(&o->queue);
	return o;
}

void
output_free(struct output *o)
{
	if (o == NULL)
		return;
	if (o->re_set)
		regfree(&o->re);
	sbuf_free(&o->section);
	sbuf_free(&o->partial);
	sbuf_free(&o->queue);
	free(o);
}

struct term *
output_term(struct output *o)
{
	return &o->term;
}

struct term *
output_device(struct output *o)
{
	return o->dev;
}

static int
output_pager_on(struct output *o)
{
	return o->session != NULL && o->session->io.pager &&
	    o->session->term_length > 1;
}

static void
output_dev_write(struct output *o, const char *s, size_t n)
{
	if (!o->muted)
		term_write(o->dev, s, n);
}

void
output_mute(struct output *o, int on)
{
	o->muted = on;
}

int
output_paused(const struct output *o)
{
	return o->paused;
}

int
output_filter_check(const char *regex)
{
	regex_t	 re;

	if (output_filter_bounded(regex) != 0 ||
	    regcomp(&re, regex, REG_EXTENDED | REG_NOSUB) != 0)
		return -1;
	regfree(&re);
	return 0;
}

void
output_begin(struct output *o, enum output_filter_kind kind, const char *regex)
{
	if (o->re_set)
		regfree(&o->re);
	o->re_set = 0;
	o->filter = OUTPUT_FILTER_NONE;
	if (kind != OUTPUT_FILTER_NONE && regex != NULL &&
	    regcomp(&o->re, regex, REG_EXTENDED | REG_NOSUB) == 0) {
		o->re_set = 1;
		o->filter = kind;
	}
	o->began = 0;
	o->count = 0;
	o->section_match = 0;
	sbuf_reset(&o->section);
	sbuf_reset(&o->partial);
	o->page_lines = 0;
	o->discard = 0;
	o->paused = 0;
	sbuf_reset(&o->queue);
	o->queue_off = 0;
}

/* How many screen lines a line of n characters takes (terminal width). */
static int
output_screen_lines(struct output *o, size_t n)
{
	int	 width = o->session != NULL ? o->session->term_width : 0;

	if (width <= 0 || n <= (size_t)width)
		return 1;
	return (int)((n + width - 1) / width);
}

/*
 * IOS pauses after length - 1 lines, so the --More-- line itself keeps the
 * screen full; space shows the next page, Enter one more line, anything
 * else ends the output. While paused, lines wait in the queue.
 */
static void
output_page(struct output *o, const char *line, size_t n)
{
	int	 length = o->session != NULL ? o->session->term_length : 0;

	if (o->discard)
		return;
	if (o->paused) {
		sbuf_add(&o->queue, line, n);
		return;
	}
	if (output_pager_on(o) && o->page_lines >= length - 1) {
		o->paused = 1;
		output_dev_write(o, " --More-- ", 10);
		sbuf_add(&o->queue, line, n);
		return;
	}
	output_dev_write(o, line, n);
	o->page_lines += output_screen_lines(o, n > 0 ? n - 1 : 0);
}

/* Shows queued lines until the page is full again or the queue is empty. */
static void
output_queue_release(struct output *o)
{
	int		 length = o->session->term_length;
	const char	*line, *nl;
	size_t		 n;

	while (o->queue_off < o->queue.len) {
		if (output_pager_on(o) && o->page_lines >= length - 1) {
			o->paused = 1;
			output_dev_write(o, " --More-- ", 10);
			return;
		}
		line = o->queue.data + o->queue_off;
		n = o->queue.len - o->queue_off;
		if ((nl = memchr(line, '\n', n)) != NULL)
			n = nl - line + 1;
		o->queue_off += n;
		output_dev_write(o, line, n);
		o->page_lines += output_screen_lines(o, n > 0 ? n - 1 : 0);
	}
	sbuf_reset(&o->queue);
	o->queue_off = 0;
}

void
output_more_key(struct output *o, int key)
{
	int	 length = o->session != NULL ? o->session->term_length : 0;

	if (!o->paused)
		return;
	o->paused = 0;
	/* Erase the prompt as IOS does with backspaces. */
	output_dev_write(o, "\r          \r", 12);
	if (key == ' ')
		o->page_lines = 0;
	else if (key == '\n' || key == '\r')
		o->page_lines = length - 2;
	else {
		o->discard = 1;
		sbuf_reset(&o->queue);
		o->queue_off = 0;
		return;
	}
	output_queue_release(o);
}

/* A question shows everything before it: the user answers what he sees. */
void
output_question(struct output *o)
{
	output_flush(o);
	if (o->paused) {
		o->paused = 0;
		output_dev_write(o, "\r          \r", 12);
		output_dev_write(o, o->queue.data + o->queue_off,
		    o->queue.len - o->queue_off);
		sbuf_reset(&o->queue);
		o->queue_off = 0;
	}
	o->page_lines = 0;
}

static int
output_matches(struct output *o, const char *line, size_t n)
{
	char	*copy;
	int	 rc;

	/* regexec wants a C string without the newline. */
	if (n > 0 && line[n - 1] == '\n')
		n--;
	copy = xstrndup(line, n);
	rc = regexec(&o->re, copy, 0, NULL, 0) == 0;
	free(copy);
	return rc;
}

/* A `section` block is a line without indentation and the indented lines
 * after it; it is shown whole when any of its lines matches. */
static void
output_section_flush(struct output *o)
{
	int	 show;

	if (o->section.len == 0)
		return;
	show = o->section_match;
	if (o->filter == OUTPUT_FILTER_SECTION_EXCLUDE)
		show = !show;
	if (show)
		output_page(o, o->section.data, o->section.len);
	sbuf_reset(&o->section);
	o->section_match = 0;
}

static void
output_section_line(struct output *o, const char *line, size_t n)
{
	if (line[0] != ' ' && line[0] != '\t')
		output_section_flush(o);
	if (output_matches(o, line, n))
		o->section_match = 1;
	sbuf_add(&o->section, line, n);
}

/* One whole line (with its newline, except at the end of a command). */
static void
output_line(struct output *o, const char *line, size_t n)
{
	switch (o->filter) {
	case OUTPUT_FILTER_NONE:
		output_page(o, line, n);
		break;
	case OUTPUT_FILTER_INCLUDE:
		if (output_matches(o, line, n))
			output_page(o, line, n);
		break;
	case OUTPUT_FILTER_EXCLUDE:
		if (!output_matches(o, line, n))
			output_page(o, line, n);
		break;
	case OUTPUT_FILTER_BEGIN:
		if (!o->began && output_matches(o, line, n))
			o->began = 1;
		if (o->began)
			output_page(o, line, n);
		break;
	case OUTPUT_FILTER_SECTION:
	case OUTPUT_FILTER_SECTION_EXCLUDE:
		output_section_line(o, line, n);
		break;
	case OUTPUT_FILTER_COUNT:
		if (output_matches(o, line, n))
			o->count++;
		break;
	}
}

static void
output_term_write(struct term *t, const char *s, size_t n)
{
	struct output	*o = t->impl;
	const char	*nl;
	size_t		 len;

	/* Without filter or pager, lines need no cutting: the fast path of
	 * a configuration loaded through script mode. */
	if (o->filter == OUTPUT_FILTER_NONE && !output_pager_on(o) &&
	    o->partial.len == 0 && !o->paused) {
		if (!o->discard)
			output_dev_write(o, s, n);
		return;
	}
	while (n > 0) {
		if ((nl = memchr(s, '\n', n)) == NULL) {
			sbuf_add(&o->partial, s, n);
			return;
		}
		len = nl - s + 1;
		if (o->partial.len != 0) {
			sbuf_add(&o->partial, s, len);
			output_line(o, o->partial.data, o->partial.len);
			sbuf_reset(&o->partial);
		} else
			output_line(o, s, len);
		s += len;
		n -= len;
	}
}

void
output_flush(struct output *o)
{
	if (o->partial.len == 0)
		return;
	if (o->filter == OUTPUT_FILTER_NONE)
		output_page(o, o->partial.data, o->partial.len);
	else
		output_line(o, o->partial.data, o->partial.len);
	sbuf_reset(&o->partial);
}

void
output_end(struct output *o)
{
	char	 buf[80];

	output_flush(o);
	if (o->filter == OUTPUT_FILTER_SECTION ||
	    o->filter == OUTPUT_FILTER_SECTION_EXCLUDE)
		output_section_flush(o);
	if (o->filter == OUTPUT_FILTER_COUNT) {
		snprintf(buf, sizeof buf,
		    "Number of lines which match regexp = %ld\n", o->count);
		if (o->paused)
			sbuf_puts(&o->queue, buf);
		else
			output_dev_write(o, buf, strlen(buf));
	}
	/* The filter ends with the command; lines still queued behind
	 * --More-- stay for the next key. */
	if (o->re_set)
		regfree(&o->re);
	o->re_set = 0;
	o->filter = OUTPUT_FILTER_NONE;
	sbuf_reset(&o->section);
}
