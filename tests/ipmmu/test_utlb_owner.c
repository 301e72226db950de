/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The uTLB allocator keeps four bytes a uTLB (context, references, holder
 * id): the holder comes back by id with no name, and an id that does not
 * fit is refused before anything is claimed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>

static void a_utlb_slot_is_four_bytes(void **st)
{
	(void)st;
	assert_int_equal(sizeof(struct ipfw_ipmmu_utlb_slot), 4);
}

static void the_largest_id_comes_back_by_id_without_a_name(void **st)
{
	struct ipfw_ipmmu_utlb_alloc a;
	struct ipfw_ipmmu_owner h = {"stale", -5};
	unsigned int ctx = 99;

	(void)st;
	assert_int_equal(ipfw_ipmmu_utlb_alloc_init(&a, ipfw_soc_by_name("r8a7795")), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_utlb_get(&a, 5, 2, (struct ipfw_ipmmu_owner){"pcie", 32767}, NULL), 1);
	assert_int_equal(ipfw_ipmmu_utlb_query(&a, 5, &ctx, &h), 1);
	assert_int_equal(ctx, 2);
	assert_int_equal(h.id, 32767);
	assert_null(h.name);
}

static void ids_that_do_not_fit_claim_nothing(void **st)
{
	struct ipfw_ipmmu_utlb_alloc a;
	static const int bad[] = {-1, 32768, -32768};

	(void)st;
	assert_int_equal(ipfw_ipmmu_utlb_alloc_init(&a, ipfw_soc_by_name("r8a7795")), IPFW_OK);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(ipfw_ipmmu_utlb_get(&a, 7, 1, (struct ipfw_ipmmu_owner){"x", bad[i]},
						     NULL),
				 IPFW_E_INVAL);
		assert_int_equal(ipfw_ipmmu_utlb_query(&a, 7, NULL, NULL), 0);
	}
	/* id 0 is a valid id */
	assert_int_equal(ipfw_ipmmu_utlb_get(&a, 7, 1, (struct ipfw_ipmmu_owner){NULL, 0}, NULL), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_utlb_slot_is_four_bytes),
		cmocka_unit_test(the_largest_id_comes_back_by_id_without_a_name),
		cmocka_unit_test(ids_that_do_not_fit_claim_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
