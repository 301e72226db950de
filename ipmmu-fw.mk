# SPDX-License-Identifier: BSD-3-Clause
# ipmmu-fw.mk: build ipmmu-fw from source inside a Make-based bootloader
# (TF-A, U-Boot, an RT-core loader), in the manner of libfdt's
# Makefile.libfdt. This file only sets variables; it defines no rule, so
# the bootloader compiles the sources with its own flags and ABI
# (-ffixed-r9, -ffixed-x18, -mabi=aapcs-linux, hard or soft float, ...).
#
#   IPFW_ROOT := $(abspath path/to/ipmmu-fw)
#   include $(IPFW_ROOT)/ipmmu-fw.mk
#   BL2_SOURCES += $(IPFW_SRCS)                      (TF-A)
#   PLAT_INCLUDES += $(addprefix -I,$(IPFW_INCLUDES)) $(IPFW_CPPFLAGS)
#
# Inputs, all optional:
#   IPFW_ROOT          where ipmmu-fw is (default: this file's folder)
#   IPFW_MODULES       modules to build (default: all of them, lowest first;
#                      smmuv3, the second IOMMU driver, needs only common, mmio, lpae);
#                      a module needs every module before it in the default list
#   IPFW_TYPES_HEADER  a header that defines uint8_t..uint64_t, int16_t..int64_t,
#                      uintptr_t, size_t, bool and NULL, for a bootloader whose
#                      <stdint.h> does not (U-Boot: "linux/types.h", in
#                      quotes: see include/ipmmu/types.h)
#   IPFW_WITH_REPORT   n: leave out the text report (ipfw_boot_report and the
#                      diagnostic formatter) and the diagnostics' fixed texts
#                      (IPFW_CFG_DIAG_TEXT=0: struct ipfw_plan_diag.what is
#                      NULL; code, node, property and entry stay); the flow
#                      then prints nothing and the board reads struct
#                      ipfw_plan / struct ipfw_boot itself
#   IPFW_SOCS          the SoCs whose IPMMUs this build knows, by DT name
#                      (e.g. r8a7795 for TF-A's LSI=H3; rcar_gen4 for the
#                      generic Gen4 compatible); default: all of them. An
#                      IPMMU of another SoC is IPFW_E_NOSOC, its masters held.
#   IPFW_CFG           more -D options for every compile (the library and the
#                      board alike), e.g. the capacities `ipmmu-dt needs
#                      board.dtb --cflags` prints for the board's tree
#   IPFW_IOMMU_MAP     n: no PCIe iommu-map support (IPFW_CFG_IOMMU_MAP=0), for
#                      a tree without iommu-map (Linux 6.1's R-Car trees); a
#                      master with one is held (IPFW_E_UNSUPPORTED)
# Outputs:
#   IPFW_SRCS          the C sources (absolute when IPFW_ROOT is)
#   IPFW_INCLUDES      the include directory
#   IPFW_CPPFLAGS      the preprocessor flags the sources need
#   IPFW_CFLAGS        the compiler flags the sources need
#   IPFW_OBJS          IPFW_SRCS with .o for .c
#
# Requirements on the build: C99 with GNU extensions or later (-std=gnu99,
# TF-A's level, is enough), a freestanding compile, and a libfdt the
# bootloader already has (TF-A's lib/libfdt, U-Boot's scripts/dtc/libfdt).
# At link time the library needs memcpy, memmove, memset, memcmp, memchr,
# strlen, strnlen, strchr, strrchr (libfdt's; strtoul for its overlays)
# and, on 32-bit Arm, libgcc's division helpers.

IPFW_ROOT ?= $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
IPFW_MODULES ?= common mmio lpae ipmmu dt boot smmuv3
IPFW_WITH_REPORT ?= y

# Each module is one folder of src/; every .c file in it belongs to the
# library (tests/bootloader checks that this list and CMake's agree).
IPFW_SRCS := $(sort $(foreach m,$(IPFW_MODULES),$(wildcard $(IPFW_ROOT)/src/$(m)/*.c)))
ifeq ($(IPFW_WITH_REPORT),n)
IPFW_SRCS := $(filter-out %/boot_report.c %/plan_text.c %/ipmmu_report.c %/smmuv3_report.c,$(IPFW_SRCS))
endif
IPFW_INCLUDES := $(IPFW_ROOT)/include
IPFW_CPPFLAGS :=
ifeq ($(IPFW_WITH_REPORT),n)
IPFW_CPPFLAGS += -DIPFW_CFG_DIAG_TEXT=0 -DIPFW_CFG_REPORT=0
endif
IPFW_CPPFLAGS += $(IPFW_CFG)
ifeq ($(IPFW_IOMMU_MAP),n)
IPFW_CPPFLAGS += -DIPFW_CFG_IOMMU_MAP=0
endif
ifneq ($(strip $(IPFW_SOCS)),)
IPFW_CPPFLAGS += -DIPFW_CFG_SOC_ALL=0 $(foreach s,$(IPFW_SOCS),-DIPFW_CFG_SOC_$(s)=1)
endif
ifneq ($(IPFW_TYPES_HEADER),)
IPFW_CPPFLAGS += -DIPFW_TYPES_HEADER='$(IPFW_TYPES_HEADER)'
endif
IPFW_CFLAGS := -ffreestanding
IPFW_OBJS := $(IPFW_SRCS:.c=.o)
