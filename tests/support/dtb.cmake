# SPDX-License-Identifier: BSD-3-Clause
# ipfw_dtb(<out-var> <source.dts> [NAME <name>])
#   Compile a DTS into ${CMAKE_CURRENT_BINARY_DIR}/dtb/<name>.dtb at build time,
#   the way the kernel does: cpp with the kernel's include/ and the Renesas DTS
#   folder on the include path, then dtc. Works for the real board files in
#   ${IPFW_LINUX_DIR} and for local fixtures (which may #include them).
#   Sets <out-var> to the .dtb path; add it to a custom target's DEPENDS.
find_program(IPFW_DTC dtc REQUIRED)
find_program(IPFW_CPP cpp REQUIRED)
set(IPFW_RENESAS_DTS "${IPFW_LINUX_DIR}/arch/arm64/boot/dts/renesas")

function(ipfw_dtb out src)
	cmake_parse_arguments(D "" "NAME" "" ${ARGN})
	if(NOT D_NAME)
		get_filename_component(D_NAME ${src} NAME_WE)
	endif()
	get_filename_component(_src ${src} ABSOLUTE)
	get_filename_component(_srcdir ${_src} DIRECTORY)
	set(_dir ${CMAKE_CURRENT_BINARY_DIR}/dtb)
	set(_pp ${_dir}/${D_NAME}.dts.pp)
	set(_dtb ${_dir}/${D_NAME}.dtb)
	file(MAKE_DIRECTORY ${_dir})
	add_custom_command(OUTPUT ${_dtb}
		COMMAND ${IPFW_CPP} -nostdinc -I ${_srcdir} -I ${IPFW_LINUX_DIR}/include
			-I ${IPFW_RENESAS_DTS} -undef -D__DTS__ -x assembler-with-cpp
			-MD -MF ${_pp}.d -MT ${_dtb} -o ${_pp} ${_src}
		# -f: fixtures are broken on purpose; -q: so are dtc's warnings about them.
		COMMAND ${IPFW_DTC} -q -f -I dts -O dtb -o ${_dtb} ${_pp}
		DEPENDS ${_src}
		DEPFILE ${_pp}.d
		COMMENT "DTB ${D_NAME}"
		VERBATIM)
	set(${out} ${_dtb} PARENT_SCOPE)
endfunction()
