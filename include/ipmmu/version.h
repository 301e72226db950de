/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef IPMMU_VERSION_H
#define IPMMU_VERSION_H

/* The single source of the version: CMake reads these three lines. */
#define IPFW_VERSION_MAJOR 0
#define IPFW_VERSION_MINOR 1
#define IPFW_VERSION_PATCH 0

#define IPFW_STR_(x) #x
#define IPFW_XSTR_(x) IPFW_STR_(x)
#define IPFW_VERSION_STRING                                                     \
	IPFW_XSTR_(IPFW_VERSION_MAJOR)                                              \
	"." IPFW_XSTR_(IPFW_VERSION_MINOR) "." IPFW_XSTR_(IPFW_VERSION_PATCH)

/* "ipmmu-fw 0.1.0", also useful to find the library in a binary. */
const char *ipfw_version(void);

#endif /* IPMMU_VERSION_H */
