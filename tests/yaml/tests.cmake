# Unit tests of the YAML tree (cs_io) and of the util helpers beside it.
cs_add_unit_test(NAME yaml SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_yaml.c LIBS cs_io)
cs_add_unit_test(NAME suggest SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_suggest.c LIBS cs_util)
cs_add_unit_test(NAME strbuf SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_strbuf.c LIBS cs_util)
