// Shared by the fuzz targets: an independent UTF-8 decoder (so offsets are checked
// against a second implementation, not the engine's own helpers), a check macro that
// aborts with a message (libFuzzer and the replay driver both report an abort as a
// failure), and the invariants every finding returned by the C ABI must satisfy.
#pragma once

#include <copydesk.h>

#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace copydesk_fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* fmt, ...) {
  std::fprintf(stderr, "%s:%d: fuzz invariant violated: ", file, line);
  va_list ap;
  va_start(ap, fmt);
  std::vfprintf(stderr, fmt, ap);
  va_end(ap);
  std::fputc('\n', stderr);
  std::abort();
}

#define FUZZ_CHECK(cond, ...)                                        \
  do {                                                               \
    if (!(cond)) ::copydesk_fuzz::fail(__FILE__, __LINE__, __VA_ARGS__); \
  } while (0)

// One decoded unit: a code point, or one invalid sequence (replaced by U+FFFD).
struct Unit {
  uint32_t cp;
  size_t len;
  bool valid;
};

// Unicode 15, table 3-7 (well-formed UTF-8), with the "maximal subpart" policy for
// invalid input: the longest prefix of a well-formed sequence is one U+FFFD, at
// least one byte. ICU's U8_NEXT, which the engine uses, follows the same policy.
inline Unit decode(std::string_view s, size_t i) {
  auto byte = [&](size_t k) -> unsigned { return static_cast<unsigned char>(s[k]); };
  unsigned b0 = byte(i);
  if (b0 < 0x80) return {b0, 1, true};
  size_t need;
  unsigned lo = 0x80, hi = 0xBF;  // range of the second byte
  uint32_t cp;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return {0xFFFD, 1, false};
  }
  size_t n = 1;
  for (size_t k = 0; k < need; ++k, ++n) {
    if (i + n >= s.size()) return {0xFFFD, n, false};
    unsigned b = byte(i + n);
    unsigned min = k == 0 ? lo : 0x80, max = k == 0 ? hi : 0xBF;
    if (b < min || b > max) return {0xFFFD, n, false};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, n, true};
}

inline bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    Unit u = decode(s, i);
    if (!u.valid) return false;
    i += u.len;
  }
  return true;
}

inline size_t count_invalid(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    Unit u = decode(s, i);
    n += !u.valid;
    i += u.len;
  }
  return n;
}

// Where each decoded unit of a text starts, with the UTF-16 units, code points,
// line and column counted up to there; one entry per unit boundary (the end included).
struct Position {
  uint64_t utf16 = 0, cp = 0;
  uint32_t line = 1, column = 1;
};
class PositionIndex {
 public:
  explicit PositionIndex(std::string_view s) : at_(s.size() + 1), boundary_(s.size() + 1, 0) {
    Position p;
    size_t i = 0;
    while (true) {
      at_[i] = p;
      boundary_[i] = 1;
      if (i >= s.size()) break;
      Unit u = decode(s, i);
      p.utf16 += u.cp >= 0x10000 ? 2 : 1;
      p.cp += 1;
      if (u.cp == '\n') {
        p.line += 1;
        p.column = 1;
      } else {
        p.column += 1;
      }
      i += u.len;
    }
  }
  bool is_boundary(uint64_t byte) const { return byte < boundary_.size() && boundary_[byte]; }
  const Position& at(uint64_t byte) const { return at_[byte]; }

 private:
  std::vector<Position> at_;
  std::vector<uint8_t> boundary_;
};

// A finding as plain data, to compare two scans of the same input.
struct FindingCopy {
  std::string rule_id, category, message, term, folded;
  uint64_t byte_start, byte_end, context_hash;
  int32_t severity;
  bool operator==(const FindingCopy&) const = default;
};

// Checks every finding of `f`, made from `text`, and returns them as plain data.
// With COPYDESK_FUZZ_VERBOSE set in the environment, prints them (to see what seeds reach).
// `rule_ids`: the ids the ruleset may report (empty: not checked).
inline std::vector<FindingCopy> check_findings(const copydesk_findings* f, std::string_view text,
                                               const copydesk_scan_options& opts,
                                               const std::vector<std::string>& rule_ids) {
  PositionIndex index(text);
  std::vector<FindingCopy> out;
  size_t count = copydesk_findings_count(f);
  uint64_t max_findings = opts.max_findings ? opts.max_findings : 10000;
  FUZZ_CHECK(count <= max_findings, "%zu findings over max_findings %llu", count,
             static_cast<unsigned long long>(max_findings));
  FUZZ_CHECK(copydesk_findings_invalid_utf8(f) == count_invalid(text), "invalid_utf8 %zu, recounted %zu",
             copydesk_findings_invalid_utf8(f), count_invalid(text));
  uint64_t previous_start = 0;
  for (size_t i = 0; i < count; ++i) {
    copydesk_finding x;
    std::memset(&x, 0xAB, sizeof x);
    x.version = COPYDESK_FINDING_VERSION;
    FUZZ_CHECK(copydesk_findings_get(&x, f, i) == COPYDESK_OK, "findings_get(%zu): %s", i, copydesk_last_error());
    FUZZ_CHECK(x.byte_start < x.byte_end && x.byte_end <= text.size(), "finding %zu: bytes [%llu, %llu) of %zu", i,
               static_cast<unsigned long long>(x.byte_start), static_cast<unsigned long long>(x.byte_end),
               text.size());
    FUZZ_CHECK(x.byte_start >= previous_start, "finding %zu: not ordered by byte_start", i);
    previous_start = x.byte_start;
    FUZZ_CHECK(index.is_boundary(x.byte_start) && index.is_boundary(x.byte_end),
               "finding %zu: [%llu, %llu) splits a UTF-8 sequence", i, static_cast<unsigned long long>(x.byte_start),
               static_cast<unsigned long long>(x.byte_end));
    const Position& s = index.at(x.byte_start);
    const Position& e = index.at(x.byte_end);
    FUZZ_CHECK(x.utf16_start == s.utf16 && x.utf16_end == e.utf16, "finding %zu: utf16 [%llu, %llu), expected [%llu, %llu)",
               i, static_cast<unsigned long long>(x.utf16_start), static_cast<unsigned long long>(x.utf16_end),
               static_cast<unsigned long long>(s.utf16), static_cast<unsigned long long>(e.utf16));
    FUZZ_CHECK(x.cp_start == s.cp && x.cp_end == e.cp, "finding %zu: code points [%llu, %llu), expected [%llu, %llu)", i,
               static_cast<unsigned long long>(x.cp_start), static_cast<unsigned long long>(x.cp_end),
               static_cast<unsigned long long>(s.cp), static_cast<unsigned long long>(e.cp));
    FUZZ_CHECK(x.line == s.line && x.column == s.column && x.end_line == e.line && x.end_column == e.column,
               "finding %zu: %u:%u-%u:%u, expected %u:%u-%u:%u", i, x.line, x.column, x.end_line, x.end_column, s.line,
               s.column, e.line, e.column);
    FUZZ_CHECK(x.severity >= COPYDESK_SEVERITY_INFO && x.severity <= COPYDESK_SEVERITY_ERROR,
               "finding %zu: severity %d", i, x.severity);
    FUZZ_CHECK(x.severity >= (opts.min_severity ? opts.min_severity : COPYDESK_SEVERITY_INFO),
               "finding %zu: severity %d under min_severity %d", i, x.severity, opts.min_severity);
    FUZZ_CHECK(x.rule_id && x.category && x.message && x.term && x.folded, "finding %zu: NULL string", i);
    // Hosts put these strings into JSON, SARIF and HTML: they must be valid UTF-8.
    for (const char* str : {x.rule_id, x.category, x.message, x.term, x.folded})
      FUZZ_CHECK(valid_utf8(str), "finding %zu: string is not valid UTF-8: '%s'", i, str);
    FUZZ_CHECK(*x.folded != '\0', "finding %zu: empty folded match", i);
    if (!rule_ids.empty()) {
      bool known = false;
      for (const std::string& id : rule_ids) known = known || id == x.rule_id;
      FUZZ_CHECK(known, "finding %zu: unknown rule id '%s'", i, x.rule_id);
    }
    const char* explain = copydesk_findings_explain(f, i);
    FUZZ_CHECK(explain != nullptr, "finding %zu: explain is NULL", i);
    if (opts.flags & COPYDESK_SCAN_EXPLAIN) FUZZ_CHECK(*explain != '\0', "finding %zu: explain requested but empty", i);
    if (std::getenv("COPYDESK_FUZZ_VERBOSE"))
      std::fprintf(stderr, "  %s [%llu, %llu) %u:%u '%s'\n", x.rule_id, static_cast<unsigned long long>(x.byte_start),
                   static_cast<unsigned long long>(x.byte_end), x.line, x.column, x.folded);
    out.push_back({x.rule_id, x.category, x.message, x.term, x.folded, x.byte_start, x.byte_end, x.context_hash,
                   x.severity});
  }
  FUZZ_CHECK(copydesk_findings_explain(f, count) == nullptr, "explain past the end is not NULL");
  copydesk_finding past;
  past.version = COPYDESK_FINDING_VERSION;
  FUZZ_CHECK(copydesk_findings_get(&past, f, count) != COPYDESK_OK, "findings_get past the end succeeded");
  return out;
}

// The rule ids of a ruleset.
inline std::vector<std::string> rule_ids_of(const copydesk_ruleset* rs) {
  std::vector<std::string> ids;
  for (size_t i = 0; i < copydesk_ruleset_rule_count(rs); ++i) {
    copydesk_rule_info info;
    info.version = COPYDESK_RULE_INFO_VERSION;
    FUZZ_CHECK(copydesk_ruleset_rule_get(&info, rs, i) == COPYDESK_OK, "rule_get(%zu): %s", i, copydesk_last_error());
    FUZZ_CHECK(info.id && *info.id, "rule %zu has no id", i);
    ids.emplace_back(info.id);
  }
  return ids;
}

// Scans `text` with `scanner` and checks the findings; the status must be OK.
inline std::vector<FindingCopy> scan_and_check(copydesk_scanner* scanner, std::string_view text,
                                               const copydesk_scan_options& opts,
                                               const std::vector<std::string>& rule_ids) {
  copydesk_findings* f = nullptr;
  int status = copydesk_scanner_scan(&f, scanner, text.data(), text.size(), &opts);
  FUZZ_CHECK(status == COPYDESK_OK, "scan failed: %s: %s", copydesk_status_name(status), copydesk_last_error());
  std::vector<FindingCopy> found = check_findings(f, text, opts, rule_ids);
  copydesk_findings_free(f);
  return found;
}

}  // namespace copydesk_fuzz
