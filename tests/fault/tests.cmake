# Fault injection (docs/reliability.md, "Fault injection"): crampsim_fault is
# crampsim linked with -Wl,--wrap for the allocation, file and HDF5 calls of
# our own code (cs_fault_wrap.c), so that CS_FAULT=CLASS:N fails the N-th
# call of a class.  The walks run every call site of small runs and expect
# a clean stop: the documented exit code, a message, nothing held, no
# result file.  CS_FAULT_INJECTION=OFF leaves them out (a linker without
# --wrap).
option(CS_FAULT_INJECTION "Build crampsim_fault and register the fault-injection walks" ON)
if(CS_FAULT_INJECTION)
  set(cs_fault_wrapped malloc calloc realloc free strdup strndup
      fopen fclose fread fwrite open close fsync rename realpath
      H5Fcreate H5Fopen H5Fflush H5Fis_hdf5 H5Fclose H5Gcreate2 H5Gopen2 H5Gclose
      H5Dcreate2 H5Dopen2 H5Dwrite H5Dread H5Dget_space H5Dget_type H5Dclose
      H5Acreate2 H5Awrite H5Aread H5Aopen_by_name H5Aexists H5Aexists_by_name H5Adelete
      H5Aget_type H5Aget_space H5Aclose H5Oopen H5Ocopy H5Lexists H5Oget_info_by_name2
      H5Pcreate H5Screate H5Screate_simple H5Sselect_hyperslab H5Tcopy
      MPI_Finalize)
  list(TRANSFORM cs_fault_wrapped PREPEND "LINKER:--wrap=")
  add_executable(crampsim_fault ${PROJECT_SOURCE_DIR}/src/cli/main.c ${CMAKE_CURRENT_LIST_DIR}/cs_fault_wrap.c)
  target_link_libraries(crampsim_fault PRIVATE cs_cli cs_models)
  target_link_options(crampsim_fault PRIVATE ${cs_fault_wrapped})
endif()

if(CS_FAULT_INJECTION)
  if(Python3_EXECUTABLE)
    set(cs_fault_python ${Python3_EXECUTABLE})
  else()
    find_program(cs_fault_python python3 PATHS /usr/bin NO_DEFAULT_PATH)
  endif()
  set(cs_fault_env ${CS_MPI_ENV} OMPI_MCA_ess_singleton_isolated=1 OMPI_MCA_pml=ob1 OMP_WAIT_POLICY=passive)
  set(cs_fault_work ${CMAKE_CURRENT_BINARY_DIR}/fault)
  # fault.walk.CASE: every call site of the small run CASE failed in turn
  if(cs_fault_python)
    foreach(cs_case validate info run resume)
      add_test(NAME fault.walk.${cs_case}
        COMMAND ${cs_fault_python} ${CMAKE_CURRENT_LIST_DIR}/fault_walk.py $<TARGET_FILE:crampsim_fault>
                ${cs_fault_work} ${cs_case} --jobs 2)
      set_tests_properties(fault.walk.${cs_case} PROPERTIES
        ENVIRONMENT "${cs_fault_env}" LABELS "fault" TIMEOUT 600 PROCESSORS 2)
    endforeach()
  endif()
  # fault.walk.mpi_run: the small run on 2 ranks under mpiexec, results
  # written collectively (parallel HDF5); each HDF5 call site of rank 1
  # failed in turn on rank 1 alone: the job must stop, never hang
  if(cs_fault_python AND MPIEXEC_EXECUTABLE)
    add_test(NAME fault.walk.mpi_run
      COMMAND ${cs_fault_python} ${CMAKE_CURRENT_LIST_DIR}/fault_walk.py $<TARGET_FILE:crampsim_fault>
              ${cs_fault_work} mpi_run --mpiexec ${MPIEXEC_EXECUTABLE} --fault-rank 1 --classes hdf5
              --jobs 2 --timeout 60)
    set_tests_properties(fault.walk.mpi_run PROPERTIES
      ENVIRONMENT "${CS_MPI_ENV};OMP_WAIT_POLICY=passive" LABELS "fault;mpi" TIMEOUT 900 PROCESSORS 2)
  endif()
  # a full disk (1 MiB tmpfs), a read-only folder, stdout on /dev/full
  add_test(NAME fault.disk_full
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/disk_full.sh $<TARGET_FILE:crampsim> $<TARGET_FILE:crampsim_fault>
            ${cs_fault_work}/disk_full)
  set_tests_properties(fault.disk_full PROPERTIES ENVIRONMENT "${cs_fault_env}" LABELS "fault" TIMEOUT 180)
endif()
