# Calibration, label "calibration" (docs/calibration.md):
#
#   calibration.run            a one-year run of 400,000 agents (the default scenario)
#   calibration.targets        that run against every target of models/leg_cramps/calibration/targets.yaml,
#                              one line per target with its evidence ID
#   calibration.optimizer      analysis/nelder_mead.py on Rosenbrock and quadratics (bounds, budget)
#   calibration.scores         analysis/calibration_targets.py: errors, one-sided bounds, relations, MISSING
#   calibration.fit_file       models/leg_cramps/calibration/fit.yaml is valid against the current model
#   calibration.fit_recovers   calibrate.py brings pregnancy.cramp_rate_trimester3, doubled, back within
#                              its target's band (50,000 agents, 12 evaluations, one thread)
#   calibration.spec_errors    broken targets and fit files: exit 2, one line naming FILE:KEY; a target
#                              without a headline is MISSING
set(CS_CAL_OUT ${CMAKE_CURRENT_BINARY_DIR}/calibration.h5)
set(cs_cal_dir ${CMAKE_CURRENT_LIST_DIR})
set(cs_cal_targets ${PROJECT_SOURCE_DIR}/models/leg_cramps/calibration/targets.yaml)
set(cs_cal_work ${CMAKE_CURRENT_BINARY_DIR}/calibration)
add_test(NAME calibration.run
  COMMAND crampsim run ${PROJECT_SOURCE_DIR}/configs/default.yaml -q -o ${CS_CAL_OUT}
          --set population.size=400000 --set replicates=1 --set horizon.nights=365)
add_test(NAME calibration.targets
  COMMAND /usr/bin/python3 ${cs_cal_dir}/check_calibration.py ${CS_CAL_OUT} --targets ${cs_cal_targets})
set_tests_properties(calibration.run PROPERTIES FIXTURES_SETUP cs_calibration LABELS calibration
  ENVIRONMENT "${CS_MPI_ENV}" TIMEOUT 600)
set_tests_properties(calibration.targets PROPERTIES FIXTURES_REQUIRED cs_calibration LABELS calibration TIMEOUT 60)
# ... and one test per target, named after it, so a miss names its figure and evidence ID in the
# ctest summary (ids read from the targets file at configure time)
file(STRINGS ${cs_cal_targets} cs_cal_id_lines REGEX "^  - id: ")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${cs_cal_targets})
foreach(line IN LISTS cs_cal_id_lines)
  string(REGEX REPLACE "^  - id: *([A-Za-z0-9_]+).*" "\\1" cs_id "${line}")
  add_test(NAME calibration.target.${cs_id}
    COMMAND /usr/bin/python3 ${cs_cal_dir}/check_calibration.py ${CS_CAL_OUT} --targets ${cs_cal_targets} --only ${cs_id})
  set_tests_properties(calibration.target.${cs_id} PROPERTIES FIXTURES_REQUIRED cs_calibration LABELS calibration
    TIMEOUT 60)
endforeach()

add_test(NAME calibration.optimizer COMMAND /usr/bin/python3 ${cs_cal_dir}/test_nelder_mead.py)
add_test(NAME calibration.scores COMMAND /usr/bin/python3 ${cs_cal_dir}/test_target_scores.py)
add_test(NAME calibration.fit_file
  COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/analysis/calibrate.py
          ${PROJECT_SOURCE_DIR}/models/leg_cramps/calibration/fit.yaml --dry-run --crampsim $<TARGET_FILE:crampsim>)
add_test(NAME calibration.fit_recovers
  COMMAND /usr/bin/python3 ${cs_cal_dir}/check_fit_recovers.py $<TARGET_FILE:crampsim> ${cs_cal_work}/recovers
          --parameter pregnancy.cramp_rate_trimester3 --target pregnancy_trimester_3 --factor 2
          --population 50000 --nights 365 --max-evaluations 12)
add_test(NAME calibration.spec_errors
  COMMAND /usr/bin/python3 ${cs_cal_dir}/check_spec_errors.py $<TARGET_FILE:crampsim> ${cs_cal_work}/errors
          ${CS_CAL_OUT})
set_tests_properties(calibration.optimizer calibration.scores calibration.fit_file calibration.fit_recovers PROPERTIES
  LABELS calibration ENVIRONMENT "${CS_MPI_ENV}" TIMEOUT 180)
set_tests_properties(calibration.spec_errors PROPERTIES FIXTURES_REQUIRED cs_calibration
  LABELS calibration ENVIRONMENT "${CS_MPI_ENV}" TIMEOUT 180)

# Care seeking needs years of history: a ten-year run of 40,000 agents against targets_care.yaml.
set(CS_CARE_OUT ${CMAKE_CURRENT_BINARY_DIR}/calibration_care.h5)
add_test(NAME calibration.care_run
  COMMAND crampsim run ${PROJECT_SOURCE_DIR}/configs/default.yaml -q -o ${CS_CARE_OUT}
          --set population.size=40000 --set replicates=1 --set horizon.nights=3650)
add_test(NAME calibration.care_targets
  COMMAND /usr/bin/python3 ${cs_cal_dir}/check_calibration.py ${CS_CARE_OUT}
          --targets ${PROJECT_SOURCE_DIR}/models/leg_cramps/calibration/targets_care.yaml)
add_test(NAME calibration.care_fit_file
  COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/analysis/calibrate.py
          ${PROJECT_SOURCE_DIR}/models/leg_cramps/calibration/fit_care.yaml --dry-run --crampsim $<TARGET_FILE:crampsim>)
set_tests_properties(calibration.care_run PROPERTIES FIXTURES_SETUP cs_calibration_care LABELS calibration
  ENVIRONMENT "${CS_MPI_ENV}" TIMEOUT 600)
set_tests_properties(calibration.care_targets PROPERTIES FIXTURES_REQUIRED cs_calibration_care LABELS calibration
  TIMEOUT 60)
set_tests_properties(calibration.care_fit_file PROPERTIES LABELS calibration ENVIRONMENT "${CS_MPI_ENV}" TIMEOUT 180)
