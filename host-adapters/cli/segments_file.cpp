#include "segments_file.h"

#include <nlohmann/json.hpp>

#include "scan_inputs.h"

namespace copydesk::cli {

namespace {

using nlohmann::json;

constexpr const char* kKinds[] = {"body", "headline", "standfirst", "subheading", "caption", "pullquote", "aside"};
constexpr const char* kKindList = "body, headline, standfirst, subheading, caption, pullquote or aside";

// "line L, column C" of byte offset `pos` (columns in code points).
std::string position(std::string_view text, std::size_t pos) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') ++line, column = 1;
    else if ((c & 0xC0) != 0x80) ++column;
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

bool format_name_ok(const std::string& name) {
  auto f = parse_input_format(name);
  return f && *f != InputFormat::segments;
}

}  // namespace

int segment_kind_code(std::string_view name) {
  for (int i = 0; i < 7; ++i)
    if (name == kKinds[i]) return i;
  return -1;
}

const char* segment_kind_name(int code) { return code >= 0 && code < 7 ? kKinds[code] : "?"; }

bool parse_segments(std::string_view text, std::vector<SegmentText>& out, std::string& error) {
  out.clear();
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    // e.byte is 1-based: the byte the parser stopped at.
    std::string what = e.what();
    if (std::size_t colon = what.rfind(": "); colon != std::string::npos) what = what.substr(colon + 2);
    error = "not a segments file: " + position(text, e.byte ? e.byte - 1 : 0) + ": " + what;
    return false;
  }
  if (!doc.is_object() || !doc.contains("segments")) {
    error = "not a segments file: expected an object {\"segments\": [...]}";
    return false;
  }
  std::string default_format = "auto";
  for (const auto& [key, value] : doc.items()) {
    if (key == "segments") continue;
    if (key == "format" && value.is_string() && format_name_ok(value.get<std::string>())) {
      default_format = value.get<std::string>();
      continue;
    }
    error = key == "format" ? "format: expected auto, text, markdown or html"
                            : "unknown key '" + key + "' (expected segments or format)";
    return false;
  }
  const json& list = doc.at("segments");
  if (!list.is_array()) {
    error = "segments: expected an array";
    return false;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = "segments[" + std::to_string(i) + "]";
    const json& s = list[i];
    if (!s.is_object()) {
      error = at + ": expected an object {\"kind\", \"id\", \"text\", \"format\"}";
      return false;
    }
    SegmentText seg;
    seg.format = default_format;
    bool has_text = false;
    for (const auto& [key, value] : s.items()) {
      if (key != "kind" && key != "id" && key != "text" && key != "format") {
        error = at + ": unknown key '" + key + "' (expected kind, id, text or format)";
        return false;
      }
      if (!value.is_string()) {
        error = at + "." + key + ": expected a string";
        return false;
      }
      const std::string v = value.get<std::string>();
      if (key == "kind") {
        if (segment_kind_code(v) < 0) {
          error = at + ".kind: unknown kind '" + v + "' (expected " + kKindList + ")";
          return false;
        }
        seg.kind = v;
      } else if (key == "format") {
        if (!format_name_ok(v)) {
          error = at + ".format: unknown format '" + v + "' (expected auto, text, markdown or html)";
          return false;
        }
        seg.format = v;
      } else if (key == "id") {
        seg.id = v;
      } else {
        seg.text = v;
        has_text = true;
      }
    }
    if (!has_text) {
      error = at + ": no text";
      return false;
    }
    out.push_back(std::move(seg));
  }
  return true;
}

}  // namespace copydesk::cli
