# Sanitizer builds (docs/reliability.md, "Sanitizers").
#
#   -DCS_SANITIZE=address,undefined   AddressSanitizer + UndefinedBehaviorSanitizer (gcc or clang)
#   -DCS_SANITIZE=thread              ThreadSanitizer (clang + LLVM's libomp: gcc's libgomp is
#                                     not instrumented, so TSan cannot see its barriers)
#   -DCS_SANITIZE=ON                  the same as address,undefined
#
# The flags go on cs_flags, which every crampsim target links (compile and
# link).  Every UBSan finding aborts (-fno-sanitize-recover), so a test with
# undefined behaviour fails instead of printing a line nobody reads.
# cs_sanitizer_test_env() then gives every registered test the runtime
# options and the suppressions of tests/sanitizers/ (third-party code only).
set(CS_SANITIZE "" CACHE STRING "Sanitizers for every target: address,undefined | thread | empty")
if(CS_SANITIZE STREQUAL "ON")
  set(CS_SANITIZE "address,undefined" CACHE STRING "" FORCE)
elseif(CS_SANITIZE STREQUAL "OFF")
  set(CS_SANITIZE "" CACHE STRING "" FORCE)
endif()

set(cs_sanitizer_dir ${CMAKE_CURRENT_LIST_DIR}/../tests/sanitizers)
get_filename_component(cs_sanitizer_dir ${cs_sanitizer_dir} ABSOLUTE)

if(CS_SANITIZE)
  set(cs_san_flags -fsanitize=${CS_SANITIZE} -fno-omit-frame-pointer)
  if(CS_SANITIZE MATCHES "undefined")
    # float-cast-overflow is undefined behaviour too, but not in gcc's "undefined" set
    list(APPEND cs_san_flags -fsanitize=float-cast-overflow -fno-sanitize-recover=all)
  endif()
  if(CS_SANITIZE MATCHES "thread" AND NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(WARNING "CS_SANITIZE=thread with ${CMAKE_C_COMPILER_ID}: libgomp is not instrumented, "
                    "expect false races at OpenMP barriers (scripts/sanitize.sh uses clang + libomp)")
  endif()
  if(CS_SANITIZE MATCHES "thread" AND CMAKE_C_COMPILER_ID STREQUAL "Clang")
    # archer: libomp's OMPT tool that tells TSan about OpenMP's barriers,
    # locks and reductions (libomp itself is not instrumented)
    string(REGEX MATCH "^[0-9]+" cs_clang_major ${CMAKE_C_COMPILER_VERSION})
    find_library(CS_ARCHER_LIBRARY NAMES archer libarcher.so
      PATHS /usr/lib/llvm-${cs_clang_major}/lib NO_DEFAULT_PATH)
    if(NOT CS_ARCHER_LIBRARY)
      message(WARNING "CS_SANITIZE=thread: no libarcher.so (Debian: libomp-dev); OpenMP barriers will look like races")
    endif()
  endif()
  target_compile_options(cs_flags INTERFACE ${cs_san_flags})
  target_link_options(cs_flags INTERFACE ${cs_san_flags})
  message(STATUS "Sanitizers: ${CS_SANITIZE}")
endif()

# AddressSanitizer builds: every executable of the project gets
# tests/sanitizers/keep_loaded.c, a dlclose that unloads nothing, so that
# Open MPI's plugins stay mapped until exit and LeakSanitizer's default fast
# unwinder names them (lsan.supp).  Called once, at the end of the top-level
# CMakeLists.txt, when every target exists.
function(cs_sanitizer_keep_loaded)
  if(NOT CS_SANITIZE MATCHES "address")
    return()
  endif()
  set(dirs ${PROJECT_SOURCE_DIR})
  while(dirs)
    list(POP_FRONT dirs dir)
    get_property(sub DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    list(APPEND dirs ${sub})
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(t IN LISTS targets)
      get_target_property(type ${t} TYPE)
      if(type STREQUAL "EXECUTABLE")
        target_sources(${t} PRIVATE ${cs_sanitizer_dir}/keep_loaded.c)
      endif()
    endforeach()
  endwhile()
endfunction()

# Appends the sanitizer runtime options to the ENVIRONMENT of every test
# registered in the calling directory (call it after the tests are added),
# and stretches each TIMEOUT: instrumented code runs 2-5 times slower
# (ThreadSanitizer more), and a loaded CI machine should not fail a test
# that only ran slowly.
set(CS_SANITIZE_TIMEOUT_FACTOR 5 CACHE STRING "TIMEOUT multiplier of every test in a sanitizer build")
function(cs_sanitizer_test_env)
  if(NOT CS_SANITIZE)
    return()
  endif()
  set(env
    "ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:strict_string_checks=1:check_initialization_order=1"
    # the default fast unwinder: Open MPI's plugins stay loaded (keep_loaded.c),
    # so the first frame of their leaks names them (lsan.supp)
    "LSAN_OPTIONS=suppressions=${cs_sanitizer_dir}/lsan.supp:print_suppressions=0"
    "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=${cs_sanitizer_dir}/ubsan.supp"
    # libomp is not instrumented: archer (OMP_TOOL_LIBRARIES, set by
    # scripts/sanitize.sh) tells TSan about its barriers and locks
    "TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:ignore_noninstrumented_modules=1:suppressions=${cs_sanitizer_dir}/tsan.supp")
  if(CS_ARCHER_LIBRARY)
    list(APPEND env "OMP_TOOL_LIBRARIES=${CS_ARCHER_LIBRARY}")
  endif()
  get_property(tests DIRECTORY PROPERTY TESTS)
  foreach(t IN LISTS tests)
    set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT ${env})
    get_test_property(${t} TIMEOUT timeout)
    if(timeout)
      math(EXPR timeout "${timeout} * ${CS_SANITIZE_TIMEOUT_FACTOR}")
      set_tests_properties(${t} PROPERTIES TIMEOUT ${timeout})
    endif()
  endforeach()
endfunction()
