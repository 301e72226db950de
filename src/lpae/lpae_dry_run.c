/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Dry run: the number of tables a sorted region list needs, computed from
 * the leaf sizes alone, without touching any table. A level-K slot needs a
 * table below it when some leaf inside it is smaller than the slot;
 * sorted regions visit slots in increasing order, so neighbours sharing
 * a table are counted once.
 */
#include <stdint.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

int ipfw_lpae_dry_run(enum ipfw_lpae_format format, const struct ipfw_lpae_region *regions,
		      size_t count)
{
	const struct ipfw_lpae_fmt *f;
	uint64_t last[3] = {UINT64_MAX, UINT64_MAX, UINT64_MAX};
	uint64_t prev_end = 0;
	int n;

	if ((unsigned int)format > IPFW_LPAE_S2_40)
		return IPFW_E_FORMAT;
	if (!regions && count)
		return IPFW_E_INVAL;
	f = &ipfw_lpae_fmts_[format];
	n = f->top_tables;
	for (size_t r = 0; r < count; r++) {
		uint64_t va = regions[r].iova, pa = regions[r].pa;
		uint64_t end = va + regions[r].size;
		uint64_t bits;
		int err = ipfw_lpae_check_range_(f, va, pa, regions[r].size);

		if (!err)
			err = ipfw_lpae_leaf_bits_(f, 0, regions[r].attrs, &bits);
		if (err)
			return err;
		if (va < prev_end)
			return IPFW_E_OVERLAP;
		prev_end = end;
		while (va < end) {
			unsigned int leaf = f->start_level;
			uint64_t step;

			/* the level of the leaf map would write here */
			for (; leaf < 3u; leaf++) {
				uint64_t blk = 1ull << lpae_shift(leaf);

				if (leaf > 0u && !((va | pa) & (blk - 1u)) && end - va >= blk)
					break;
			}
			for (unsigned int k = f->start_level; k < leaf; k++) {
				uint64_t slot = va >> lpae_shift(k);

				if (slot != last[k]) {
					last[k] = slot;
					n++;
				}
			}
			step = 1ull << lpae_shift(leaf);
			if (leaf == 3u) {
				/* the rest of this 2 MiB slot is 4 KiB leaves too */
				uint64_t next = (va | ((1ull << lpae_shift(2)) - 1u)) + 1u;

				step = (next < end ? next : end) - va;
			}
			va += step;
			pa += step;
		}
	}
	return n;
}
