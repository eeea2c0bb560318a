// Problems found while compiling rule sources. The compiler keeps going after
// an error so a policy editor sees every problem in one run.
#pragma once

#include <cstdint>
#include <string>
#include <deque>
#include <vector>

#include "rules/model.h"

namespace copydesk::detail {

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string rule_id;
  std::string message;
};

class Diagnostics {
 public:
  void error(std::string file, uint32_t line, uint32_t column, std::string rule_id, std::string message) {
    add(Severity::kError, std::move(file), line, column, std::move(rule_id), std::move(message));
  }
  void warning(std::string file, uint32_t line, uint32_t column, std::string rule_id, std::string message) {
    add(Severity::kWarning, std::move(file), line, column, std::move(rule_id), std::move(message));
  }
  bool has_errors() const { return errors_ > 0; }
  size_t error_count() const { return errors_; }
  const std::deque<Diagnostic>& all() const { return list_; }
  // "file:line:col: error: message" for the first error (the C ABI's last-error text).
  std::string first_error_text() const;

 private:
  void add(Severity s, std::string file, uint32_t line, uint32_t column, std::string rule_id,
           std::string message) {
    if (s == Severity::kError) ++errors_;
    list_.push_back({s, std::move(file), line, column, std::move(rule_id), std::move(message)});
  }
  std::deque<Diagnostic> list_;  // deque: pointers to entries stay valid as it grows
  size_t errors_ = 0;
};

inline std::string Diagnostics::first_error_text() const {
  for (const Diagnostic& d : list_) {
    if (d.severity != Severity::kError) continue;
    return d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": error: " + d.message;
  }
  return {};
}

}  // namespace copydesk::detail
