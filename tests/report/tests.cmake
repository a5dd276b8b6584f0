# The report (analysis/report.py) on small real simulations, label "report":
#
#   report.run.{daily,weekly}     crampsim runs: 30,000 agents x 400 nights x 3 replicates, daily series
#                                 and per-agent columns; 10,000 x 120 x 2, weekly (min-max intervals)
#   report.build.*                the report into a fresh folder: exit 0, nothing on stderr
#   report.{tables,figures,html}.*  every CSV number recomputed from the datasets by the test's own
#                                 code; PNGs > 300 px and > 10 kB; one self-contained HTML file
#   report.bad_inputs             newer layout, missing groups, foreign HDF5, not HDF5...: exit 2,
#                                 one line on stderr; unwritable output folder: exit 3
#   report.arm_stats              the comparison's statistics on synthetic numbers with hand-worked
#                                 answers (t quantiles, paired t intervals, Fieller, dominance, NNT, CEAC)
#   report.run.arms               crampsim runs tests/report/arms.yaml: 30,000 agents x 120 nights x
#                                 3 replicates x 3 arms (reference, quinine, an arm that reaches nobody)
#   report.build.arms             `crampsim report` on it; report.{tables,figures,html}.arms check the
#                                 comparison (recomputed here; the arm reaching nobody exactly 0), the forest
#                                 plot's effects (arm_forest) and the arms' time series (arm_series);
#                                 report.bad_inputs.arms: a multi-arm file lacking a series or an arm
#   report.run.trial              crampsim runs tests/trial/repro_trial.yaml (a 3-arm trial beside 2 policy arms,
#                                 2 replicates); report.{build,tables,figures,html}.trial check the trial table
#                                 against /trial and the published effects of EVIDENCE.md, trial-effect.png, the
#                                 forest plot and the arms' series; report.edited.trial: an arm whose intervention
#                                 has no published effect (emulated only, with a note), a trial lacking a dataset
#   report.sweep_stats            the sweep report's statistics on synthetic numbers (ranks, Spearman,
#                                 one-way means over a grid, percentiles, NMB shares, units)
#   report.run.sweep_{grid,psa}   crampsim runs tests/report/sweep_grid.yaml (2 x 2 grid) and sweep_psa.yaml
#                                 (6 PSA draws of quinine and economics), 10,000 agents x 60 nights x 1
#                                 replicate x 2 arms per point
#   report.build.sweep_*          `crampsim report` on them; report.{tables,figures,html}.sweep_* recompute
#                                 every CSV number from the datasets and check the PNGs and the page
#   report.bad_inputs.sweep       broken sweep files (/sweep or points missing, wrong shapes): exit 2, one line
#   report.memory.sweep           a synthetic 10,000-point sweep (points hard-linked): peak memory < 300 MB
#
# Needs Debian's /usr/bin/python3 with h5py, numpy and matplotlib.
set(cs_rp_py /usr/bin/python3)
execute_process(COMMAND ${cs_rp_py} -c "import h5py, numpy, matplotlib"
  RESULT_VARIABLE cs_rp_rc OUTPUT_QUIET ERROR_QUIET)
if(NOT cs_rp_rc EQUAL 0)
  message(WARNING "report tests: ${cs_rp_py} lacks h5py, numpy or matplotlib; not registered")
  return()
endif()
set(cs_rp_dir ${CMAKE_CURRENT_LIST_DIR})
set(cs_rp_work ${CMAKE_CURRENT_BINARY_DIR}/report)
set(cs_rp_report ${PROJECT_SOURCE_DIR}/analysis/report.py)
file(MAKE_DIRECTORY ${cs_rp_work})

set(cs_rp_daily_args --set population.size=30000 --set replicates=3 --set horizon.nights=400
                     --set output.series=daily --set output.agents=true)
set(cs_rp_weekly_args --set population.size=10000 --set replicates=2 --set horizon.nights=120
                      --set output.series=weekly)
foreach(kind daily weekly)
  set(h5 ${cs_rp_work}/${kind}.h5)
  set(out ${cs_rp_work}/${kind}-report)
  add_test(NAME report.run.${kind}
    COMMAND $<TARGET_FILE:crampsim> run ${PROJECT_SOURCE_DIR}/configs/default.yaml -q -o ${h5}
            ${cs_rp_${kind}_args})
  set_tests_properties(report.run.${kind} PROPERTIES ENVIRONMENT "${CS_MPI_ENV}"
    FIXTURES_SETUP cs_report_${kind} LABELS report TIMEOUT 180)  # 36e6 agent-nights: ~10 s alone, more beside other tests
  add_test(NAME report.build.${kind}
    COMMAND ${cs_rp_py} ${cs_rp_dir}/check_report.py build ${cs_rp_report} ${h5} ${out})
  set_tests_properties(report.build.${kind} PROPERTIES FIXTURES_REQUIRED cs_report_${kind}
    FIXTURES_SETUP cs_report_${kind}_out LABELS report TIMEOUT 60)
  foreach(check tables figures html)
    add_test(NAME report.${check}.${kind}
      COMMAND ${cs_rp_py} ${cs_rp_dir}/check_report.py ${check} ${h5} ${out})
    set_tests_properties(report.${check}.${kind} PROPERTIES
      FIXTURES_REQUIRED "cs_report_${kind};cs_report_${kind}_out" LABELS report TIMEOUT 60)
  endforeach()
endforeach()

add_test(NAME report.bad_inputs
  COMMAND ${cs_rp_py} ${cs_rp_dir}/check_bad_inputs.py ${cs_rp_report} ${cs_rp_work}/weekly.h5
          ${cs_rp_work}/bad)
set_tests_properties(report.bad_inputs PROPERTIES FIXTURES_REQUIRED cs_report_weekly LABELS report TIMEOUT 60)

# The comparison of arms (analysis/arms.py): unit tests, then a real three-arm run through `crampsim report`.
add_test(NAME report.arm_stats COMMAND ${cs_rp_py} ${cs_rp_dir}/check_arm_stats.py ${PROJECT_SOURCE_DIR}/analysis)
set_tests_properties(report.arm_stats PROPERTIES LABELS "report;analysis" TIMEOUT 60)
# Two multi-arm runs through `crampsim report`: tests/report/arms.yaml (checked by check_arms.py, then its
# broken copies: report.bad_inputs.arms) and a trial beside policy arms, tests/trial/repro_trial.yaml (the trial
# table and the emulated against published effect, the forest plot and the arms' series: check_trial_report.py,
# then an arm with no published figure and a trial lacking a dataset: report.edited.trial).
set(cs_rp_arms_scenario ${cs_rp_dir}/arms.yaml)
set(cs_rp_arms_check ${cs_rp_dir}/check_arms.py)
set(cs_rp_arms_edits bad)
set(cs_rp_trial_scenario ${PROJECT_SOURCE_DIR}/tests/trial/repro_trial.yaml)
set(cs_rp_trial_check ${cs_rp_dir}/check_trial_report.py)
set(cs_rp_trial_edits edited)
foreach(kind arms trial)
  set(h5 ${cs_rp_work}/${kind}.h5)
  set(out ${cs_rp_work}/${kind}-report)
  add_test(NAME report.run.${kind} COMMAND $<TARGET_FILE:crampsim> run ${cs_rp_${kind}_scenario} -q -o ${h5})
  set_tests_properties(report.run.${kind} PROPERTIES ENVIRONMENT "${CS_MPI_ENV}" FIXTURES_SETUP cs_report_${kind}
    LABELS report TIMEOUT 120)
  add_test(NAME report.build.${kind}
    COMMAND ${cs_rp_py} ${cs_rp_${kind}_check} build $<TARGET_FILE:crampsim> ${h5} ${out})
  set_tests_properties(report.build.${kind} PROPERTIES ENVIRONMENT "${CS_MPI_ENV}"
    FIXTURES_REQUIRED cs_report_${kind} FIXTURES_SETUP cs_report_${kind}_out LABELS report TIMEOUT 120)
  foreach(check tables figures html)
    add_test(NAME report.${check}.${kind} COMMAND ${cs_rp_py} ${cs_rp_${kind}_check} ${check} ${h5} ${out})
    set_tests_properties(report.${check}.${kind} PROPERTIES
      FIXTURES_REQUIRED "cs_report_${kind};cs_report_${kind}_out" LABELS report TIMEOUT 60)
  endforeach()
  set(edits ${cs_rp_${kind}_edits})
  set(name report.${edits}.${kind})
  if(edits STREQUAL "bad")
    set(name report.bad_inputs.${kind})
  endif()
  add_test(NAME ${name}
    COMMAND ${cs_rp_py} ${cs_rp_${kind}_check} ${edits} ${cs_rp_report} ${h5} ${cs_rp_work}/${edits}-${kind})
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED cs_report_${kind} LABELS report TIMEOUT 180)
endforeach()

# `crampsim report` runs the same script and passes its verdict on.
add_test(NAME report.cli
  COMMAND bash -c "\"$0\" report \"$1\" -o \"$2\" && test -s \"$2/report.html\" && { \"$0\" report /etc/hostname -o \"$2-bad\"; test $? -eq 2; } && test ! -e \"$2-bad\""
          $<TARGET_FILE:crampsim> ${PROJECT_BINARY_DIR}/tests/calibration.h5 ${CMAKE_CURRENT_BINARY_DIR}/cli-report)
set_tests_properties(report.cli PROPERTIES FIXTURES_REQUIRED cs_calibration ENVIRONMENT "${CS_MPI_ENV}"
  LABELS "report;integration" TIMEOUT 120)

# Sweeps (analysis/sweep_report.py): statistics on synthetic numbers, then a grid and a PSA through
# `crampsim run` and `crampsim report`, broken sweep files, and the memory of a 10,000-point sweep.
add_test(NAME report.sweep_stats
  COMMAND ${cs_rp_py} ${cs_rp_dir}/check_sweep_stats.py ${PROJECT_SOURCE_DIR}/analysis)
set_tests_properties(report.sweep_stats PROPERTIES LABELS "report;analysis" TIMEOUT 60)
foreach(kind grid psa)
  set(h5 ${cs_rp_work}/sweep_${kind}.h5)
  set(out ${cs_rp_work}/sweep_${kind}-report)
  # a sweep keeps its points' files beside the result and refuses to start over them: start clean
  add_test(NAME report.run.sweep_${kind}
    COMMAND bash -c "rm -rf \"$1\" \"$1.points\" && \"$0\" run \"$2\" -q -o \"$1\""
            $<TARGET_FILE:crampsim> ${h5} ${cs_rp_dir}/sweep_${kind}.yaml)
  set_tests_properties(report.run.sweep_${kind} PROPERTIES ENVIRONMENT "${CS_MPI_ENV}"
    FIXTURES_SETUP cs_report_sweep_${kind} LABELS report TIMEOUT 120)
  add_test(NAME report.build.sweep_${kind}
    COMMAND ${cs_rp_py} ${cs_rp_dir}/check_sweep.py build $<TARGET_FILE:crampsim> ${h5} ${out})
  set_tests_properties(report.build.sweep_${kind} PROPERTIES ENVIRONMENT "${CS_MPI_ENV}"
    FIXTURES_REQUIRED cs_report_sweep_${kind} FIXTURES_SETUP cs_report_sweep_${kind}_out LABELS report TIMEOUT 120)
  foreach(check tables figures html)
    add_test(NAME report.${check}.sweep_${kind}
      COMMAND ${cs_rp_py} ${cs_rp_dir}/check_sweep.py ${check} ${h5} ${out})
    set_tests_properties(report.${check}.sweep_${kind} PROPERTIES
      FIXTURES_REQUIRED "cs_report_sweep_${kind};cs_report_sweep_${kind}_out" LABELS report TIMEOUT 60)
  endforeach()
endforeach()
add_test(NAME report.bad_inputs.sweep
  COMMAND ${cs_rp_py} ${cs_rp_dir}/check_sweep_inputs.py ${cs_rp_report} ${cs_rp_work}/sweep_grid.h5
          ${cs_rp_work}/bad-sweep)
set_tests_properties(report.bad_inputs.sweep PROPERTIES FIXTURES_REQUIRED cs_report_sweep_grid LABELS report
  TIMEOUT 180)
add_test(NAME report.memory.sweep
  COMMAND ${cs_rp_py} ${cs_rp_dir}/check_sweep_memory.py ${cs_rp_report} ${cs_rp_work}/sweep_psa.h5
          ${cs_rp_work}/sweep-memory 10000 300)
set_tests_properties(report.memory.sweep PROPERTIES FIXTURES_REQUIRED cs_report_sweep_psa LABELS report
  TIMEOUT 900)
