# The analysis scripts on a real result (the calibration run's file).
add_test(NAME analysis.prevalence
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/check_prevalence.py
          ${PROJECT_SOURCE_DIR}/analysis/prevalence.py ${PROJECT_BINARY_DIR}/tests/calibration.h5
          ${CMAKE_CURRENT_BINARY_DIR}/prevalence.csv)
set_tests_properties(analysis.prevalence PROPERTIES FIXTURES_REQUIRED cs_calibration LABELS analysis TIMEOUT 120)
# The survey accessors of analysis/crampsim_results.py and prevalence.py --survey
# on the same file (configs/default.yaml asks two surveys).
add_test(NAME analysis.surveys
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/check_surveys.py ${PROJECT_SOURCE_DIR}/analysis
          ${PROJECT_BINARY_DIR}/tests/calibration.h5 ${CMAKE_CURRENT_BINARY_DIR}/surveys)
set_tests_properties(analysis.surveys PROPERTIES FIXTURES_REQUIRED cs_calibration LABELS analysis TIMEOUT 120)
