# SPDX-License-Identifier: BSD-3-Clause
# rcar_rt_add_image(<name> ORIGIN <addr> LENGTH <size> SOURCES <files...>)
# An R-Car RT-core image: the common startup, SCIF console, newlib-nano
# glue, cache/delay helpers and the board flow (rcar_board.c), linked into
# the board's DRAM carve-out. Its size is printed.
#
# rcar_rt_embed_dtb(<name> <symbol> <dts>)
# Compile <dts> (a board overlay that #includes the Linux board tree) at
# build time and link the blob into image <name> as `<symbol>`.
set(RCAR_COMMON_DIR ${CMAKE_CURRENT_LIST_DIR})
include(${CMAKE_SOURCE_DIR}/tests/support/dtb.cmake)

function(rcar_rt_add_image name)
	cmake_parse_arguments(R "" "ORIGIN;LENGTH" "SOURCES" ${ARGN})
	set(RT_RAM_ORIGIN ${R_ORIGIN})
	set(RT_RAM_LENGTH ${R_LENGTH})
	set(ld ${CMAKE_CURRENT_BINARY_DIR}/${name}.ld)
	configure_file(${CMAKE_SOURCE_DIR}/linker/rcar-rt.ld.in ${ld} @ONLY)
	add_executable(${name} ${R_SOURCES}
		${RCAR_COMMON_DIR}/rcar_start.S ${RCAR_COMMON_DIR}/rcar_scif.c
		${RCAR_COMMON_DIR}/rcar_syscalls.c ${RCAR_COMMON_DIR}/newlib_glue.c ${RCAR_COMMON_DIR}/rcar_cpu.c
		${RCAR_COMMON_DIR}/rcar_board.c)
	set_target_properties(${name} PROPERTIES SUFFIX ".elf" LINK_DEPENDS ${ld})
	target_include_directories(${name} PRIVATE ${RCAR_COMMON_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
	target_compile_options(${name} PRIVATE $<$<COMPILE_LANGUAGE:C>:${IPFW_WARNINGS}>)
	target_link_libraries(${name} PRIVATE ipmmu-fw)
	target_link_options(${name} PRIVATE -T${ld} -nostartfiles
		--specs=nano.specs --specs=nosys.specs
		-Wl,-Map=${CMAKE_CURRENT_BINARY_DIR}/${name}.map)
	add_custom_command(TARGET ${name} POST_BUILD
		COMMAND ${CMAKE_SIZE} $<TARGET_FILE:${name}>
		VERBATIM)
endfunction()

function(rcar_rt_embed_dtb name symbol dts)
	ipfw_dtb(_dtb ${dts})
	set(_asm ${CMAKE_CURRENT_BINARY_DIR}/${name}-dtb.S)
	file(WRITE ${_asm} "\t.section .rodata.dtb, \"a\"\n\t.balign 8\n"
		"\t.global ${symbol}\n${symbol}:\n\t.incbin \"${_dtb}\"\n")
	set_source_files_properties(${_asm} PROPERTIES OBJECT_DEPENDS ${_dtb})
	target_sources(${name} PRIVATE ${_asm})
endfunction()
