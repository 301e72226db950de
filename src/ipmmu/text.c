/* SPDX-License-Identifier: BSD-3-Clause */
/* Minimal string formatting for register names and fault lines. */
#include <ipmmu/error.h>

#include "ipmmu_priv.h"

void ipfw_ipmmu_text_init(struct ipfw_ipmmu_text *t, char *buf, size_t len)
{
	t->buf = buf;
	t->len = len;
	t->pos = 0;
	t->overflow = false;
}

static void text_putc(struct ipfw_ipmmu_text *t, char c)
{
	/* Keep one byte for the terminating NUL. */
	if (t->pos + 1 < t->len)
		t->buf[t->pos++] = c;
	else
		t->overflow = true;
}

void ipfw_ipmmu_text_str(struct ipfw_ipmmu_text *t, const char *s)
{
	while (s && *s)
		text_putc(t, *s++);
}

void ipfw_ipmmu_text_hex(struct ipfw_ipmmu_text *t, uint64_t v, unsigned int digits)
{
	static const char hex[] = "0123456789ABCDEF";

	text_putc(t, '0');
	text_putc(t, 'x');
	while (digits-- > 0)
		text_putc(t, hex[(v >> (4u * digits)) & 0xFu]);
}

void ipfw_ipmmu_text_dec(struct ipfw_ipmmu_text *t, unsigned int v)
{
	char tmp[10];
	unsigned int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v && n < sizeof(tmp));
	while (n > 0)
		text_putc(t, tmp[--n]);
}

int ipfw_ipmmu_text_end(struct ipfw_ipmmu_text *t)
{
	t->buf[t->pos] = '\0';
	return t->overflow ? IPFW_E_NOSPACE : (int)t->pos;
}

bool ipfw_ipmmu_streq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}
