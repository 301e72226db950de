/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Salvator-XS (R-Car H3 ES3.0) policy: plain C the image and the host test
 * (tests/board/rcar) both compile.
 */
#ifndef SALVATOR_XS_POLICY_H
#define SALVATOR_XS_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include <ipmmu/plan.h>

#include "rcar_board.h"

/* Page-table pool in 4 KiB tables (the plan needs 12; see README.md). */
#define SALVATOR_XS_POOL_TABLES 16u

/* Product register; H3 reads product 0x4F in [14:8], cut in [7:0]
 * (0x20 = ES3.0). */
#define SALVATOR_XS_PRR_ADDR 0xFFF00044u

/* The board's policy for the SoC revision read from PRR: the IPMMU is used
 * only on H3 ES3.0 and later (Linux's denylist, ipmmu-vmsa.md 9.10). */
void salvator_xs_policy(struct ipfw_policy *pol, uint32_t prr);

/* Plan errors the board's tree is known to produce. */
extern const struct rcar_board_known salvator_xs_known[];
extern const size_t salvator_xs_nknown;

#endif
