// copydesk version: the tool's, the library's and the ABI's versions.
#include <copydesk.h>

#include <cstdio>

#include "commands.h"

namespace copydesk::cli {

int run_version(const Args&) {
  std::printf("copydesk %s (library %s, ABI %d)\n", COPYDESK_VERSION_STRING, copydesk_version_string(),
              copydesk_abi_version());
  if (copydesk_abi_version() != COPYDESK_ABI_VERSION) {
    std::fprintf(stderr, "error: library ABI %d does not match the tool's ABI %d\n", copydesk_abi_version(),
                 COPYDESK_ABI_VERSION);
    return 2;
  }
  return 0;
}

}  // namespace copydesk::cli
