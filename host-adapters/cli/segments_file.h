// Reading a segments input: a JSON document {"segments": [...], "format": "..."} in the shape
// of docs/schema/segments.schema.json (the segments member of copydesk serve's POST /v1/scan).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scan_model.h"

namespace copydesk::cli {

// The COPYDESK_SEGMENT_* constant of a kind name; -1 when unknown.
int segment_kind_code(std::string_view name);
// The name of a COPYDESK_SEGMENT_* constant ("?" when unknown).
const char* segment_kind_name(int code);

// Parses `json`. On failure returns false with `error` saying where and what:
// "not a segments file: line 3, column 9: ..." or "segments[2].kind: unknown kind 'x' (...)".
// Unknown keys are errors, so a misspelt "txt" cannot scan an empty segment.
bool parse_segments(std::string_view json, std::vector<SegmentText>& out, std::string& error);

}  // namespace copydesk::cli
