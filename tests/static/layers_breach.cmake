# SPDX-License-Identifier: BSD-3-Clause
# scripts/check-layers must fail on a tree where the plan includes a driver
# header and calls a driver function, and a driver includes the plan.
file(REMOVE_RECURSE ${WORK})
file(COPY ${SRC}/src ${SRC}/include DESTINATION ${WORK})
file(APPEND ${WORK}/src/boot/plan.c "#include <ipmmu/soc.h>\nstatic const void *p(void) { return ipfw_soc_by_name(\"r8a7795\"); }\n")
file(APPEND ${WORK}/src/smmuv3/smmuv3_flow.c "#include <ipmmu/plan.h>\n")
execute_process(COMMAND ${SRC}/scripts/check-layers --root ${WORK}
	RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message("${out}")
if(NOT rc EQUAL 1)
	message(FATAL_ERROR "check-layers passed a tree with breaches (exit ${rc})")
endif()
foreach(want "src/boot/plan.c:[0-9]+: includes soc.h" "src/boot/plan.c:[0-9]+: calls ipfw_soc_by_name"
	     "src/smmuv3/smmuv3_flow.c:[0-9]+: includes plan.h")
	if(NOT out MATCHES "${want}")
		message(FATAL_ERROR "check-layers did not report: ${want}")
	endif()
endforeach()
