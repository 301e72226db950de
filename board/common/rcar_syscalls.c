/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib-nano glue for the R-Car RT-core images: stdout to the SCIF, a
 * bounded heap for stdio's buffers (the library itself never allocates),
 * and _exit parks the core (there is no host to return to).
 */
#include <errno.h>
#include <stddef.h>
#include <sys/stat.h>

#include "rcar_scif.h"

int _write(int fd, const char *buf, int len);
void *_sbrk(ptrdiff_t incr);
void _exit(int status);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);

int _write(int fd, const char *buf, int len)
{
	(void)fd;
	for (int i = 0; i < len; i++) {
		if (buf[i] == '\n')
			rcar_scif_putc('\r');
		rcar_scif_putc(buf[i]);
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

void _exit(int status)
{
	(void)status;
	for (;;)
		__asm__ volatile("wfi");
}

int _fstat(int fd, struct stat *st)
{
	(void)fd;
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd)
{
	(void)fd;
	return 1;
}
