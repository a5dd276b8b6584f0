# In-silico trials (docs/policies.md, "In-silico trials"), labels trial and calibration:
#
#   trial.<name>.run       crampsim run configs/trial_<name>.yaml (quinine, magnesium, stretching)
#   trial.<name>.effect    the emulated effect -- ratio of mean cramps per week in the final window, the
#                          intervention's arm over the control -- lies in the published interval of
#                          EVIDENCE.md; the control arm's mean falls from baseline (regression to the
#                          mean); the tallies add up and every /trial dataset is self-describing; the
#                          report's published effect (analysis/evidence.py, trial-effect.png) has the
#                          same interval
#   trial.placebo.run      the quinine trial with the quinine arm given nothing (usual care)
#   trial.placebo.effect   usual care over placebo, adjusted for baseline, is about 1 / placebo.rate_ratio
#                          (1/0.9): a placebo effect that is missing, or given to both arms, fails it
#   trial.can_fail         that run checked against quinine's interval must fail (WILL_FAIL): the
#                          effect test can tell an inert arm from quinine
#   trial.repro            a small three-arm trial beside a policy arm: bit-identical for 1 and 2
#                          threads and 2 and 3 MPI ranks, allocation exactly 2:1:1 (label trial;repro)
set(cs_trial_dir ${CMAKE_CURRENT_LIST_DIR})
set(cs_trial_work ${CMAKE_CURRENT_BINARY_DIR}/trial)
set(cs_trial_check /usr/bin/python3 ${cs_trial_dir}/check_trial.py)
# name, arm, published interval, citation
set(cs_trials
  "quinine|quinine|0.60|0.85|0.72 (0.60-0.85), Cochrane CD005044"
  "magnesium|magnesium|0.82|1.10|0.96 (0.82-1.10), Cochrane CD009402"
  "stretching|stretching|0.65|1.0|0.8 (0.65-1.0), Hallegraeff 2012")
foreach(cs_t IN LISTS cs_trials)
  string(REPLACE "|" ";" cs_t "${cs_t}")
  list(GET cs_t 0 cs_name)
  list(GET cs_t 1 cs_arm)
  list(GET cs_t 2 cs_lo)
  list(GET cs_t 3 cs_hi)
  list(GET cs_t 4 cs_cite)
  add_test(NAME trial.${cs_name}.run
    COMMAND crampsim run ${PROJECT_SOURCE_DIR}/configs/trial_${cs_name}.yaml --threads 2 -o ${cs_trial_work}_${cs_name}.h5)
  add_test(NAME trial.${cs_name}.effect
    COMMAND ${cs_trial_check} ${cs_trial_work}_${cs_name}.h5 --arm ${cs_arm} --range ${cs_lo} ${cs_hi}
            --cite "${cs_cite}" --min-randomised 4000 --control-falls --published ${PROJECT_SOURCE_DIR}/analysis)
  set_tests_properties(trial.${cs_name}.run PROPERTIES FIXTURES_SETUP cs_trial_${cs_name}
    LABELS "trial;calibration" ENVIRONMENT "${CS_MPI_ENV}" TIMEOUT 300 PROCESSORS 2)
  set_tests_properties(trial.${cs_name}.effect PROPERTIES FIXTURES_REQUIRED cs_trial_${cs_name}
    LABELS "trial;calibration" TIMEOUT 60)
endforeach()

add_test(NAME trial.placebo.run
  COMMAND crampsim run ${PROJECT_SOURCE_DIR}/configs/trial_quinine.yaml --threads 2 -q
          --set trial.arms.quinine.intervention=none -o ${cs_trial_work}_placebo.h5)
add_test(NAME trial.placebo.effect
  COMMAND ${cs_trial_check} ${cs_trial_work}_placebo.h5 --arm quinine --adjusted --range 1.04 1.20
          --cite "usual care over placebo: 1 / placebo.rate_ratio = 1.11")
add_test(NAME trial.can_fail
  COMMAND ${cs_trial_check} ${cs_trial_work}_placebo.h5 --arm quinine --range 0.60 0.85)
set_tests_properties(trial.placebo.run PROPERTIES FIXTURES_SETUP cs_trial_placebo
  LABELS "trial;calibration" ENVIRONMENT "${CS_MPI_ENV}" TIMEOUT 300 PROCESSORS 2)
set_tests_properties(trial.placebo.effect trial.can_fail PROPERTIES FIXTURES_REQUIRED cs_trial_placebo
  LABELS "trial;calibration" TIMEOUT 60)
set_tests_properties(trial.can_fail PROPERTIES WILL_FAIL TRUE)

find_program(CS_TRIAL_H5DIFF h5diff)
find_program(CS_TRIAL_H5DUMP h5dump)
if(CS_TRIAL_H5DIFF AND CS_TRIAL_H5DUMP)
  add_test(NAME trial.repro
    COMMAND bash ${cs_trial_dir}/repro.sh $<TARGET_FILE:crampsim> ${MPIEXEC_EXECUTABLE} ${cs_trial_work}/repro)
  set_tests_properties(trial.repro PROPERTIES LABELS "trial;repro;mpi" ENVIRONMENT "${CS_MPI_ENV}" TIMEOUT 300
    PROCESSORS 2)
endif()
