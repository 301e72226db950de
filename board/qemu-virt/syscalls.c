/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The newlib-nano system calls the image needs: console output to the
 * PL011, a bounded heap for stdio's buffers (the library itself never
 * allocates), and exit through semihosting. Everything else comes from
 * nosys.specs.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "board.h"

volatile struct qemu_virt_fault_info qemu_virt_fault;

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
			qemu_virt_uart_putc('\r');
		qemu_virt_uart_putc(buf[i]);
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
	qemu_virt_exit(status);
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
