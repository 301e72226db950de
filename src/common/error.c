/* SPDX-License-Identifier: BSD-3-Clause */
#include <ipmmu/error.h>

struct ipfw_err_desc {
	int code;
	const char *name;
	const char *text;
};

static const struct ipfw_err_desc ipfw_err_table[] = {
#define IPFW_ERR_ROW_(name, value, text) {(value), #name, (text)},
	IPFW_ERROR_LIST(IPFW_ERR_ROW_)
#undef IPFW_ERR_ROW_
};

static const struct ipfw_err_desc *ipfw_err_find(int err)
{
	for (unsigned int i = 0; i < sizeof(ipfw_err_table) / sizeof(ipfw_err_table[0]); i++) {
		if (ipfw_err_table[i].code == err)
			return &ipfw_err_table[i];
	}
	return 0;
}

const char *ipfw_errname(int err)
{
	const struct ipfw_err_desc *d = ipfw_err_find(err);

	return d ? d->name : "IPFW_E_?";
}

const char *ipfw_strerror(int err)
{
	const struct ipfw_err_desc *d = ipfw_err_find(err);

	return d ? d->text : "unknown error";
}
