# Calibration: a one-year run of 400,000 agents against the published
# targets (docs/calibration.md).  Slower than unit tests, so labelled.
set(CS_CAL_OUT ${CMAKE_CURRENT_BINARY_DIR}/calibration.h5)
add_test(NAME calibration.run
  COMMAND crampsim run ${PROJECT_SOURCE_DIR}/configs/default.yaml -q -o ${CS_CAL_OUT}
          --set population.size=400000 --set replicates=1 --set horizon.nights=365)
add_test(NAME calibration.targets
  COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tests/calibration/check_calibration.py ${CS_CAL_OUT})
set_tests_properties(calibration.run PROPERTIES FIXTURES_SETUP cs_calibration LABELS calibration
  ENVIRONMENT "${CS_MPI_ENV}" TIMEOUT 600)
set_tests_properties(calibration.targets PROPERTIES FIXTURES_REQUIRED cs_calibration LABELS calibration TIMEOUT 60)
