/* SPDX-License-Identifier: BSD-3-Clause */
#include <ipmmu/error.h>

/*
 * One array of codes and two packed string tables (names, texts), each the
 * strings of IPFW_ERROR_LIST in order, NUL-separated: a lookup finds the
 * code's position and skips that many strings. No pointer per entry (a
 * bootloader pays bytes for each), and a bootloader printing only names
 * (ipfw_errname) links none of the sentences (ipfw_strerror).
 */
/* Every code fits the signed char array (a division by zero otherwise). */
enum {
#define IPFW_ERR_FITS_(name, value, text) IPFW_ERR_FITS_##name = 1 / ((value) >= -128 && (value) <= 127),
	IPFW_ERROR_LIST(IPFW_ERR_FITS_)
#undef IPFW_ERR_FITS_
};

static const signed char ipfw_err_codes[] = {
#define IPFW_ERR_CODE_(name, value, text) (value),
	IPFW_ERROR_LIST(IPFW_ERR_CODE_)
#undef IPFW_ERR_CODE_
};

static const char ipfw_err_names[] =
#define IPFW_ERR_NAME_(name, value, text) #name "\0"
	IPFW_ERROR_LIST(IPFW_ERR_NAME_)
#undef IPFW_ERR_NAME_
	;

static const char ipfw_err_texts[] =
#define IPFW_ERR_TEXT_(name, value, text) text "\0"
	IPFW_ERROR_LIST(IPFW_ERR_TEXT_)
#undef IPFW_ERR_TEXT_
	;

static const char *ipfw_err_find(const char *strings, int err, const char *none)
{
	for (unsigned int i = 0; i < sizeof(ipfw_err_codes); i++) {
		if (ipfw_err_codes[i] == err)
			return strings;
		while (*strings++ != '\0')
			;
	}
	return none;
}

const char *ipfw_errname(int err)
{
	return ipfw_err_find(ipfw_err_names, err, "IPFW_E_?");
}

const char *ipfw_strerror(int err)
{
	return ipfw_err_find(ipfw_err_texts, err, "unknown error");
}
