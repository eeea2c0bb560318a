// A small JSON writer for the scan outputs: strings are always valid JSON, whatever the
// input bytes are (control characters escaped, invalid UTF-8 written as \ufffd).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace copydesk::cli {

// Appends `s` as a quoted JSON string. Every control character is escaped; U+2028 and
// U+2029 are escaped too (JavaScript-safe); each invalid UTF-8 sequence becomes \ufffd.
void append_json_string(std::string& out, std::string_view s);

// Builds one JSON object or array by appending to a string; the caller keeps the nesting right.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);  // followed by exactly one value
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(std::uint64_t n);
  JsonWriter& value(std::uint32_t n) { return value(static_cast<std::uint64_t>(n)); }
  JsonWriter& value(int n);
  JsonWriter& value(bool b);
  JsonWriter& raw(std::string_view json);  // an already-encoded value

 private:
  void before_value();
  std::string& out_;
  bool need_comma_ = false;
};

}  // namespace copydesk::cli
