/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entry point of the model's freestanding link check (arm_check.sh): never
 * run, it references every function a board image would call so that the
 * link proves the model needs nothing beyond libgcc.
 */
#include "ipmmu_model.h"

void ipfw_model_freestanding_entry(void);

volatile uintptr_t ipfw_model_freestanding_sink;

void ipfw_model_freestanding_entry(void)
{
	static struct ipfw_model m;
	static struct ipfw_model_ram ram;
	static uint64_t table[4];
	static char name[32];
	struct ipfw_model_result res;
	uint32_t off;

	ipfw_model_ram_init(&ram);
	ipfw_model_freestanding_sink = (uintptr_t)ipfw_model_ram_add(&ram, 0x1000, table, sizeof(table));
	ipfw_model_init(&m, IPFW_MODEL_GEN4);
	ipfw_model_set_memory(&m, ipfw_model_ram_read64, &ram);
	ipfw_model_freestanding_sink = (uintptr_t)ipfw_model_add_instance(&m, "mm", 0xEEFC0000u, -1);
	ipfw_model_reset(&m);
	ipfw_model_write32(&m, 0, 0x10000, 1);
	ipfw_model_freestanding_sink = ipfw_model_read32(&m, 0, 0x10000);
	ipfw_model_dev_write(&m.inst[0], 0x3300, 1);
	ipfw_model_freestanding_sink = ipfw_model_dev_read(&m.inst[0], 0x3300);
	ipfw_model_freestanding_sink = (uintptr_t)ipfw_model_find(&m, 0xEEFC1500u, &off);
	ipfw_model_freestanding_sink = ipfw_model_ctx_addr(&m, 0, 1, IPFW_MODEL_IMCTR) +
				       ipfw_model_imuctr_addr(&m, 0, 32) +
				       ipfw_model_imuasid_addr(&m, 0, 32) +
				       ipfw_model_ctrl_addr(&m, 0, IPFW_MODEL_IMSCTLR);
	ipfw_model_freestanding_sink = (uintptr_t)ipfw_model_translate(&m, 0, 0, 0x1000, false, &res);
	ipfw_model_freestanding_sink = (uintptr_t)ipfw_model_inject_fault(&m, 0, 1, 1, 0);
	ipfw_model_freestanding_sink = ipfw_model_irq_pending(&m, 0);
	ipfw_model_freestanding_sink = (uintptr_t)ipfw_model_outcome_name(res.outcome);
	ipfw_model_freestanding_sink = (uintptr_t)ipfw_model_reason_name(res.reason);
	ipfw_model_freestanding_sink = (uintptr_t)ipfw_model_regname(&m, 0xEEFC3600u, name, sizeof(name));
	for (;;)
		;
}
