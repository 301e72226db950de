# SPDX-License-Identifier: BSD-3-Clause
# Sourced by bench/<module>/run scripts.
#
# ipfw_bench_ir FUNCTION CMD [ARGS...]
#   Runs CMD under valgrind --tool=callgrind, counting only instructions
#   executed inside FUNCTION and everything it calls (--toggle-collect),
#   and prints that count. Instruction counts do not depend on machine load.
# ipfw_bench_root / ipfw_bench_out: the repository and build/bench folders.
set -euo pipefail

ipfw_bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ipfw_bench_out="$ipfw_bench_root/build/bench"
mkdir -p "$ipfw_bench_out"

ipfw_bench_ir() {
	local fn=$1
	shift
	local cg
	cg=$(mktemp)
	if ! valgrind --tool=callgrind --callgrind-out-file="$cg" \
		--toggle-collect="$fn" "$@" >/dev/null 2>"$cg.log"; then
		cat "$cg.log" >&2
		rm -f "$cg" "$cg.log"
		return 1
	fi
	# "summary: N" (or "totals: N") holds the collected Ir.
	local ir
	ir=$(awk '/^(summary|totals):/ {print $2; exit}' "$cg")
	rm -f "$cg" "$cg.log"
	if [ -z "$ir" ]; then
		echo "ipfw_bench_ir: no count for $fn" >&2
		return 1
	fi
	echo "$ir"
}
