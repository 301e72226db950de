/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The newlib-nano system calls every board image needs: stdout to the
 * board's console (board_console_putc), a bounded heap for stdio's buffers
 * between __heap_start and __heap_end (the library itself never allocates),
 * and a terminal for fstat/isatty. Each board provides board_console_putc()
 * and _exit(); everything else comes from nosys.specs.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/stat.h>

#include "newlib_glue.h"

int _write(int fd, const char *buf, int len);
void *_sbrk(ptrdiff_t incr);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);

int _write(int fd, const char *buf, int len)
{
	(void)fd;
	for (int i = 0; i < len; i++) {
		if (buf[i] == '\n')
			board_console_putc('\r');
		board_console_putc(buf[i]);
	}
	return len;
}

extern char __heap_start[];
extern char __heap_end[];

void *_sbrk(ptrdiff_t incr)
{
	static char *brk = __heap_start;
	char *prev = brk;

	if (incr < 0 || __heap_end - brk < incr) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk += incr;
	return prev;
}

int _fstat(int fd, struct stat *st)
{
	(void)fd;
	st->st_mode = S_IFCHR; /* a terminal: line-buffered stdout */
	return 0;
}

int _isatty(int fd)
{
	(void)fd;
	return 1;
}
