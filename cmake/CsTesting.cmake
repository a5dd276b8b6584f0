# Helpers that register tests in one place.
#
# cs_add_unit_test(NAME <n> SOURCES <src...> LIBS <libs...> [NP <ranks>] [LABELS <l...>])
#   builds a CUnit executable test_<n> and registers it with CTest; with NP it
#   runs under mpiexec -n NP (as root where needed, oversubscribed).
find_package(PkgConfig REQUIRED)
pkg_check_modules(CUNIT REQUIRED IMPORTED_TARGET cunit)

set(CS_MPI_ENV
  OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
  # a process started without mpiexec needs no runtime daemon: 0.15 s not 0.6 s
  # (and then has no session folder for MPI-IO's shared-memory file pointers)
  OMPI_MCA_ess_singleton_isolated=1 OMPI_MCA_sharedfp=^sm OMPI_MCA_pml=ob1)

function(cs_add_unit_test)
  cmake_parse_arguments(T "" "NAME;NP" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(test_${T_NAME} ${T_SOURCES})
  target_link_libraries(test_${T_NAME} PRIVATE ${T_LIBS} cs_test_support PkgConfig::CUNIT cs_flags)
  if(T_NP)
    add_test(NAME unit.${T_NAME}
      COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${T_NP} --bind-to none
              $<TARGET_FILE:test_${T_NAME}>)
  else()
    add_test(NAME unit.${T_NAME} COMMAND test_${T_NAME})
  endif()
  set_tests_properties(unit.${T_NAME} PROPERTIES
    ENVIRONMENT "${CS_MPI_ENV};CS_SOURCE_DIR=${PROJECT_SOURCE_DIR};CS_BINARY_DIR=${PROJECT_BINARY_DIR}"
    LABELS "unit;${T_LABELS}" TIMEOUT 300)
endfunction()
