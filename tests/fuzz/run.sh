#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# run.sh LOG FUZZER ARGS...: run one fuzzer with its progress chatter in
# LOG, then print what matters to ctest: on failure the report (crash,
# hang, sanitizer or harness abort, with the reproducer's name), on
# success the final statistics.
log=$1
shift
"$@" >"$log" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "$(basename "$1") failed (exit $rc); its report follows (whole log: $log)"
	grep -v -E '^#[0-9]+[[:space:]]' "$log" | tail -n 80
else
	grep -E '^(Done|stat::)' "$log"
fi
exit "$rc"
