/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `ipmmu-dt plan --trace-mmio`: the boot flow's hold, program, verify and
 * release run against the behavioural IPMMU model (tests/model) and CPG
 * model (tests/support) behind the test bus; every register write is
 * printed as it happens, named by the model (IPMMU) or the CPG layout.
 */
#include "plan_output.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <ipmmu/boot.h>
#include <ipmmu/boot_rcar.h>
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>

#include "cpg_model.h"
#include "ipmmu_model.h"
#include "mmio_bus.h"

/* Large: they hold every instance's registers and the whole boot state. */
static struct ipfw_model model;
static struct ipfw_cpg_model cpg;
static struct ipfw_boot boot;
static struct ipfw_ipmmu_flow ipmmu_state;
static struct ipfw_boot_rcar rcar;
static struct ipfw_model_ram ram;

struct tracer {
	FILE *out;
	bool have_cpg;
	unsigned long writes;
};

/* "SRCR2", "SMSTPCR5", ... for an offset in the CPG window; "" if none. */
static void cpg_regname(uint32_t off, uint32_t val, char *buf, size_t len)
{
	const bool gen4 = rcar.cpg.layout == IPFW_CPG_GEN4;
	struct ipfw_cpg_regs r;

	buf[0] = '\0';
	for (uint32_t n = 0; ipfw_cpg_regs(rcar.cpg.layout, n, &r) == IPFW_OK; n++) {
		const char *name = NULL;
		size_t pos;

		if (off == r.stop_ctl)
			name = gen4 ? "MSTPCR" : "SMSTPCR";
		else if (off == r.stop_stat)
			name = "MSTPSR";
		else if (off == r.reset)
			name = "SRCR";
		else if (off == r.reset_clr)
			name = "SRSTCLR";
		if (!name)
			continue;
		snprintf(buf, len, "cpg %s%" PRIu32, name, n);
		/* reset writes act on their 1 bits: name the modules */
		if (off != r.reset && off != r.reset_clr)
			return;
		pos = strlen(buf);
		for (unsigned int b = 0; b < 32 && pos < len; b++) {
			int k;

			if (!(val & (1u << b)))
				continue;
			k = snprintf(buf + pos, len - pos, " %s %" PRIu32,
				     off == r.reset ? "hold" : "release", n * 100u + b);
			pos += k > 0 ? (size_t)k : 0;
		}
		return;
	}
}

static void observe(void *ctx, const struct ipfw_bus_access *a)
{
	struct tracer *t = ctx;
	char name[160] = "";
	uint32_t off;

	if (a->op != IPFW_BUS_WRITE)
		return;
	t->writes++;
	if (ipfw_model_find(&model, a->addr, &off) >= 0)
		(void)ipfw_model_regname(&model, a->addr, name, sizeof(name));
	else if (t->have_cpg && a->addr >= cpg.base && a->addr - cpg.base < 0x4000u)
		cpg_regname((uint32_t)(a->addr - cpg.base), a->val, name, sizeof(name));
	fprintf(t->out, "0x%08" PRIxPTR " <- 0x%08" PRIx32 "%s%s%s\n", a->addr, a->val,
		name[0] ? "  " : "", name, a->faulted ? "  (bus fault)" : "");
}

static int model_index(uint64_t base)
{
	uint32_t off;

	return ipfw_model_find(&model, (uintptr_t)base, &off);
}

/* Roots first: a cache names its root by model index. */
static int add_instances(const struct ipfw_plan *plan, FILE *err, const char *file)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < plan->ninst; i++) {
			const struct ipfw_plan_inst *pi = &plan->inst[i];
			bool root = pi->root == IPFW_IPMMU_IS_ROOT;
			int r = -1;

			if (!pi->usable || root != (pass == 0))
				continue;
			if (!root)
				r = model_index(plan->inst[pi->root].base);
			if (ipfw_model_add_instance(&model, pi->name, (uintptr_t)pi->base, r) < 0) {
				fprintf(err, "ipmmu-dt: %s: %s: the IPMMU model cannot hold this "
					     "instance\n", file, pi->name);
				return -1;
			}
		}
	}
	return ipfw_model_attach(&model);
}

/* Without a CPG the board's hooks are unknown: release does nothing. */
static int release_nothing(void *ctx, const struct ipfw_plan_master *m)
{
	(void)ctx;
	(void)m;
	return 0;
}

static int step(FILE *err, const char *file, const char *what, int r)
{
	if (r)
		fprintf(err, "ipmmu-dt: %s: %s on the model: %s (%s)\n", file, what, ipfw_errname(r),
			ipfw_strerror(r));
	return r != 0;
}

int plan_trace_mmio(FILE *out, FILE *err, const char *file, const void *fdt,
		    const struct ipfw_plan *plan, uint32_t pool_tables, uint64_t pool_pa)
{
	struct tracer t = {.out = out};
	struct ipfw_boot_hooks hooks = {.release = release_nothing, .drivers[IPFW_IOMMU_IPMMU] = IPFW_IPMMU_DRIVER(&ipmmu_state)};
	struct ipfw_boot_pool pool;
	enum ipfw_model_gen gen = IPFW_MODEL_GEN3;
	size_t bytes = (size_t)pool_tables * IPFW_LPAE_TABLE_SIZE;
	void *mem;
	int failed = 0;

	for (size_t i = 0; i < plan->ninst; i++) {
		if (plan->inst[i].usable && ((const struct ipfw_soc *)plan->inst[i].hw.hw)->gen == 4)
			gen = IPFW_MODEL_GEN4;
	}
	/* 8 KiB alignment covers S2-40's concatenated top level. */
	mem = aligned_alloc(8192, bytes ? bytes : 8192);
	if (!mem) {
		fprintf(err, "ipmmu-dt: out of memory\n");
		return 1;
	}
	memset(mem, 0, bytes);
	ipfw_bus_reset();
	ipfw_model_init(&model, gen);
	ipfw_model_ram_init(&ram);
	if (bytes)
		ipfw_model_ram_add(&ram, pool_pa, mem, bytes);
	ipfw_model_set_memory(&model, ipfw_model_ram_read64, &ram);
	if (add_instances(plan, err, file)) {
		free(mem);
		return 1;
	}
	if (ipfw_boot_rcar_from_dt(fdt, &rcar) == IPFW_OK) {
		ipfw_cpg_model_init(&cpg, rcar.cpg.layout == IPFW_CPG_GEN4 ? IPFW_CPG_MODEL_GEN4
									   : IPFW_CPG_MODEL_GEN3,
				    rcar.cpg.base, 1);
		t.have_cpg = ipfw_cpg_model_attach(&cpg) == 0;
	}
	if (t.have_cpg) {
		hooks.ctx = &rcar;
		hooks.hold = ipfw_boot_rcar_hold;
		hooks.release = ipfw_boot_rcar_release;
	} else {
		fprintf(out, "# no CPG/MSSR node: holding and releasing masters is not traced\n");
	}
	pool = (struct ipfw_boot_pool){.cpu = mem, .pa = pool_pa, .count = pool_tables};
	ipfw_bus_set_observer(observe, &t);

	fprintf(out, "# hold\n");
	failed |= step(err, file, "hold", ipfw_boot_hold(&boot, plan, &hooks));
	fprintf(out, "# program (page-table pool at pa 0x%010" PRIx64 ", %" PRIu32 " tables)\n",
		pool_pa, pool_tables);
	failed |= step(err, file, "program", ipfw_boot_program(&boot, &pool));
	fprintf(out, "# verify\n");
	failed |= step(err, file, "verify", ipfw_boot_verify(&boot));
	fprintf(out, "# release\n");
	failed |= step(err, file, "release", ipfw_boot_release(&boot));
	ipfw_bus_set_observer(NULL, NULL);

	fprintf(out, "# %lu register writes; %u masters released, %u held\n", t.writes,
		boot.released, boot.held);
	for (size_t m = 0; m < plan->nmasters; m++) {
		const struct ipfw_boot_master *bm = &boot.m[m];

		char path[4096];

		(void)ipfw_plan_path(plan, plan->masters[m].node, path, sizeof(path));
		fprintf(out, "#   %-40s %s%s%s\n", path,
			ipfw_master_state_name(bm->state), bm->err ? ": " : "",
			bm->err ? ipfw_errname(bm->err) : "");
	}
	ipfw_bus_reset();
	free(mem);
	return failed;
}
