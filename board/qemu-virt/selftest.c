/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Board self-test: the pieces later images rely on.
 *  - entry is in Hyp mode; qemu_virt_enter_svc() lands in SVC on the same
 *    stack and returns normally;
 *  - a probe of RAM reads what was written;
 *  - a probe of an address nothing decodes takes a data abort, is
 *    recorded, and the image carries on.
 * Built with QEMU_VIRT_SELFTEST_FAIL it reports a failure on purpose, so
 * the test suite can check that a failing verdict makes QEMU exit non-zero.
 */
#include <stdio.h>

#include "board.h"

#define UNDECODED_ADDR 0x0B000000u /* a hole in QEMU virt's memory map */

static unsigned int failures;

static void check(int ok, const char *what)
{
	printf("  [%s] %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

int main(void)
{
	static volatile uint32_t cell = 0x600DF00Du;
	uint32_t v = 0;
	uint32_t faults_before;

	printf("\nqemu-virt board self-test\n");
	check(qemu_virt_cpu_mode() == 0x1a, "starts in Hyp mode");
	qemu_virt_enter_svc();
	check(qemu_virt_cpu_mode() == 0x13, "runs in SVC mode after qemu_virt_enter_svc()");

	check(qemu_virt_probe_read32((uint32_t)(uintptr_t)&cell, &v) == 0 && v == 0x600DF00Du,
	      "probe of RAM reads the stored value");
	check(qemu_virt_probe_write32((uint32_t)(uintptr_t)&cell, 0x12345678u) == 0 &&
		      cell == 0x12345678u,
	      "probe write to RAM lands");

	faults_before = qemu_virt_fault.count;
	check(qemu_virt_probe_read32(UNDECODED_ADDR, &v) == -1, "probe of an undecoded address faults");
	check(qemu_virt_fault.count == faults_before + 1 && qemu_virt_fault.kind == 1 &&
		      qemu_virt_fault.va == UNDECODED_ADDR,
	      "fault recorded with its address (DFAR)");
	printf("  DFSR=0x%08lx DFAR=0x%08lx\n", (unsigned long)qemu_virt_fault.syndrome,
	       (unsigned long)qemu_virt_fault.va);

#ifdef QEMU_VIRT_SELFTEST_FAIL
	check(0, "deliberate failure (QEMU_VIRT_SELFTEST_FAIL)");
#endif
	printf("verdict: %s\n", failures ? "FAIL" : "PASS");
	return failures ? 1 : 0;
}
