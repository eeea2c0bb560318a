#include "scanner.h"

#include <algorithm>
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
  one_.assign(1, SegmentInput{SegmentKind::kBody, InputFormat::kAuto, {}, text});
  run(one_, options, result);
}

void Scanner::scan_segments(const std::vector<SegmentInput>& segments, const ScanOptions& options,
                            ScanResult& result) {
  BusyGuard busy(busy_);
  run(segments, options, result);
}

uint32_t Scanner::folded_offset(uint32_t view_pos) const {
  // The first folded byte that comes from at or after `view_pos` (the map is monotonic).
  uint32_t lo = 0, hi = static_cast<uint32_t>(folded_.text.size());
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (folded_.map.to_in_start(mid) < view_pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

void Scanner::run(const std::vector<SegmentInput>& input, const ScanOptions& options, ScanResult& result) {
  result.findings.clear();
  result.segment_ids.clear();
  result.segment_kinds.clear();
  result.truncated = false;
  result.invalid_utf8 = 0;
  const size_t n = input.size();
  if (n > kMaxSegments)
    throw Error(COPYDESK_E_LIMIT, std::to_string(n) + " segments are more than the " + std::to_string(kMaxSegments) +
                                      " one scan takes");
  uint64_t total = 0;
  for (const SegmentInput& seg : input) total += seg.text.size();
  uint64_t limit = std::min(options.max_input_bytes ? options.max_input_bytes : kMaxInputBytes, kMaxInputBytes);
  if (total > limit)
    throw Error(COPYDESK_E_LIMIT, "input of " + std::to_string(total) + " bytes is over the limit of " +
                                      std::to_string(limit) + " bytes (max_input_bytes)");
  select_rules(options);
  for (const SegmentInput& seg : input) {
    result.segment_ids.emplace_back(seg.id);
    result.segment_kinds.push_back(seg.kind);
  }
  if (n == 0) return;

  // Text views, joined with a paragraph break between segments.
  if (views_.size() < n) views_.resize(n);
  view_begins_.assign(n, 0);
  for (size_t i = 0; i < n; ++i)
    build_text_view(input[i].text, input[i].format == InputFormat::kAuto ? options.format : input[i].format, views_[i]);
  std::string_view view = views_[0].text;
  if (n > 1) {
    joined_.clear();
    joined_.reserve(total + 2 * n);
    for (size_t i = 0; i < n; ++i) {
      if (i) joined_ += "\n\n";
      view_begins_[i] = static_cast<uint32_t>(joined_.size());
      joined_ += views_[i].text;
    }
    view = joined_;
  }
  fold_text(view, folded_);

  // Invalid UTF-8: plain-text views keep it, so the fold counted it there; the HTML and
  // Markdown views replaced it before the fold saw it, so those inputs are counted here.
  result.invalid_utf8 = folded_.invalid_utf8;
  uint32_t first_segment = UINT32_MAX;
  uint64_t first_byte = 0;
  if (folded_.invalid_utf8) {
    first_segment = static_cast<uint32_t>(
        std::upper_bound(view_begins_.begin(), view_begins_.end(), folded_.first_invalid) - view_begins_.begin() - 1);
    first_byte = views_[first_segment].map.to_in_start(folded_.first_invalid - view_begins_[first_segment]);
  }
  for (uint32_t i = 0; i < n; ++i) {
    if (views_[i].format == InputFormat::kText) continue;
    uint64_t first = 0;
    if (size_t count = count_invalid_utf8(input[i].text, first)) {
      result.invalid_utf8 += count;
      if (i < first_segment) first_segment = i, first_byte = first;
    }
  }
  if (options.strict_utf8 && result.invalid_utf8)
    throw Error(COPYDESK_E_ENCODING, "invalid UTF-8 " +
                                         (n > 1 ? "in segment " + std::to_string(first_segment) + " " : std::string()) +
                                         "at byte " + std::to_string(first_byte) + " (" +
                                         std::to_string(result.invalid_utf8) + " invalid sequences in all)");

  segment_text(folded_.text, segments_);
  layout_.parts.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    SegmentLayout::Part& part = layout_.parts[i];
    part = SegmentLayout::Part{};
    part.kind = input[i].kind;
    part.begin = n == 1 ? 0 : folded_offset(view_begins_[i]);
    part.end = n == 1 ? static_cast<uint32_t>(folded_.text.size())
                      : folded_offset(view_begins_[i] + static_cast<uint32_t>(views_[i].text.size()));
  }
  layout_.link(folded_.text, segments_);

  const RuleModel& model = ruleset_->model();
  matcher_.find(model, folded_.text, segments_, view, folded_.map, hits_, &layout_);
  if (n > 1) {
    // Nothing matches across two segments (a pattern that spans the break between them).
    hits_.erase(std::remove_if(hits_.begin(), hits_.end(),
                               [&](const Hit& h) { return h.end > layout_.parts[layout_.part_of(h.start)].end; }),
                hits_.end());
  }
  EvaluateOptions eval;
  eval.rule_enabled = &rule_enabled_;
  eval.min_severity = options.min_severity;
  eval.explain = options.explain;
  eval.layout = &layout_;
  eval.view = view;
  eval.fold_map = &folded_.map;
  evaluator_.run(model, hits_, segments_, folded_.text, eval, candidates_);
  uint64_t max_findings = options.max_findings ? options.max_findings : 10000;
  if (candidates_.size() > max_findings) {
    candidates_.resize(max_findings);
    result.truncated = true;
  }
  report_segments_.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    report_segments_[i] = ReportSegment{input[i].text, views_[i].text, &views_[i].map, view_begins_[i],
                                        result.invalid_utf8 == 0, views_[i].format == InputFormat::kText};
  }
  ReportInput in{report_segments_.data(), n, view, folded_.text, &folded_.map, &segments_};
  build_findings(model, candidates_, in, result.findings);
}

}  // namespace copydesk::detail
