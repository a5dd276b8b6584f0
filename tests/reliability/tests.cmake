# Reliability (issue 7, and issue 5's failing rank): kills at random
# moments, memory limits, one rank failing alone.  Each is a script that
# runs crampsim; the full kill run (100 kills per kind) is a documented
# command (docs/reliability.md), ctest runs 1 per kind on 2003 agents.
set(cs_rel_dir ${CMAKE_CURRENT_LIST_DIR})
set(cs_rel_work ${CMAKE_CURRENT_BINARY_DIR}/reliability)
set(cs_rel_bin $<TARGET_FILE:crampsim>)
find_program(CS_REL_H5DIFF h5diff)
find_program(CS_REL_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)

# cs_rel_test(NAME COMMAND... ): environment of the MPI tests, a timeout
function(cs_rel_test name timeout labels)
  add_test(NAME reliability.${name} COMMAND ${ARGN})
  set_tests_properties(reliability.${name} PROPERTIES ENVIRONMENT "${CS_MPI_ENV}"
    LABELS "reliability;${labels}" TIMEOUT ${timeout} SKIP_RETURN_CODE 77)
endfunction()

if(CS_REL_H5DIFF AND CS_REL_PYTHON)
  cs_rel_test(kill_random 400 "mpi;checkpoint"
    ${CS_REL_PYTHON} ${cs_rel_dir}/kill_random.py ${cs_rel_bin} ${MPIEXEC_EXECUTABLE} ${cs_rel_work}/kill
    --kills 1 --seed 1 --population 2003)
  set_tests_properties(reliability.kill_random PROPERTIES PROCESSORS 2)
endif()
foreach(cs_case population ulimit horizon override)
  cs_rel_test(limits_${cs_case} 60 limits bash ${cs_rel_dir}/limits.sh ${cs_rel_bin} ${cs_rel_work}/limits ${cs_case})
endforeach()
foreach(cs_case estimate allocation)
  cs_rel_test(failing_rank_${cs_case} 180 mpi
    bash ${cs_rel_dir}/failing_rank.sh ${cs_rel_bin} ${MPIEXEC_EXECUTABLE} ${cs_rel_work}/failing_rank ${cs_case})
  set_tests_properties(reliability.failing_rank_${cs_case} PROPERTIES PROCESSORS 2)
endforeach()
# The early disk check: the file-size limit, the free space of the output's
# folder (a tmpfs: skipped where mounting is refused), a checkpoint, a sweep;
# and its decision function alone.
foreach(cs_case fsize override free checkpoint sweep)
  cs_rel_test(disk_${cs_case} 120 "limits;disk" bash ${cs_rel_dir}/disk.sh ${cs_rel_bin} ${cs_rel_work}/disk ${cs_case})
endforeach()
cs_add_unit_test(NAME sysdisk SOURCES ${cs_rel_dir}/test_sysdisk.c LIBS cs_util LABELS "reliability;disk")
