#include "scan_request.h"

#include <nlohmann/json.hpp>

#include "flags.h"
#include "ruleset_loader.h"
#include "scan_inputs.h"
#include "segments_file.h"

namespace copydesk::serve {

namespace {

using json = nlohmann::json;

// A request is at most four levels deep ({"segments": [{"text": ...}]}, options lists):
// anything deeper is refused while parsing, before it takes memory.
constexpr int kMaxDepth = 8;
// And holds at most this many JSON values (65,536 segments of four members fit), so the
// parsed document stays within a few times the body whatever it is made of.
constexpr std::size_t kMaxValues = 1'000'000;

struct Invalid {
  std::string message;
};

[[noreturn]] void invalid(const std::string& where, const std::string& what) {
  throw Invalid{where + ": " + what};
}

const char* type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    default: return "a number";
  }
}

std::string take_string(json& v, const std::string& where) {
  if (!v.is_string()) invalid(where, std::string("must be a string, not ") + type_name(v));
  return std::move(v.get_ref<std::string&>());
}

cli::InputFormat take_format(json& v, const std::string& where) {
  std::string name = take_string(v, where);
  auto format = cli::parse_input_format(name);
  if (!format || *format == cli::InputFormat::segments || name == "txt" || name == "md")
    invalid(where, "unknown format '" + name + "' (expected auto, text, markdown or html)");
  return *format;
}

// ["a", "b"] or "a,b"
std::vector<std::string> take_names(json& v, const std::string& where) {
  std::vector<std::string> names;
  auto add = [&](std::string_view list) {
    for (std::string& name : cli::split_names(list)) names.push_back(std::move(name));
  };
  if (v.is_string()) {
    add(v.get_ref<const std::string&>());
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) add(take_string(v[i], where + "[" + std::to_string(i) + "]"));
  } else {
    invalid(where, std::string("must be an array of names or a comma-separated string, not ") + type_name(v));
  }
  return names;
}

void read_options(json& options, ScanRequest& r) {
  if (!options.is_object()) invalid("options", std::string("must be an object, not ") + type_name(options));
  for (auto& [key, value] : options.items()) {
    const std::string where = "options." + key;
    if (key == "enable") {
      r.enable = take_names(value, where);
    } else if (key == "disable") {
      r.disable = take_names(value, where);
    } else if (key == "min_severity") {
      std::string name = take_string(value, where);
      r.min_severity = cli::severity_from_name(name);
      if (!r.min_severity) invalid(where, "unknown severity '" + name + "' (expected info, warning or error)");
    } else if (key == "explain") {
      if (!value.is_boolean()) invalid(where, std::string("must be true or false, not ") + type_name(value));
      r.explain = value.get<bool>();
    } else if (key == "max_findings") {
      if (!value.is_number_unsigned() || value.get<std::uint64_t>() < 1 ||
          value.get<std::uint64_t>() > kMaxFindingsLimit)
        invalid(where, "must be a whole number from 1 to " + std::to_string(kMaxFindingsLimit));
      r.max_findings = value.get<std::uint64_t>();
    } else {
      invalid(where, "unknown option (expected enable, disable, min_severity, explain or max_findings)");
    }
  }
}

void read_request(json& doc, ScanRequest& r) {
  if (!doc.is_object()) invalid("request", std::string("must be a JSON object, not ") + type_name(doc));
  bool has_text = false;
  const json* segments = nullptr;
  for (auto& [key, value] : doc.items()) {
    if (key == "text") {
      r.text = take_string(value, "text");
      has_text = true;
    } else if (key == "segments") {
      segments = &value;
    } else if (key == "format") {
      r.format = take_format(value, "format");
    } else if (key == "options") {
      read_options(value, r);
    } else {
      invalid(key, "unknown member (expected text or segments, format and options)");
    }
  }
  if (has_text && segments) invalid("request", "give \"text\" or \"segments\", not both");
  if (!has_text && !segments) invalid("request", "has no \"text\" and no \"segments\"");
  if (segments) {
    // The segments member is read as in a segments file (segments_file.h).
    std::string error;
    if (!cli::read_segments(*segments, cli::input_format_name(r.format), r.segments, error)) throw Invalid{error};
    r.has_segments = true;
  }
}

}  // namespace

bool parse_scan_request(std::string_view body, ScanRequest& request, ApiError& error) {
  bool too_deep = false, too_many = false;
  std::size_t values = 0;
  json doc;
  try {
    doc = json::parse(body.begin(), body.end(), [&](int depth, json::parse_event_t event, json&) {
      if (depth > kMaxDepth) too_deep = true;
      if (event == json::parse_event_t::value && ++values > kMaxValues) too_many = true;
      return !too_deep && !too_many;  // once refused, nothing more is kept
    });
  } catch (const json::exception& e) {
    error = {400, "bad_json", std::string("the body is not valid JSON: ") + e.what()};
    return false;
  }
  if (too_deep) {
    error = {400, "bad_json", "the body nests deeper than " + std::to_string(kMaxDepth) + " levels"};
    return false;
  }
  if (too_many) {
    error = {400, "bad_json", "the body holds more than " + std::to_string(kMaxValues) + " JSON values"};
    return false;
  }
  try {
    read_request(doc, request);
  } catch (const Invalid& e) {
    error = {400, "bad_request", e.message};
    return false;
  } catch (const json::exception& e) {
    error = {400, "bad_request", e.what()};
    return false;
  }
  return true;
}

}  // namespace copydesk::serve
