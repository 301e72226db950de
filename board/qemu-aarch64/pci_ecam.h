/* SPDX-License-Identifier: BSD-3-Clause */
/* PCI configuration space through ECAM (PCI Express base specification,
 * "Enhanced Configuration Access Mechanism"; type 0 header). */
#ifndef QEMU_A64_PCI_ECAM_H
#define QEMU_A64_PCI_ECAM_H

#include <stdint.h>

#define PCI_VENDOR_ID 0x00u
#define PCI_COMMAND 0x04u
#define PCI_COMMAND_MEM (1u << 1)
#define PCI_COMMAND_MASTER (1u << 2) /* bus master enable: the device may DMA */
#define PCI_BAR0 0x10u

/* Requester ID = bus << 8 | device << 3 | function. */
static inline uintptr_t pci_cfg(uint64_t ecam, uint32_t rid, uint32_t off)
{
	return (uintptr_t)(ecam + ((uint64_t)rid << 12) + off);
}

static inline uint32_t pci_rd32(uint64_t ecam, uint32_t rid, uint32_t off)
{
	return *(volatile uint32_t *)pci_cfg(ecam, rid, off);
}

static inline void pci_wr32(uint64_t ecam, uint32_t rid, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)pci_cfg(ecam, rid, off) = v;
	__asm__ volatile("dsb sy" : : : "memory");
}

static inline uint16_t pci_command(uint64_t ecam, uint32_t rid)
{
	return (uint16_t)pci_rd32(ecam, rid, PCI_COMMAND);
}

/* COMMAND is the low half of the word; writing 0 to STATUS (high half)
 * clears nothing (its bits are write-1-to-clear). */
static inline void pci_set_command(uint64_t ecam, uint32_t rid, uint16_t cmd)
{
	pci_wr32(ecam, rid, PCI_COMMAND, cmd);
}

#endif
