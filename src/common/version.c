/* SPDX-License-Identifier: BSD-3-Clause */
#include <ipmmu/version.h>

const char *ipfw_version(void)
{
	return "ipmmu-fw " IPFW_VERSION_STRING;
}
