/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bounded text building without stdio: the one-line fault text, register
 * names, plan diagnostics and the isolation report are all built this way,
 * into caller buffers, always NUL-terminated.
 */
#ifndef IPMMU_TEXT_H
#define IPMMU_TEXT_H

#include <ipmmu/types.h>

struct ipfw_text {
	char *buf;
	size_t len;    /* bytes in buf, NUL included */
	size_t pos;
	bool overflow; /* something did not fit */
};

/* Start writing into buf[len] (len may be 0: everything overflows). */
void ipfw_text_init(struct ipfw_text *t, char *buf, size_t len);
void ipfw_text_str(struct ipfw_text *t, const char *s);
void ipfw_text_dec(struct ipfw_text *t, uint32_t v);
/* "0x" and `digits` hex digits, upper or lower case. */
void ipfw_text_hex(struct ipfw_text *t, uint64_t v, unsigned int digits, bool upper);
/* Terminate: the length, or IPFW_E_NOSPACE when something was cut. */
int ipfw_text_end(struct ipfw_text *t);

/* NULL-safe string equality, and a truncating copy that always terminates. */
bool ipfw_streq(const char *a, const char *b);
void ipfw_strlcpy(char *dst, const char *src, size_t len);

/*
 * The strings of a NUL-separated list (a compatible property: list and
 * len as fdt_getprop() gives them), one a call, in order. *pos is where
 * the next string starts (0 for the first). Returns that string, its
 * length in *n, and moves *pos past its NUL; NULL at the end of the list.
 * A last string without its NUL is no string: the list ends before it.
 * Every reader of compatible lists takes its strings this way.
 */
const char *ipfw_strlist_next(const char *list, int len, int *pos, int *n);

#endif /* IPMMU_TEXT_H */
