/* SPDX-License-Identifier: BSD-3-Clause */
/* PL011 output and a printf just large enough for the images' reports:
 * the AArch64 cross toolchain has no freestanding C library. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "board.h"

#define PL011_DR 0x00u
#define PL011_FR 0x18u
#define PL011_FR_TXFF (1u << 5)

void qemu_a64_putc(char c)
{
	volatile uint32_t *fr = (volatile uint32_t *)(uintptr_t)(QEMU_A64_UART_BASE + PL011_FR);
	volatile uint32_t *dr = (volatile uint32_t *)(uintptr_t)(QEMU_A64_UART_BASE + PL011_DR);

	if (c == '\n')
		qemu_a64_putc('\r');
	while (*fr & PL011_FR_TXFF)
		;
	*dr = (uint32_t)(unsigned char)c;
}

void qemu_a64_puts(const char *s)
{
	while (*s)
		qemu_a64_putc(*s++);
}

struct spec {
	unsigned int width;
	bool zero;
	bool alt;
	bool left;
};

static int emit_num(uint64_t v, unsigned int base, bool neg, const struct spec *sp)
{
	static const char digits[] = "0123456789abcdef";
	char buf[24];
	unsigned int n = 0, len, pad;
	int out = 0;

	do {
		buf[n++] = digits[v % base];
		v /= base;
	} while (v);
	len = n + (neg ? 1u : 0u) + (sp->alt ? 2u : 0u);
	pad = sp->width > len ? sp->width - len : 0u;
	if (!sp->zero && !sp->left)
		for (; pad; pad--, out++)
			qemu_a64_putc(' ');
	if (neg)
		qemu_a64_putc('-');
	if (sp->alt) {
		qemu_a64_putc('0');
		qemu_a64_putc('x');
	}
	if (sp->zero)
		for (; pad; pad--, out++)
			qemu_a64_putc('0');
	while (n)
		qemu_a64_putc(buf[--n]);
	for (; pad; pad--, out++)
		qemu_a64_putc(' ');
	return out + (int)len;
}

static int emit_str(const char *s, const struct spec *sp)
{
	unsigned int len = 0, pad;
	int out = 0;

	if (!s)
		s = "(null)";
	while (s[len])
		len++;
	pad = sp->width > len ? sp->width - len : 0u;
	if (!sp->left)
		for (; pad; pad--, out++)
			qemu_a64_putc(' ');
	qemu_a64_puts(s);
	for (; pad; pad--, out++)
		qemu_a64_putc(' ');
	return out + (int)len;
}

int qemu_a64_vprintf(const char *fmt, va_list ap)
{
	int out = 0;

	for (; *fmt; fmt++) {
		struct spec sp = {0, false, false, false};
		unsigned int lng = 0;
		uint64_t u;

		if (*fmt != '%') {
			qemu_a64_putc(*fmt);
			out++;
			continue;
		}
		for (fmt++;; fmt++) {
			if (*fmt == '0')
				sp.zero = true;
			else if (*fmt == '#')
				sp.alt = true;
			else if (*fmt == '-')
				sp.left = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp.width = sp.width * 10u + (unsigned int)(*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd': {
			int64_t v = lng ? va_arg(ap, long) : va_arg(ap, int);

			out += emit_num(v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, 10u, v < 0, &sp);
			break;
		}
		case 'u':
		case 'x':
			u = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			out += emit_num(u, *fmt == 'u' ? 10u : 16u, false, &sp);
			break;
		case 'p':
			sp.alt = true;
			out += emit_num((uintptr_t)va_arg(ap, void *), 16u, false, &sp);
			break;
		case 's':
			out += emit_str(va_arg(ap, const char *), &sp);
			break;
		case 'c':
			qemu_a64_putc((char)va_arg(ap, int));
			out++;
			break;
		case '%':
			qemu_a64_putc('%');
			out++;
			break;
		default:
			return out; /* unknown conversion: stop, as a marker */
		}
	}
	return out;
}

int qemu_a64_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = qemu_a64_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = qemu_a64_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}
