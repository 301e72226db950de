/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Spider (R-Car S4) policy: plain C the image and the host test
 * (tests/board/rcar) both compile.
 */
#ifndef SPIDER_POLICY_H
#define SPIDER_POLICY_H

#include <stddef.h>

#include <ipmmu/plan.h>

#include "rcar_board.h"

/* Page-table pool in 4 KiB tables (the plan needs 4; see README.md). */
#define SPIDER_POOL_TABLES 8u

extern const struct ipfw_policy spider_policy;

/* Plan errors the board's tree is known to produce (none). */
extern const struct rcar_board_known spider_known[];
extern const size_t spider_nknown;

#endif
