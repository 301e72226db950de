/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared helpers for the dt tests: load a DTB built by CMake, walk it. */
#ifndef IPFW_DT_TEST_UTIL_H
#define IPFW_DT_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <ipmmu/dt.h>
#include <ipmmu/error.h>
#include "dtb_file.h"

#define T_PHANDLES 1024
#define T_IPMMUS 64
#define T_MASTERS 256
#define T_SPECS 1024
#define T_MAPS 64
#define T_REFS 1024

struct t_dt {
	void *blob;
	struct ipfw_dt_node_info slots[T_PHANDLES];
	struct ipfw_dt_index idx;
	struct ipfw_dt_ipmmu ipmmus[T_IPMMUS];
	struct ipfw_dt_master masters[T_MASTERS];
	struct ipfw_dt_spec specs[T_SPECS];
	struct ipfw_dt_map_entry maps[T_MAPS];
	struct ipfw_dt_ref refs[T_REFS];
	struct ipfw_dt_result res;
	struct ipfw_dt_diag diag;
};

static inline void *t_load(const char *name)
{
	return ipfw_test_load_dtb(IPFW_DT_DTB_DIR, name);
}

/* Load name.dtb into t (heap) and walk it with cfg; returns the walk's code. */
static inline int t_walk(struct t_dt *t, const char *name, const struct ipfw_dt_config *cfg)
{
	t->blob = t_load(name);
	t->idx = (struct ipfw_dt_index){.slots = t->slots, .cap = T_PHANDLES};
	t->res = (struct ipfw_dt_result){
		.ipmmus = t->ipmmus, .ipmmus_cap = T_IPMMUS,
		.masters = t->masters, .masters_cap = T_MASTERS,
		.specs = t->specs, .specs_cap = T_SPECS,
		.maps = t->maps, .maps_cap = T_MAPS,
		.refs = t->refs, .refs_cap = T_REFS,
	};
	memset(&t->diag, 0x5a, sizeof(t->diag));
	return ipfw_dt_walk(t->blob, cfg, &t->idx, &t->res, &t->diag);
}

static inline struct t_dt *t_new(void)
{
	struct t_dt *t = calloc(1, sizeof(*t));

	if (!t)
		abort();
	return t;
}

static inline void t_free(struct t_dt *t)
{
	free(t->blob);
	free(t);
}

/* A node's path in blob, in one of eight rotating buffers ("" when none). */
static inline const char *t_node_path(const void *blob, int node)
{
	static char buf[8][512];
	static unsigned int next;
	char *b = buf[next++ % 8u];

	b[0] = '\0';
	if (node >= 0)
		(void)ipfw_dt_path(blob, node, b, sizeof(buf[0]));
	return b;
}

static inline const char *t_path(const struct t_dt *t, int node)
{
	return t_node_path(t->blob, node);
}

/* resets[i] and clocks[i] of master m, from the walk's refs */
#define T_RESET(t, m, i) ((t)->res.refs[(m)->first_ref + (i)])
#define T_CLOCK(t, m, i) ((t)->res.refs[(m)->first_ref + (m)->nresets + (i)])

static inline int t_ipmmu(const struct t_dt *t, const char *path)
{
	for (size_t i = 0; i < t->res.nipmmus; i++) {
		if (!strcmp(t_path(t, t->res.ipmmus[i].node), path))
			return (int)i;
	}
	return -1;
}

#endif /* IPFW_DT_TEST_UTIL_H */
