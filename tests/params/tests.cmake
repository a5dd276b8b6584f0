# Unit tests of the parameter schema (cs_params, in cs_engine) and of the
# counting allocator (cs_mem, in cs_util).  Neither needs MPI or a model.
cs_add_unit_test(NAME params SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_params.c LIBS cs_engine)
cs_add_unit_test(NAME mem SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_mem.c LIBS cs_util)

