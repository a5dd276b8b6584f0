# Integration tests: run the crampsim executable and read its results back.
#
#   integration.repro.*     bit-identical results for 1-2 threads and 1-3 MPI ranks
#                           (labels integration;repro), repro.sh + h5diff
#   integration.branch.*    arms branched from a shared warm-up equal arms run alone
#                           (branch.sh + h5diff; 1-2 threads, 3 ranks, checkpoints)
#   integration.checkpoint.*  runs stopped, killed and resumed from checkpoints end as
#                           the reference; refused checkpoints; files libhdf5 loops on
#                           stop cleanly (label checkpoint)
#   integration.broken.*    one per tests/configs/broken/NAME.yaml: a bad scenario or
#                           model file; exit code, message, no output file
#   integration.badcli.*    one per tests/configs/cli/NAME.case: a bad command line
#   integration.io_errors   unwritable outputs, unreadable or foreign result files
#   integration.results.*   h5py read-back of the layout and the model's invariants
#   integration.cli.*       --version/--help/info, and validate's resolved scenario
#
# Every test that runs crampsim gets CS_MPI_ENV.  Tests of single processes
# (crampsim without mpiexec) also start MPI lean: in isolated singleton mode
# (no orted spawned) and with the ob1 point-to-point layer instead of probing
# UCX.  On the 2-core build machine that cuts MPI start-up from about 0.6 s
# to 0.15 s per process, and the ~100 short runs below are mostly start-up.
# crampsim spawns no processes and one process sends no messages, so the
# results are the same; the repro tests under mpiexec keep Open MPI's
# defaults, as users get them.
set(cs_it_dir ${CMAKE_CURRENT_LIST_DIR})
set(cs_it_work ${CMAKE_CURRENT_BINARY_DIR}/integration)
set(cs_it_mpi_env ${CS_MPI_ENV})
set(cs_it_env ${CS_MPI_ENV} OMPI_MCA_ess_singleton_isolated=1 OMPI_MCA_pml=ob1)
set(cs_it_bin $<TARGET_FILE:crampsim>)

if(Python3_EXECUTABLE)
  set(cs_it_python ${Python3_EXECUTABLE})
else()
  find_program(cs_it_python python3 PATHS /usr/bin NO_DEFAULT_PATH)
endif()
find_program(CS_H5DIFF_EXECUTABLE h5diff)
find_program(CS_H5DUMP_EXECUTABLE h5dump)
set(cs_it_h5py FALSE)
if(cs_it_python)
  execute_process(COMMAND ${cs_it_python} -c "import h5py, numpy"
    RESULT_VARIABLE cs_it_h5py_rc OUTPUT_QUIET ERROR_QUIET)
  if(cs_it_h5py_rc EQUAL 0)
    set(cs_it_h5py TRUE)
  endif()
endif()
if(NOT cs_it_python)
  message(WARNING "integration tests: no python3 found, the broken-config tests are not registered")
endif()
if(NOT cs_it_h5py)
  message(WARNING "integration tests: ${cs_it_python} lacks h5py/numpy; read-back tests are not registered "
                  "(configure with -DPython3_EXECUTABLE=/usr/bin/python3)")
endif()

# cs_it_test(NAME <n> COMMAND <cmd...> [LABELS <l...>] [TIMEOUT <s>] [SETUP <fixture>]
#            [REQUIRES <fixture...>] [PROCESSORS <n>] [MPI_DEFAULTS])
# MPI_DEFAULTS: CS_MPI_ENV only (Open MPI's own choices), not the lean start-up.
function(cs_it_test)
  cmake_parse_arguments(T "MPI_DEFAULTS" "NAME;TIMEOUT;SETUP;PROCESSORS" "COMMAND;LABELS;REQUIRES" ${ARGN})
  set(env "${cs_it_env}")
  if(T_MPI_DEFAULTS)
    set(env "${cs_it_mpi_env}")
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 60)
  endif()
  add_test(NAME integration.${T_NAME} COMMAND ${T_COMMAND})
  set_tests_properties(integration.${T_NAME} PROPERTIES
    ENVIRONMENT "${env}" LABELS "integration;${T_LABELS}" TIMEOUT ${T_TIMEOUT})
  if(T_SETUP)
    set_tests_properties(integration.${T_NAME} PROPERTIES FIXTURES_SETUP ${T_SETUP})
  endif()
  if(T_REQUIRES)
    set_tests_properties(integration.${T_NAME} PROPERTIES FIXTURES_REQUIRED "${T_REQUIRES}")
  endif()
  if(T_PROCESSORS)
    set_tests_properties(integration.${T_NAME} PROPERTIES PROCESSORS ${T_PROCESSORS})
  endif()
endfunction()

# ---- 1. reproducibility over threads and ranks ---------------------------------
if(CS_H5DIFF_EXECUTABLE AND CS_H5DUMP_EXECUTABLE)
  set(cs_it_repro ${cs_it_dir}/repro.sh ${cs_it_bin} ${MPIEXEC_EXECUTABLE} ${cs_it_work}/repro)
  cs_it_test(NAME repro.reference COMMAND ${cs_it_repro} reference
    LABELS repro SETUP cs_it_repro TIMEOUT 120)
  # name, MPI ranks (0: no mpiexec), threads per process
  # (threads4: more threads than the build machine has cores; the ThreadSanitizer
  # step of scripts/sanitize.sh runs it too)
  foreach(cs_case threads2:0:2 threads4:0:4 mpi1:1:1 mpi2:2:1 mpi3:3:1 mpi2x2:2:2)
    string(REPLACE ":" ";" cs_case ${cs_case})
    list(GET cs_case 0 cs_name)
    list(GET cs_case 1 cs_np)
    list(GET cs_case 2 cs_threads)
    set(cs_labels repro)
    set(cs_mpi "")
    if(cs_np GREATER 0)
      list(APPEND cs_labels mpi)
      set(cs_mpi MPI_DEFAULTS)
    endif()
    cs_it_test(NAME repro.${cs_name} COMMAND ${cs_it_repro} ${cs_name} ${cs_np} ${cs_threads}
      LABELS ${cs_labels} REQUIRES cs_it_repro TIMEOUT 180 PROCESSORS 2 ${cs_mpi})
  endforeach()
  if(cs_it_h5py)
    cs_it_test(NAME repro.selftest COMMAND ${CMAKE_COMMAND} -E env PYTHON=${cs_it_python} ${cs_it_repro} selftest
      LABELS repro REQUIRES cs_it_repro)
  endif()
  # ---- 2. checkpoints: stopped, killed and resumed runs end as the reference -----
  set(cs_it_ckpt bash ${cs_it_dir}/checkpoint.sh ${cs_it_bin} ${MPIEXEC_EXECUTABLE} ${cs_it_work}/checkpoint
      ${cs_it_work}/repro/reference.h5)
  foreach(cs_case chain kill errors mpi)
    set(cs_labels checkpoint)
    set(cs_mpi "")
    if(cs_case STREQUAL "mpi")
      list(APPEND cs_labels mpi)
      set(cs_mpi MPI_DEFAULTS)
    endif()
    cs_it_test(NAME checkpoint.${cs_case}
      COMMAND ${CMAKE_COMMAND} -E env PYTHON=${cs_it_python} ${cs_it_ckpt} ${cs_case}
      LABELS ${cs_labels} REQUIRES cs_it_repro TIMEOUT 180 PROCESSORS 2 ${cs_mpi})
  endforeach()
  cs_it_test(NAME checkpoint.damaged COMMAND ${cs_it_ckpt} damaged LABELS checkpoint TIMEOUT 120)
  # ---- arms branched from a shared warm-up equal arms run alone -----------------
  set(cs_it_branch bash ${cs_it_dir}/branch.sh ${cs_it_bin} ${MPIEXEC_EXECUTABLE} ${cs_it_work}/branch)
  cs_it_test(NAME branch.reference COMMAND ${cs_it_branch} reference LABELS repro SETUP cs_it_branch TIMEOUT 120)
  foreach(cs_case threads1 threads2 mpi3 checkpoint)
    set(cs_labels repro)
    set(cs_mpi "")
    if(cs_case STREQUAL "mpi3")
      list(APPEND cs_labels mpi)
      set(cs_mpi MPI_DEFAULTS)
    endif()
    cs_it_test(NAME branch.${cs_case} COMMAND ${cs_it_branch} ${cs_case}
      LABELS ${cs_labels} REQUIRES cs_it_branch TIMEOUT 180 PROCESSORS 2 ${cs_mpi})
  endforeach()
else()
  message(WARNING "integration tests: h5diff/h5dump not found (Debian: hdf5-tools); repro tests not registered")
endif()

# ---- 3. broken scenarios and model files; bad command lines ----------------------
if(cs_it_python)
  file(GLOB cs_it_broken CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/configs/broken/*.yaml)
  file(GLOB cs_it_badcli CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/configs/cli/*.case)
  foreach(cs_file IN LISTS cs_it_broken cs_it_badcli)
    get_filename_component(cs_name ${cs_file} NAME_WE)
    get_filename_component(cs_ext ${cs_file} EXT)
    if(cs_ext STREQUAL ".case")
      set(cs_kind badcli)
    else()
      set(cs_kind broken)
    endif()
    cs_it_test(NAME ${cs_kind}.${cs_name}
      COMMAND ${cs_it_python} ${cs_it_dir}/broken_configs.py ${cs_it_bin} ${cs_file} ${MPIEXEC_EXECUTABLE}
      LABELS config TIMEOUT 60)
  endforeach()
endif()

if(cs_it_h5py)
  set(cs_it_check ${cs_it_python} ${cs_it_dir}/check_results.py)
  set(cs_it_cli ${cs_it_python} ${cs_it_dir}/cli_checks.py ${cs_it_bin})

  # ---- 5. read-back: layout and model invariants --------------------------------
  # weekly series, 100 nights over the new year, a 45-night survey window
  cs_it_test(NAME results.run_weekly
    COMMAND ${cs_it_bin} run ${cs_it_dir}/readback_weekly.yaml --threads 2 --quiet -o ${cs_it_work}/weekly.h5
    SETUP cs_it_weekly)
  cs_it_test(NAME results.check_weekly
    COMMAND ${cs_it_check} ${cs_it_work}/weekly.h5 --scenario ${cs_it_dir}/readback_weekly.yaml --agents
            --selftest ${cs_it_work}/selftest_weekly
    REQUIRES cs_it_weekly)
  # daily series with a survey window shorter than the run: exact window sums
  cs_it_test(NAME results.run_daily_window
    COMMAND ${cs_it_bin} run ${cs_it_dir}/repro.yaml --set survey.window_nights=45 --set replicates=1
            --quiet -o ${cs_it_work}/daily_window.h5
    SETUP cs_it_daily_window)
  cs_it_test(NAME results.check_daily_window
    COMMAND ${cs_it_check} ${cs_it_work}/daily_window.h5 --scenario ${cs_it_dir}/repro.yaml --agents
    REQUIRES cs_it_daily_window)
  if(CS_H5DIFF_EXECUTABLE AND CS_H5DUMP_EXECUTABLE)
    cs_it_test(NAME results.check_repro
      COMMAND ${cs_it_check} ${cs_it_work}/repro/reference.h5 --scenario ${cs_it_dir}/repro.yaml --agents
      REQUIRES cs_it_repro)
  endif()

  # ---- 4. output and input errors ------------------------------------------------
  cs_it_test(NAME io_errors COMMAND ${cs_it_cli} io ${cs_it_work}/io ${cs_it_work}/weekly.h5
    REQUIRES cs_it_weekly)

  # ---- 6. validate: every parameter, and a resolved scenario that reruns ------------
  if(CS_H5DIFF_EXECUTABLE)
    cs_it_test(NAME cli.validate COMMAND ${cs_it_cli} validate ${cs_it_work}/cli TIMEOUT 120)
  endif()

  # ---- 7. command-line basics --------------------------------------------------
  cs_it_test(NAME cli.basics COMMAND ${cs_it_cli} basics ${cs_it_work}/cli)
endif()

# Signals: SIGTERM and SIGINT remove the partial file; SIGKILL never leaves
# a file under the final name.
add_test(NAME integration.interrupt
  COMMAND bash ${cs_it_dir}/interrupt.sh ${cs_it_bin} ${PROJECT_SOURCE_DIR}/configs/default.yaml ${cs_it_work}/interrupt)
set_tests_properties(integration.interrupt PROPERTIES ENVIRONMENT "${cs_it_env}" LABELS integration TIMEOUT 120)

# ---- shipped scenarios ---------------------------------------------------------
# Every scenario under configs/ validates, and runs on a small population
# for its whole horizon (its arms, rules and caps set up and exercised).
file(GLOB cs_it_configs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/configs/*.yaml)
foreach(cs_file IN LISTS cs_it_configs)
  get_filename_component(cs_name ${cs_file} NAME_WE)
  cs_it_test(NAME configs.${cs_name}.validate COMMAND ${cs_it_bin} validate ${cs_file} LABELS config)
  file(STRINGS ${cs_file} cs_sweep_line REGEX "^sweep:")
  set(cs_point "")
  if(cs_sweep_line)
    set(cs_point --point 0) # a sweep: its first point
  endif()
  cs_it_test(NAME configs.${cs_name}.small_run
    COMMAND ${cs_it_bin} run ${cs_file} -q --threads 1 ${cs_point} --set population.size=20000
            --set replicates=1 -o ${cs_it_work}/configs_${cs_name}.h5
    LABELS config TIMEOUT 120)
endforeach()

# ---- sweeps --------------------------------------------------------------------
if(CS_H5DIFF_EXECUTABLE)
  cs_it_test(NAME sweep.task_farm
    COMMAND ${CMAKE_COMMAND} -E env PYTHON=${cs_it_python}
            ${cs_it_dir}/sweep.sh ${cs_it_bin} ${MPIEXEC_EXECUTABLE} ${cs_it_work}/sweep
    LABELS "sweep;mpi" TIMEOUT 300 PROCESSORS 2 MPI_DEFAULTS)
  cs_it_test(NAME sweep.families
    COMMAND ${cs_it_dir}/sweep_family.sh ${cs_it_bin} ${MPIEXEC_EXECUTABLE} ${cs_it_work}/sweep_family
    LABELS "sweep;mpi" TIMEOUT 300 PROCESSORS 2 MPI_DEFAULTS)
endif()
if(cs_it_h5py)
  cs_it_test(NAME results.series_periods
    COMMAND ${cs_it_python} ${cs_it_dir}/series_periods.py ${cs_it_bin} ${cs_it_work}/series_periods
    LABELS results TIMEOUT 120)
  cs_it_test(NAME sweep.sampling
    COMMAND ${cs_it_python} ${cs_it_dir}/sweep_sampling.py ${cs_it_bin} ${cs_it_work}/sweep_sampling
            ${PROJECT_SOURCE_DIR}/models/leg_cramps/model.yaml
    LABELS sweep TIMEOUT 120)
endif()

# ---- clusters ------------------------------------------------------------------
# A real one-node Slurm (started and stopped by the test) runs the sbatch
# templates of runs/slurm/; SKIPPED (exit 77) where it cannot: not root, or
# slurm-wlm/munge missing (scripts/test.sh installs them as root).
if(CS_H5DIFF_EXECUTABLE AND cs_it_h5py)
  cs_it_test(NAME slurm
    COMMAND ${CMAKE_COMMAND} -E env PYTHON=${cs_it_python}
            ${cs_it_dir}/slurm.sh ${cs_it_bin} ${PROJECT_SOURCE_DIR} ${cs_it_work}/slurm
    LABELS "slurm;mpi" TIMEOUT 600 PROCESSORS 2 MPI_DEFAULTS)
  set_tests_properties(integration.slurm PROPERTIES SKIP_RETURN_CODE 77)
endif()
