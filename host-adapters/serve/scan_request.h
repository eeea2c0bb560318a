// The body of POST /v1/scan (docs/schema/scan-request.schema.json), read and checked.
// Every problem is an ApiError naming the member at fault ("segments[2].kind: ...").
#pragma once

#include <copydesk.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scan_model.h"

namespace copydesk::serve {

// An error answer: HTTP status, a stable code ("bad_json", "COPYDESK_E_LIMIT"...) and an
// English message.
struct ApiError {
  int status = 400;
  std::string code;
  std::string message;
};

struct ScanRequest {
  bool has_segments = false;        // {"segments": [...]} rather than {"text": ...}
  std::string text;
  std::vector<cli::SegmentText> segments;  // each with its format (the request's when it gives none)
  cli::InputFormat format = cli::InputFormat::automatic;
  // options
  std::vector<std::string> enable, disable;  // rule ids, packs or categories
  int min_severity = COPYDESK_SEVERITY_INFO;
  bool explain = false;
  std::uint64_t max_findings = 0;  // 0: the library's default
};

// The most findings a request may ask for (options.max_findings).
inline constexpr std::uint64_t kMaxFindingsLimit = 100000;

// Parses `body`. Returns false with `error` set (status 400) when it is not JSON (invalid
// UTF-8 in a string included), too deeply nested, or not a request of the schema.
bool parse_scan_request(std::string_view body, ScanRequest& request, ApiError& error);

}  // namespace copydesk::serve
