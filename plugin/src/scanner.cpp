#include "scanner.h"

#include <cstring>

#include "copydesk.h"
#include "util/error.h"
#include "util/utf8.h"

namespace copydesk::detail {

namespace {

// Marks the scanner busy for one scan; a second thread gets COPYDESK_E_BUSY.
class BusyGuard {
 public:
  explicit BusyGuard(std::atomic<bool>& flag) : flag_(flag) {
    if (flag_.exchange(true, std::memory_order_acquire))
      throw Error(COPYDESK_E_BUSY, "the scanner is already scanning on another thread; use one scanner per thread");
  }
  ~BusyGuard() { flag_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool>& flag_;
};

std::vector<std::string_view> split_list(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    size_t comma = s.find(',');
    std::string_view item = s.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

bool rule_named(const Rule& r, std::string_view name) { return r.id == name || r.category == name || r.pack == name; }

// Invalid UTF-8 sequences in `s` and the offset of the first one.
size_t count_invalid_utf8(std::string_view s, uint64_t& first) {
  size_t count = 0;
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      // Runs of ASCII (English and French copy, markup) eight bytes at a time.
      uint64_t word;
      while (i + 8 <= s.size() && (std::memcpy(&word, s.data() + i, 8), (word & 0x8080808080808080ull) == 0)) i += 8;
      continue;
    }
    Decoded d = decode_utf8(s, i);
    if (!d.valid && count++ == 0) first = i;
    i += d.len;
  }
  return count;
}

}  // namespace

Scanner::Scanner(std::shared_ptr<const Ruleset> ruleset)
    : ruleset_(std::move(ruleset)), matcher_(ruleset_->database()) {}

void Scanner::select_rules(const ScanOptions& options) {
  const auto& rules = ruleset_->model().rules;
  auto enable = split_list(options.enable), disable = split_list(options.disable);
  for (const auto* list : {&enable, &disable}) {
    for (std::string_view name : *list) {
      bool known = false;
      for (const Rule& r : rules) known = known || rule_named(r, name);
      if (!known)
        throw Error(COPYDESK_E_INVALID, "no rule, pack or category is named '" + std::string(name) + "' (" +
                                            (list == &enable ? "enable" : "disable") + ")");
    }
  }
  rule_enabled_.assign(rules.size(), enable.empty() ? 1 : 0);
  for (size_t i = 0; i < rules.size(); ++i) {
    for (std::string_view name : enable) rule_enabled_[i] |= rule_named(rules[i], name);
    for (std::string_view name : disable)
      if (rule_named(rules[i], name)) rule_enabled_[i] = 0;
  }
}

void Scanner::scan(std::string_view text, const ScanOptions& options, ScanResult& result) {
  BusyGuard busy(busy_);
  result.findings.clear();
  result.truncated = false;
  result.invalid_utf8 = 0;
  uint64_t limit = std::min(options.max_input_bytes ? options.max_input_bytes : kMaxInputBytes, kMaxInputBytes);
  if (text.size() > limit)
    throw Error(COPYDESK_E_LIMIT, "input of " + std::to_string(text.size()) + " bytes is over the limit of " +
                                      std::to_string(limit) + " bytes (max_input_bytes)");
  select_rules(options);

  build_text_view(text, options.format, view_);
  fold_text(view_.text, folded_);
  // Plain text is folded as given, so the fold has counted its invalid UTF-8 already;
  // the HTML and Markdown views replaced it before the fold saw it.
  uint64_t first_invalid = folded_.first_invalid;
  result.invalid_utf8 = view_.format == InputFormat::kText ? folded_.invalid_utf8 : count_invalid_utf8(text, first_invalid);
  if (options.strict_utf8 && result.invalid_utf8)
    throw Error(COPYDESK_E_ENCODING, "invalid UTF-8 at byte " + std::to_string(first_invalid) + " (" +
                                         std::to_string(result.invalid_utf8) + " invalid sequences in all)");

  segment_text(folded_.text, segments_);
  const RuleModel& model = ruleset_->model();
  matcher_.find(model, folded_.text, segments_, view_.text, folded_.map, hits_);
  EvaluateOptions eval;
  eval.rule_enabled = &rule_enabled_;
  eval.min_severity = options.min_severity;
  eval.explain = options.explain;
  evaluator_.run(model, hits_, segments_, folded_.text, eval, candidates_);
  uint64_t max_findings = options.max_findings ? options.max_findings : 10000;
  if (candidates_.size() > max_findings) {
    candidates_.resize(max_findings);
    result.truncated = true;
  }
  ReportInput in{text, view_.text, folded_.text, &view_.map, &folded_.map, &segments_, result.invalid_utf8 == 0};
  build_findings(model, candidates_, in, result.findings);
}

}  // namespace copydesk::detail
