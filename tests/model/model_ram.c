/* SPDX-License-Identifier: BSD-3-Clause */
/* IPMMU model: "physical memory" for table walks, backed by caller buffers. */
#include "ipmmu_model.h"

void ipfw_model_ram_init(struct ipfw_model_ram *ram)
{
	if (ram)
		ram->count = 0;
}

int ipfw_model_ram_add(struct ipfw_model_ram *ram, uint64_t pa, const void *mem, size_t size)
{
	if (!ram || !mem || size < 8 || (pa & 7u) || ((uintptr_t)mem & 7u) || pa + size < pa)
		return IPFW_MODEL_EINVAL;
	if (ram->count >= IPFW_MODEL_RAM_MAX_REGIONS)
		return IPFW_MODEL_ENOSPACE;
	ram->region[ram->count].pa = pa;
	ram->region[ram->count].size = size;
	ram->region[ram->count].mem = mem;
	ram->count++;
	return 0;
}

int ipfw_model_ram_read64(void *ctx, uint64_t pa, uint64_t *val)
{
	const struct ipfw_model_ram *ram = ctx;

	if (!ram || !val || (pa & 7u))
		return -1;
	for (unsigned int i = 0; i < ram->count; i++) {
		uint64_t rel = pa - ram->region[i].pa;

		if (pa >= ram->region[i].pa && rel + 8u <= ram->region[i].size) {
			*val = ((const uint64_t *)ram->region[i].mem)[rel / 8u];
			return 0;
		}
	}
	return -1;
}
