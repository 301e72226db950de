/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * src/lpae built with `inline` defined as GNU inline, as U-Boot does
 * (tests/lpae/CMakeLists.txt): it must compile and link (no C99
 * inline/extern inline pairs) and still translate. The oracle is the
 * mapping itself: 0x5000 -> 0x9000000000 + 0x5000 offset by 0x123.
 */
#include <stdint.h>
#include <stdio.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>

static _Alignas(8192) uint64_t tables[4][512];

int main(void)
{
	struct ipfw_lpae_pool pool = {tables, 0x4000000000ull, 4};
	struct ipfw_lpae_ctx ctx;
	uint64_t pa = 0;

	if (ipfw_lpae_init(&ctx, IPFW_LPAE_S1_32, &pool, IPFW_LPAE_F_NS, NULL, NULL) ||
	    ipfw_lpae_map(&ctx, 0x5000, 0x9000005000ull, 0x1000, IPFW_LPAE_RW | IPFW_LPAE_WB) ||
	    ipfw_lpae_lookup(&ctx, 0x5123, &pa, NULL) || pa != 0x9000005123ull) {
		fprintf(stderr, "gnu_inline build: pa 0x%llx\n", (unsigned long long)pa);
		return 1;
	}
	return 0;
}
