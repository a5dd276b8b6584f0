/* AddressSanitizer builds only (cmake/Sanitizers.cmake): every executable
 * gets this dlclose, which leaves the library loaded.  Open MPI unloads its
 * plugins at MPI_Finalize, and a buffer a plugin kept until exit then shows
 * in LeakSanitizer's report as "<unknown module>", which no suppression can
 * name.  With the plugins still mapped, the first frame of each such stack
 * names the plugin (lsan.supp), and LeakSanitizer can keep its default fast
 * unwinder: a full unwind of every allocation cost up to 5.7 times the
 * CPU time (docs/reliability.md, "Sanitizers").  crampsim itself opens no
 * library. */
#include <dlfcn.h>

int dlclose(void *handle)
{
    (void)handle;
    return 0;
}
