#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The model must build freestanding for arm-none-eabi (it will serve the
# IPMMU windows from the QEMU board image): C11, only stdint/stddef/stdbool,
# no libc at link time beyond the mem*/str* functions bootloaders have. Usage: arm_check.sh <arm-none-eabi-gcc> <srcdir> <outdir>
set -eu
cc=$1 src=$2 out=$3
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "arm_check: compiler '$cc' not found" >&2
	exit 1
fi
mkdir -p "$out"
# Only the three freestanding headers (plus the model's own headers).
bad=$(grep -h '^#include <' "$src"/model_*.c "$src"/ipmmu_model.h "$src"/model_internal.h |
	grep -v -e '<stdint.h>' -e '<stddef.h>' -e '<stdbool.h>' || true)
if [ -n "$bad" ]; then
	echo "arm_check: model includes more than stdint/stddef/stdbool:" >&2
	echo "$bad" >&2
	exit 1
fi
flags="-std=c11 -ffreestanding -nostdinc -isystem $($cc -print-file-name=include)
	-mcpu=cortex-a15 -mthumb -mfloat-abi=soft -Os
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
	-Wundef -Wcast-align -Wvla -I$src -I$src/../support"
objs=""
for f in model_regs model_walk model_regname model_ram freestanding_entry; do
	# shellcheck disable=SC2086
	$cc $flags -c "$src/$f.c" -o "$out/$f.o"
	objs="$objs $out/$f.o"
done
# The bus glue is host-only at link time, but must compile too.
# shellcheck disable=SC2086
$cc $flags -c "$src/model_bus.c" -o "$out/model_bus.o"
# Link with nothing but libgcc and the string functions every bootloader
# has (tests/link/bootloader_libc.c; GCC emits memset for struct clears):
# any other libc call (printf, malloc) fails here.
# shellcheck disable=SC2086
$cc $flags -c "$src/../link/bootloader_libc.c" -o "$out/bootloader_libc.o"
# shellcheck disable=SC2086
$cc -mcpu=cortex-a15 -mthumb -mfloat-abi=soft -nostdlib -nostartfiles -static \
	-Wl,-e,ipfw_model_freestanding_entry -Wl,--no-gc-sections \
	-o "$out/model-freestanding.elf" $objs "$out/bootloader_libc.o" -lgcc
echo "arm_check: model builds and links freestanding for arm-none-eabi (cortex-a15, Thumb-2)"
