# SPDX-License-Identifier: BSD-3-Clause
# cmake -DTOOL=... -DARGS=a;b -DRC=n [-DSTDOUT_FILE=f | -DSTDOUT=text] [-DSTDERR_REGEX=re]
#       [-DSTDIN_FILE=f] -P run_tool.cmake
# Runs TOOL ARGS (standard input from STDIN_FILE when given) and checks the
# exit status, the exact stdout and a stderr pattern.
if(STDIN_FILE)
	execute_process(COMMAND ${TOOL} ${ARGS} INPUT_FILE ${STDIN_FILE}
		RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
else()
	execute_process(COMMAND ${TOOL} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
endif()
set(fail "")
if(NOT "${rc}" STREQUAL "${RC}")
	string(APPEND fail "exit status ${rc}, expected ${RC}\n")
endif()
if(STDOUT_FILE)
	file(READ ${STDOUT_FILE} want)
elseif(DEFINED STDOUT AND NOT STDOUT STREQUAL "")
	string(REPLACE "\\n" "\n" want "${STDOUT}")
else()
	set(want "")
endif()
if(NOT "${out}" STREQUAL "${want}")
	string(APPEND fail "stdout differs:\n--- got\n${out}--- expected\n${want}---\n")
endif()
if(STDERR_REGEX AND NOT err MATCHES "${STDERR_REGEX}")
	string(APPEND fail "stderr does not match '${STDERR_REGEX}':\n${err}\n")
endif()
if(NOT STDERR_REGEX AND RC EQUAL 0 AND NOT err STREQUAL "")
	string(APPEND fail "unexpected stderr:\n${err}\n")
endif()
if(fail)
	message(FATAL_ERROR "${TOOL} ${ARGS}\n${fail}")
endif()
