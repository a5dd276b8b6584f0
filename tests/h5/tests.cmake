# Unit tests of the HDF5 results writer and reader (cs_io), at 1, 2 and 3
# MPI ranks (3 ranks oversubscribe a 2-core machine; CS_MPI_ENV allows it),
# and a check that h5py reads a sample file as documented.
cs_add_unit_test(NAME h5 SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_h5.c LIBS cs_io)
# what Open MPI leaves beside a killed run's .partial goes when the output is created again
cs_add_unit_test(NAME h5_debris SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_h5_debris.c LIBS cs_io)
foreach(cs_h5_np 2 3)
  add_test(NAME unit.h5.np${cs_h5_np}
    COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${cs_h5_np} --bind-to none
            $<TARGET_FILE:test_h5>)
  set_tests_properties(unit.h5.np${cs_h5_np} PROPERTIES
    ENVIRONMENT "${CS_MPI_ENV};CS_SOURCE_DIR=${PROJECT_SOURCE_DIR};CS_BINARY_DIR=${PROJECT_BINARY_DIR}"
    LABELS "unit;mpi" TIMEOUT 300)
endforeach()

# h5py (Debian's /usr/bin/python3, not a pyenv shim) reads what 2 ranks wrote.
find_program(CS_H5PY_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(CS_H5PY_PYTHON)
  execute_process(COMMAND ${CS_H5PY_PYTHON} -c "import h5py, numpy"
    RESULT_VARIABLE cs_h5py_missing OUTPUT_QUIET ERROR_QUIET)
  if(cs_h5py_missing EQUAL 0)
    set(cs_h5_sample ${CMAKE_CURRENT_BINARY_DIR}/h5_sample.h5)
    add_test(NAME unit.h5.sample
      COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} 2 --bind-to none
              $<TARGET_FILE:test_h5> --sample ${cs_h5_sample})
    add_test(NAME unit.h5.h5py
      COMMAND ${CS_H5PY_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/check_h5py.py ${cs_h5_sample} 2)
    set_tests_properties(unit.h5.sample PROPERTIES
      ENVIRONMENT "${CS_MPI_ENV}" FIXTURES_SETUP cs_h5_sample LABELS "unit;mpi" TIMEOUT 120)
    set_tests_properties(unit.h5.h5py PROPERTIES
      FIXTURES_REQUIRED cs_h5_sample LABELS "unit" TIMEOUT 120)
  else()
    message(STATUS "h5py not found for ${CS_H5PY_PYTHON}: unit.h5.h5py not registered")
  endif()
endif()
