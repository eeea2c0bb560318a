// fuzz_bundle: arbitrary bytes loaded as a compiled bundle from memory.
// Checks: copydesk_ruleset_load_memory returns COPYDESK_OK or a documented error
// (VERSION, IO, NOMEM, LIMIT), never an internal error or a crash. A bundle that loads
// scans a fixed text with findings that pass the fuzz_scan offset checks.
//
// A bundle ends with a 64-bit FNV-1a checksum of everything before it, which random
// mutations almost never keep right. So each input whose first bytes are the bundle
// magic is also loaded a second time with its checksum recomputed: that is how the
// mutations reach the sections behind the checksum (sizes, sources, match data).
#include <copydesk.h>

#include <cstring>
#include <string>
#include <string_view>

#include "fuzz_common.h"

using namespace copydesk_fuzz;

namespace {

// 64-bit FNV-1a, as the bundle format specifies.
uint64_t fnv1a64(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

void load_and_check(std::string_view bytes) {
  copydesk_ruleset* rs = nullptr;
  int status = copydesk_ruleset_load_memory(&rs, bytes.data(), bytes.size());
  FUZZ_CHECK(status == COPYDESK_OK || status == COPYDESK_E_VERSION || status == COPYDESK_E_IO ||
                 status == COPYDESK_E_NOMEM || status == COPYDESK_E_LIMIT,
             "load_memory returned %s: %s", copydesk_status_name(status), copydesk_last_error());
  FUZZ_CHECK((status == COPYDESK_OK) == (rs != nullptr), "ruleset pointer does not match the status");
  if (!rs) {
    FUZZ_CHECK(*copydesk_last_error() != '\0', "error without a message");
    return;
  }
  std::vector<std::string> ids = rule_ids_of(rs);
  copydesk_scanner* scanner = nullptr;
  FUZZ_CHECK(copydesk_scanner_new(&scanner, rs) == COPYDESK_OK, "scanner_new: %s", copydesk_last_error());
  copydesk_ruleset_free(rs);  // the scanner keeps it alive
  copydesk_scan_options opts;
  copydesk_scan_options_init(&opts, COPYDESK_SCAN_OPTIONS_VERSION);
  scan_and_check(scanner,
                 "أعلن تنظيم داعش مسؤوليته وقال إن 40 في المئة نزحوا. ISIS militants said 12% of Daech; "
                 "l'État islamique et Al-Qaïda.",
                 opts, ids);
  copydesk_scanner_free(scanner);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  load_and_check(bytes);
  constexpr std::string_view kMagic = "CPDKBNDL";
  if (size >= kMagic.size() + 8 && bytes.substr(0, kMagic.size()) == kMagic) {
    std::string fixed(bytes);
    uint64_t sum = fnv1a64(std::string_view(fixed).substr(0, size - 8));
    std::memcpy(fixed.data() + size - 8, &sum, 8);
    if (fixed != bytes) load_and_check(fixed);
  }
  return 0;
}
