# Unit tests of the nightly loop (cs_sim in cs_engine) on a toy model that
# the test registers itself (it does not link cs_models).  The same binary
# runs on 1 and on 3 MPI ranks (3 oversubscribe a 2-core machine; CS_MPI_ENV
# allows it) and must match its serial oracle on both.  Up to 5 threads per
# rank on 2 cores: passive waiting keeps barriers from spinning the suite
# past a few seconds (it changes timing only, never results).
set(cs_engine_env "${CS_MPI_ENV};OMP_WAIT_POLICY=passive;CS_SOURCE_DIR=${PROJECT_SOURCE_DIR};CS_BINARY_DIR=${PROJECT_BINARY_DIR}")
cs_add_unit_test(NAME engine SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_engine.c LIBS cs_engine NP 1 LABELS mpi)
set_tests_properties(unit.engine PROPERTIES ENVIRONMENT "${cs_engine_env}")
add_test(NAME unit.engine.np3
  COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} 3 --bind-to none $<TARGET_FILE:test_engine>)
set_tests_properties(unit.engine.np3 PROPERTIES
  ENVIRONMENT "${cs_engine_env}" LABELS "unit;mpi" TIMEOUT 300)


# Unit tests of the target-rule language (cs_rule, in cs_engine): no MPI, no model.
cs_add_unit_test(NAME rule SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_rule.c LIBS cs_engine)
# Population-wide selection (cs_select): a serial suite against a sort
# oracle, and one binary run on 1, 2 and 3 ranks whose every rank checks its
# block against the oracle over the whole population.
cs_add_unit_test(NAME select SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_select.c ${CMAKE_CURRENT_LIST_DIR}/select_oracle.c
  LIBS cs_engine)
set_tests_properties(unit.select PROPERTIES ENVIRONMENT "${cs_engine_env}")
cs_add_unit_test(NAME select_mpi SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_select_mpi.c
  ${CMAKE_CURRENT_LIST_DIR}/select_oracle.c LIBS cs_engine NP 1 LABELS mpi)
set_tests_properties(unit.select_mpi PROPERTIES ENVIRONMENT "${cs_engine_env}")
foreach(np 2 3)
  add_test(NAME unit.select_mpi.np${np}
    COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${np} --bind-to none $<TARGET_FILE:test_select_mpi>)
  set_tests_properties(unit.select_mpi.np${np} PROPERTIES ENVIRONMENT "${cs_engine_env}" LABELS "unit;mpi" TIMEOUT 300)
endforeach()
# In-silico trials (cs_trial): tallies and the statistics of a trial report
# against hand-computed values and a naive per-participant oracle.
cs_add_unit_test(NAME trial SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_trial.c LIBS cs_engine LABELS trial)
