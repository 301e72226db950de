/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Likely DMA masters of the R-Car / RZ/G2 SoCs the IPMMU serves
 * (docs/policy.md, "Outside the IOMMU's protection"): the compatible
 * strings of their bus-master IPs, for the plan's list of enabled nodes
 * with no iommus and no iommu-map (ipfw_ipmmu_plan_ops.dma_ip).
 */
#include <ipmmu/ipmmu.h>
#include <ipmmu/text.h>

#include "ipmmu_priv.h"

enum {
	K_SDHI, K_EHCI, K_OHCI, K_XHCI, K_USB_DMAC, K_DMAC, K_DU, K_VIN, K_VSP, K_FCP,
	K_FDP1, K_IMR, K_PCIE, K_AVB, K_SATA, K_CRYPTO, K_COUNT
};

static const char *const kind_names[K_COUNT] = {
	[K_SDHI] = "SD/MMC host (SDHI, internal DMAC)",
	[K_EHCI] = "USB 2.0 host (EHCI)",
	[K_OHCI] = "USB 1.1 host (OHCI)",
	[K_XHCI] = "USB 3.0 host (xHCI)",
	[K_USB_DMAC] = "USB-DMAC",
	[K_DMAC] = "DMA controller (SYS-/Audio-DMAC)",
	[K_DU] = "display unit (DU)",
	[K_VIN] = "video input (VIN)",
	[K_VSP] = "video signal processor (VSP) without an FCP",
	[K_FCP] = "frame compression processor (FCP)",
	[K_FDP1] = "de-interlacer (FDP1)",
	[K_IMR] = "image renderer (IMR)",
	[K_PCIE] = "PCIe host (its endpoints' DMA)",
	[K_AVB] = "Ethernet AVB",
	[K_SATA] = "SATA",
	[K_CRYPTO] = "CryptoCell",
};

/*
 * The compatible strings that mark a bus master, from the Linux 6.1
 * bindings of each IP (later kernels added iommus to several of them:
 * docs/policy.md names them): exact, or, ending in '-', a prefix
 * ("renesas,sdhi-"). Packed one after the other, each with its kind at the
 * same position in dma_ip_kinds: no pointer per entry (a bootloader pays
 * for each byte). The Gen4-only strings are kept only by a build with a
 * Gen4 SoC (IPFW_CFG_SOC_GEN4_ANY, ipmmu/config.h): without one, every
 * Gen4 IPMMU is IPFW_E_NOSOC and its tree is refused loudly anyway.
 */
#if IPFW_CFG_SOC_GEN4_ANY
#define GEN4(s) s "\0"
#define GEN4_KIND(k) k,
#else
#define GEN4(s)
#define GEN4_KIND(k)
#endif
static const char dma_ip_strings[] =
	"renesas,rcar-gen3-sdhi" "\0" /* K_SDHI */
	GEN4("renesas,rcar-gen4-sdhi") /* K_SDHI */
	"renesas,sdhi-" "\0" /* K_SDHI */
	"generic-ehci" "\0" /* K_EHCI */
	"generic-ohci" "\0" /* K_OHCI */
	"renesas,rcar-gen3-xhci" "\0" /* K_XHCI */
	"renesas,xhci-" "\0" /* K_XHCI */
	"renesas,usb-dmac" "\0" /* K_USB_DMAC */
	"renesas,rcar-dmac" "\0" /* K_DMAC */
	"renesas,du-" "\0" /* K_DU */
	"renesas,vin-" "\0" /* K_VIN */
	"renesas,vsp1" "\0" /* K_VSP */
	"renesas,vsp2" "\0" /* K_VSP */
	"renesas,fcpv" "\0" /* K_FCP */
	"renesas,fcpf" "\0" /* K_FCP */
	"renesas,fdp1" "\0" /* K_FDP1 */
	"renesas,imr-" "\0" /* K_IMR */
	"renesas,pcie-rcar-gen3" "\0" /* K_PCIE */
	GEN4("renesas,rcar-gen4-pcie") /* K_PCIE */
	"renesas,etheravb-rcar-gen3" "\0" /* K_AVB */
	GEN4("renesas,etheravb-rcar-gen4") /* K_AVB */
	"renesas,sata-" "\0" /* K_SATA */
	"arm,cryptocell-630p-ree" "\0" /* K_CRYPTO */
	;
static const uint8_t dma_ip_kinds[] = {
	K_SDHI, GEN4_KIND(K_SDHI) K_SDHI, K_EHCI, K_OHCI, K_XHCI,
	K_XHCI, K_USB_DMAC, K_DMAC, K_DU, K_VIN, K_VSP,
	K_VSP, K_FCP, K_FCP, K_FDP1, K_IMR, K_PCIE,
	GEN4_KIND(K_PCIE) K_AVB, GEN4_KIND(K_AVB) K_SATA, K_CRYPTO,
};

const char *ipfw_ipmmu_dma_ip_name(unsigned int kind)
{
	return kind < K_COUNT ? kind_names[kind] : "?";
}

/* Does the string s[0 .. len) match pattern p (exactly, or as a prefix
 * when p ends in '-')? */
static bool starts(const char *s, int len, const char *p)
{
	int i = 0;

	while (i < len && p[i] && s[i] == p[i])
		i++;
	return !p[i] && (i == len || (i > 0 && p[i - 1] == '-'));
}

int ipfw_ipmmu_dma_ip(const char *c, int len, const char **unless_prop)
{
	const char *s;
	int pos = 0, n;

	while ((s = ipfw_strlist_next(c, len, &pos, &n))) {
		const char *p = dma_ip_strings;

		/* the table's strings end with an empty one (the literal's own NUL) */
		for (size_t i = 0; i < sizeof(dma_ip_kinds) && *p; i++) {
			if (starts(s, n, p)) {
				/* a VSP reads through its FCP, whose binding is the FCP's own */
				*unless_prop = dma_ip_kinds[i] == K_VSP ? "renesas,fcp" : 0;
				return dma_ip_kinds[i];
			}
			while (*p++ != '\0')
				;
		}
	}
	return -1;
}
