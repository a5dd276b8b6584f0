/* fuzz_support.h -- what the fuzz targets share: MPI started once, output
 * silenced, fuzz bytes written to a file for the readers that only open
 * paths, and a sink for the messages the code under test prints. */
#ifndef FUZZ_SUPPORT_H
#define FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "cs_msg.h"

/* The libFuzzer entry points every target defines (fuzz_replay.c calls
 * them without libFuzzer). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Starts MPI (a singleton process) once, finalised at exit, and sends
 * stdout to /dev/null: the commands fuzzed print their reports there. */
void fuzz_start(void);

/* A fresh directory under $TMPDIR (default /tmp), removed with everything
 * in it at exit.  Owned by this module. */
const char *fuzz_workdir(void);

/* Writes data[0 .. size) to `path` (truncating); aborts on failure, which
 * is a problem of the harness, not of the code under test. */
void fuzz_write_file(const char *path, const uint8_t *data, size_t size);

/* A message sink that formats every message (so the formatting is
 * exercised) and throws it away; to stderr when FUZZ_MESSAGES is set. */
cs_msg fuzz_msg(void);

/* Stops the process with a message: a broken promise of the code under
 * test that no sanitizer would notice (libFuzzer records the input). */
_Noreturn void fuzz_fail(const char *what, int code);

#endif
