# Generated documentation is current: docs/parameters.md matches model.yaml.
add_test(NAME docs.parameters_current
  COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tools/gen_parameters_doc.py
          models/leg_cramps/model.yaml --check docs/parameters.md
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(docs.parameters_current PROPERTIES LABELS docs TIMEOUT 60)
add_test(NAME docs.evidence_current
  COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tools/gen_parameters_doc.py --evidence
          models/leg_cramps/model.yaml --check docs/evidence.md
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(docs.evidence_current PROPERTIES LABELS docs TIMEOUT 60)
add_test(NAME docs.interventions_current
  COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tools/gen_interventions_table.py
          models/leg_cramps/model.yaml --check docs/policies.md
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(docs.interventions_current PROPERTIES LABELS docs TIMEOUT 60)
