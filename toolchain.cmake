# SPDX-License-Identifier: BSD-3-Clause
# Cross toolchain for ipmmu-fw.
#   -DIPFW_CPU=cortex-a15 | cortex-r7 | cortex-r52   arm-none-eabi, Thumb-2, -Os
#   -DIPFW_CPU=aarch64                                aarch64-linux-gnu, freestanding
set(CMAKE_SYSTEM_NAME Generic)
set(IPFW_CPU "cortex-a15" CACHE STRING "Target CPU")
set_property(CACHE IPFW_CPU PROPERTY STRINGS cortex-a15 cortex-r7 cortex-r52 aarch64)
# try_compile() re-reads this file in a fresh project: pass the choice on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES IPFW_CPU)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

if(IPFW_CPU STREQUAL "aarch64")
	set(CMAKE_SYSTEM_PROCESSOR aarch64)
	set(_triple aarch64-linux-gnu)
	# What an AArch64 bootloader (TF-A BL2, U-Boot) builds its C with.
	set(_cpu_flags "-ffreestanding -mgeneral-regs-only -mstrict-align")
	set(_link_flags "-nostdlib -static")
elseif(IPFW_CPU MATCHES "^cortex-(a15|r7|r52)$")
	set(CMAKE_SYSTEM_PROCESSOR arm)
	set(_triple arm-none-eabi)
	set(_cpu_flags "-mcpu=${IPFW_CPU} -mthumb -mfloat-abi=soft")
	set(_link_flags "")
else()
	message(FATAL_ERROR "IPFW_CPU='${IPFW_CPU}': use cortex-a15, cortex-r7, cortex-r52 or aarch64")
endif()

find_program(CMAKE_C_COMPILER ${_triple}-gcc REQUIRED)
set(CMAKE_ASM_COMPILER ${CMAKE_C_COMPILER})
find_program(CMAKE_AR ${_triple}-ar REQUIRED)
find_program(CMAKE_OBJCOPY ${_triple}-objcopy)
find_program(CMAKE_SIZE ${_triple}-size)

set(CMAKE_C_FLAGS_INIT "${_cpu_flags} -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${_cpu_flags}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${_link_flags} -Wl,--gc-sections")
if(NOT CMAKE_BUILD_TYPE)
	set(CMAKE_BUILD_TYPE MinSizeRel CACHE STRING "")
endif()

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
