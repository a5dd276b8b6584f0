# A whole run through the run layer, read back in C (1 and 2 MPI ranks).
cs_add_unit_test(NAME roundtrip SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_roundtrip.c LIBS cs_run cs_models
                 LABELS integration)
add_test(NAME unit.roundtrip.np2
  COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} 2 --bind-to none $<TARGET_FILE:test_roundtrip>)
set_tests_properties(unit.roundtrip.np2 PROPERTIES
  ENVIRONMENT "${CS_MPI_ENV};CS_SOURCE_DIR=${PROJECT_SOURCE_DIR};CS_BINARY_DIR=${PROJECT_BINARY_DIR}"
  LABELS "integration;mpi" TIMEOUT 300)
