/* SPDX-License-Identifier: BSD-3-Clause */
/* IPMMU model: register names for MMIO traces ("ipmmu_ds1 IMUCTR(32)"). */
#include "model_internal.h"

struct strbuf {
	char *buf;
	size_t len;
	size_t pos; /* length of the full string, even past len */
};

static void sb_putc(struct strbuf *s, char c)
{
	if (s->buf && s->pos + 1 < s->len)
		s->buf[s->pos] = c;
	s->pos++;
}

static void sb_puts(struct strbuf *s, const char *str)
{
	while (*str)
		sb_putc(s, *str++);
}

static void sb_putdec(struct strbuf *s, unsigned int v)
{
	char tmp[10];
	unsigned int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v);
	while (n)
		sb_putc(s, tmp[--n]);
}

static void sb_puthex(struct strbuf *s, uintptr_t v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[2 * sizeof(uintptr_t)];
	unsigned int n = 0;

	sb_puts(s, "0x");
	do {
		tmp[n++] = digits[v & 0xFu];
		v >>= 4;
	} while (v);
	while (n)
		sb_putc(s, tmp[--n]);
}

int ipfw_model_regname(const struct ipfw_model *m, uintptr_t addr, char *buf, size_t len)
{
	struct strbuf s = {buf, len, 0};
	struct model_decoded d;
	uint32_t off;
	int i;

	if (!m)
		return IPFW_MODEL_EINVAL;
	i = ipfw_model_find(m, addr, &off);
	if (i < 0) {
		sb_puthex(&s, addr);
	} else {
		sb_puts(&s, m->inst[i].name);
		sb_putc(&s, ' ');
		model_decode(&m->cfg, off, &d);
		if (d.reg == MREG_NONE) {
			sb_putc(&s, '+');
			sb_puthex(&s, off);
		} else {
			sb_puts(&s, model_reg_name(d.reg));
			if (model_reg_is_ctx(d.reg) || model_reg_is_utlb(d.reg)) {
				sb_putc(&s, '(');
				sb_putdec(&s, d.idx);
				sb_putc(&s, ')');
			}
		}
	}
	if (buf && len)
		buf[s.pos < len ? s.pos : len - 1] = '\0';
	return (int)s.pos;
}
