/* SPDX-License-Identifier: BSD-3-Clause */
#include <ipmmu/error.h>
#include <ipmmu/text.h>

void ipfw_text_init(struct ipfw_text *t, char *buf, size_t len)
{
	t->buf = buf;
	t->len = len;
	t->pos = 0;
	t->overflow = false;
	if (len)
		buf[0] = '\0';
}

static void text_putc(struct ipfw_text *t, char c)
{
	/* Keep one byte for the terminating NUL. */
	if (t->pos + 1 < t->len) {
		t->buf[t->pos++] = c;
		t->buf[t->pos] = '\0';
	} else {
		t->overflow = true;
	}
}

void ipfw_text_str(struct ipfw_text *t, const char *s)
{
	while (s && *s)
		text_putc(t, *s++);
}

void ipfw_text_dec(struct ipfw_text *t, uint32_t v)
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

void ipfw_text_hex(struct ipfw_text *t, uint64_t v, unsigned int digits, bool upper)
{
	const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	text_putc(t, '0');
	text_putc(t, 'x');
	while (digits-- > 0)
		text_putc(t, hex[(v >> (4u * digits)) & 0xFu]);
}

int ipfw_text_end(struct ipfw_text *t)
{
	if (!t->len)
		return IPFW_E_NOSPACE;
	t->buf[t->pos] = '\0';
	return t->overflow ? IPFW_E_NOSPACE : (int)t->pos;
}

bool ipfw_streq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

void ipfw_strlcpy(char *dst, const char *src, size_t len)
{
	size_t i = 0;

	if (!len)
		return;
	for (; src && src[i] && i + 1 < len; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}
