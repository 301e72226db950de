# fuzz_plan drives the whole flow against the IPMMU model (built in here:
# tests/model's own CMakeLists belongs to the CMocka build).
set(_m ${CMAKE_SOURCE_DIR}/tests/model)
target_sources(${_exe} PRIVATE ${_m}/model_regs.c ${_m}/model_walk.c ${_m}/model_regname.c
	${_m}/model_ram.c ${_m}/model_bus.c)
target_include_directories(${_exe} PRIVATE ${_m})
