# pcg32 and distribution unit tests (unit.rng).  The pcg32 reference is not
# stored: pcg_reference.cpp, built against Debian's libpcg-cpp, writes it
# into the build tree, and test_rng reads it from CS_PCG_REFERENCE_FILE.
find_path(CS_PCG_CPP_INCLUDE_DIR pcg_random.hpp)
if(NOT CS_PCG_CPP_INCLUDE_DIR)
  message(FATAL_ERROR "tests/rng needs pcg_random.hpp (Debian: libpcg-cpp-dev), or -DCS_BUILD_TESTS=OFF")
endif()

add_executable(cs_pcg_reference ${CMAKE_CURRENT_LIST_DIR}/../reference/pcg_reference.cpp)
target_include_directories(cs_pcg_reference SYSTEM PRIVATE ${CS_PCG_CPP_INCLUDE_DIR})
set_target_properties(cs_pcg_reference PROPERTIES
  CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF)
target_compile_options(cs_pcg_reference PRIVATE -Wall -Wextra $<$<BOOL:${CS_WERROR}>:-Werror>)

set(CS_PCG_REFERENCE_FILE ${CMAKE_CURRENT_BINARY_DIR}/rng/pcg_reference.txt)
add_custom_command(OUTPUT ${CS_PCG_REFERENCE_FILE}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/rng
  COMMAND cs_pcg_reference ${CS_PCG_REFERENCE_FILE}
  DEPENDS cs_pcg_reference
  COMMENT "Writing pcg32 reference sequences with libpcg-cpp"
  VERBATIM)
add_custom_target(cs_pcg_reference_txt DEPENDS ${CS_PCG_REFERENCE_FILE})

cs_add_unit_test(NAME rng
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_rng.c ${CMAKE_CURRENT_LIST_DIR}/test_dist.c
          ${CMAKE_CURRENT_LIST_DIR}/test_normal.c ${CMAKE_CURRENT_LIST_DIR}/test_stats.c
  LIBS cs_engine)
target_compile_definitions(test_rng PRIVATE CS_PCG_REFERENCE_FILE="${CS_PCG_REFERENCE_FILE}")
add_dependencies(test_rng cs_pcg_reference_txt)

# The Ziggurat tables are generated: fail if the header and its generator
# disagree (not part of unit.rng, to keep that quick).
add_test(NAME tools.gen_ziggurat
  COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tools/gen_ziggurat.py
          --check ${PROJECT_SOURCE_DIR}/src/engine/cs_ziggurat_tables.h)
set_tests_properties(tools.gen_ziggurat PROPERTIES LABELS tools TIMEOUT 60)
