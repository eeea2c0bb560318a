#include "scan_runner.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "scan_lines.h"
#include "scan_suppressions.h"
#include "segments_file.h"

namespace copydesk::cli {

namespace {

// Inline suppressions of one text (a file, or one segment of a segments input). Every
// directive is read up front, so mistakes are reported even where nothing is flagged.
class TextSuppressions {
 public:
  TextSuppressions(std::string_view text, bool has_comments, const ScanSettings& settings,
                   std::vector<std::string>& warnings) {
    if (!has_comments) return;
    lines_.emplace(text);
    suppressions_.emplace(text, *lines_, settings.is_known_target, warnings);
  }
  bool suppresses(const Finding& f) const {
    return suppressions_ && suppressions_->suppresses(f, lines_->line_of(f.start));
  }

 private:
  std::optional<LineIndex> lines_;
  std::optional<Suppressions> suppressions_;
};

bool may_have_comments(std::string_view text, InputFormat format) {
  return format != InputFormat::text && text.find("<!--") != std::string_view::npos;
}

}  // namespace

int scan_content(FileResult& result, copydesk_scanner* scanner, const ScanSettings& settings) {
  const bool segmented = result.format == InputFormat::segments;
  copydesk_scan_options options;
  copydesk_scan_options_init(&options, COPYDESK_SCAN_OPTIONS_VERSION);
  options.input_format = library_format(result.format);
  // With severity overrides the library's severities are not the reported ones: filter here.
  // Without, the library drops them before it resolves overlapping findings, as every host sees.
  options.min_severity = settings.severity_overrides.empty() ? settings.min_severity : COPYDESK_SEVERITY_INFO;
  options.max_input_bytes = settings.max_input_bytes;
  options.max_findings = settings.max_findings;
  if (settings.explain) options.flags |= COPYDESK_SCAN_EXPLAIN;
  options.enable = settings.enable.empty() ? nullptr : settings.enable.c_str();
  options.disable = settings.disable.empty() ? nullptr : settings.disable.c_str();

  copydesk_findings* found = nullptr;
  int status;
  if (segmented) {
    std::vector<copydesk_segment> records;
    records.reserve(result.segments.size());
    for (const SegmentText& seg : result.segments) {
      records.push_back({COPYDESK_SEGMENT_VERSION, segment_kind_code(seg.kind),
                         library_format(*parse_input_format(seg.format)), 0, seg.id.c_str(), seg.text.data(),
                         seg.text.size()});
    }
    status = copydesk_scanner_scan_segments(&found, scanner, records.data(), records.size(), &options);
  } else {
    status = copydesk_scanner_scan(&found, scanner, result.content.data(), result.content.size(), &options);
  }
  if (status != COPYDESK_OK) {
    result.error = std::string("scan failed (") + copydesk_status_name(status) + "): " +
                   copydesk_last_error();
    return status;
  }

  if (std::size_t invalid = copydesk_findings_invalid_utf8(found)) {
    result.warnings.push_back("not valid UTF-8: " + std::to_string(invalid) +
                              " invalid byte sequence" + (invalid == 1 ? "" : "s") +
                              " read as U+FFFD");
  }
  result.truncated = copydesk_findings_truncated(found) != 0;
  if (result.truncated)
    result.warnings.push_back("too many findings: only the first " + std::to_string(settings.max_findings ? settings.max_findings : 10000) +
                              " are reported (the max-findings limit)");

  // The texts the findings point into (the file, or each segment), with their suppressions.
  std::deque<TextSuppressions> texts;  // stable addresses: each holds a LineIndex its Suppressions read
  if (segmented) {
    for (const SegmentText& seg : result.segments)
      texts.emplace_back(seg.text, may_have_comments(seg.text, *parse_input_format(seg.format)), settings,
                         result.warnings);
  } else {
    texts.emplace_back(result.content, may_have_comments(result.content, result.format), settings, result.warnings);
  }

  const std::size_t count = copydesk_findings_count(found);
  for (std::size_t i = 0; i < count; ++i) {
    copydesk_finding raw;
    raw.version = COPYDESK_FINDING_VERSION;
    if (copydesk_findings_get(&raw, found, i) != COPYDESK_OK) continue;
    Finding f;
    f.rule = raw.rule_id ? raw.rule_id : "";
    f.category = raw.category ? raw.category : "";
    f.message = raw.message ? raw.message : "";
    f.term = raw.term ? raw.term : "";
    f.folded = raw.folded ? raw.folded : "";
    f.severity = raw.severity;
    for (const auto& [target, severity] : settings.severity_overrides)
      if (target_covers(target, f.rule, f.category)) f.severity = severity;
    if (f.severity < settings.min_severity) continue;
    const std::size_t at = std::min<std::size_t>(raw.segment_index, texts.size() - 1);
    const std::string_view text = segmented ? std::string_view(result.segments[at].text)
                                            : std::string_view(result.content);
    if (segmented) {
      f.segment = static_cast<int>(at);
      f.segment_id = raw.segment_id ? raw.segment_id : "";
      f.segment_kind = segment_kind_name(raw.segment_kind);
    }
    f.line = raw.line;
    f.column = raw.column;
    f.end_line = raw.end_line;
    f.end_column = raw.end_column;
    f.start = std::min<std::uint64_t>(raw.byte_start, text.size());
    f.end = std::clamp<std::uint64_t>(raw.byte_end, f.start, text.size());
    f.start_utf16 = raw.utf16_start;
    f.end_utf16 = raw.utf16_end;
    f.start_cp = raw.cp_start;
    f.end_cp = raw.cp_end;
    f.visible_start = raw.visible_byte_start;
    f.visible_end = raw.visible_byte_end;
    f.visible_start_utf16 = raw.visible_utf16_start;
    f.visible_end_utf16 = raw.visible_utf16_end;
    f.visible_start_cp = raw.visible_cp_start;
    f.visible_end_cp = raw.visible_cp_end;
    f.visible_text = raw.visible_text ? raw.visible_text : "";
    f.context_hash = raw.context_hash;
    f.text = std::string(text.substr(f.start, f.end - f.start));
    f.fingerprint = finding_fingerprint(f.rule, f.folded, f.context_hash);
    if (settings.explain) {
      const char* why = copydesk_findings_explain(found, i);
      f.explain = why ? why : "";
    }
    if (texts[at].suppresses(f)) {
      ++result.suppressed_inline;
      continue;
    }
    result.findings.push_back(std::move(f));
  }
  copydesk_findings_free(found);
  return COPYDESK_OK;
}

namespace {

// Scans the result's text a second time, with the candidate rules of `copydesk rules diff`:
// their findings go to candidate_findings, their new warnings join the first scan's.
int scan_candidate(FileResult& result, copydesk_scanner* candidate, const ScanSettings& settings) {
  std::vector<Finding> base = std::move(result.findings);
  std::vector<std::string> warnings = result.warnings;
  const std::size_t suppressed = result.suppressed_inline;
  const bool truncated = result.truncated;
  result.findings.clear();
  result.warnings.clear();
  const int status = scan_content(result, candidate, settings);
  result.candidate_findings = std::move(result.findings);
  result.findings = std::move(base);
  for (std::string& w : result.warnings)
    if (std::find(warnings.begin(), warnings.end(), w) == warnings.end()) warnings.push_back(std::move(w));
  result.warnings = std::move(warnings);
  result.suppressed_inline = suppressed;
  result.truncated = truncated || result.truncated;
  return status;
}

FileResult scan_one(const InputFile& input, copydesk_scanner* scanner, copydesk_scanner* candidate,
                    const RunSettings& settings) {
  FileResult result;
  result.path = input.display_path;
  result.from_stdin = input.from_stdin;
  result.format = input.format;
  if (!input.error.empty()) {
    (input.notice ? result.warnings.emplace_back() : result.error) = input.error;
    return result;
  }
  if (input.archive) {  // an article of an archive: its title and body as segments
    if (!load_archive_article(input, settings.max_input_bytes, result)) {
      result.segments.clear();
      return result;
    }
  } else if (!read_input(input, settings.max_input_bytes, result.content, result.error)) {
    result.content.clear();
    return result;
  }
  if (!input.archive && input.format == InputFormat::segments && !parse_segments(result.content, result.segments, result.error)) {
    result.content.clear();
    return result;
  }
  if (scan_content(result, scanner, settings) != COPYDESK_OK ||
      (candidate && scan_candidate(result, candidate, settings) != COPYDESK_OK)) {
    result.content.clear();
    result.segments.clear();
    return result;
  }
  if (!settings.keep_content) {
    std::string().swap(result.content);
    for (SegmentText& seg : result.segments) std::string().swap(seg.text);
  }
  return result;
}

FileResult scan_one_safely(const InputFile& input, copydesk_scanner* scanner, copydesk_scanner* candidate,
                           const RunSettings& settings) {
  try {
    return scan_one(input, scanner, candidate, settings);
  } catch (const std::exception& e) {
    FileResult result;
    result.path = input.display_path;
    result.from_stdin = input.from_stdin;
    result.error = std::string("internal error: ") + e.what();
    return result;
  }
}

class Progress {
 public:
  Progress(bool enabled, std::size_t total, std::FILE* err)
      : enabled_(enabled), total_(total), err_(err), started_(Clock::now()) {}
  void update(std::size_t done) {
    if (!enabled_) return;
    auto now = Clock::now();
    if (now - started_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    std::fflush(stdout);  // what the reporter wrote comes before the bar
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = total_ ? done * kWidth / total_ : kWidth;
    std::fprintf(err_, "\r\033[Kcopydesk: [%s%s] %zu of %zu files", std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, '.').c_str(), done, total_);
    std::fflush(err_);
    shown_ = true;
  }
  // Clears the bar before the report writes (on a terminal both go to the same screen:
  // a finding must not run into the bar).
  void clear() {
    if (!shown_) return;
    std::fputs("\r\033[K", err_);
    std::fflush(err_);
    shown_ = false;
  }
  void finish() { clear(); }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  std::size_t total_;
  std::FILE* err_;
  Clock::time_point started_, last_;
  bool shown_ = false;
};

}  // namespace

RunOutcome run_scans(const std::vector<InputFile>& inputs, const RunSettings& settings,
                     Reporter& reporter, std::FILE* err) {
  RunOutcome outcome;
  const std::size_t total = inputs.size();
  const unsigned jobs = std::max(1u, std::min<unsigned>(settings.jobs, std::max<std::size_t>(total, 1)));

  // One scanner per worker (two for rules diff: the base's and the candidate's).
  std::vector<copydesk_scanner*> scanners(jobs, nullptr), candidates(jobs, nullptr);
  auto free_scanners = [&] {
    for (copydesk_scanner* s : scanners) copydesk_scanner_free(s);
    for (copydesk_scanner* s : candidates) copydesk_scanner_free(s);
  };
  for (unsigned j = 0; j < jobs; ++j) {
    if (copydesk_scanner_new(&scanners[j], settings.ruleset) != COPYDESK_OK ||
        (settings.candidate && copydesk_scanner_new(&candidates[j], settings.candidate) != COPYDESK_OK)) {
      std::fprintf(err, "copydesk: error: cannot create a scanner: %s\n", copydesk_last_error());
      free_scanners();
      outcome.setup_failed = true;
      return outcome;
    }
  }

  // Finished results wait in a ring of `window` slots until every earlier file is written;
  // a worker does not start file i before file i - window has been written.
  const std::size_t window = std::size_t{jobs} * 4;
  std::vector<std::optional<FileResult>> ring(window);
  std::mutex mutex;
  std::condition_variable result_ready, slot_free;
  std::size_t next_to_claim = 0, written = 0;

  auto worker = [&](copydesk_scanner* scanner, copydesk_scanner* candidate) {
    while (true) {
      std::size_t index;
      {
        std::unique_lock lock(mutex);
        slot_free.wait(lock, [&] { return next_to_claim >= total || next_to_claim < written + window; });
        if (next_to_claim >= total) return;
        index = next_to_claim++;
      }
      FileResult result = scan_one_safely(inputs[index], scanner, candidate, settings);
      {
        std::lock_guard lock(mutex);
        ring[index % window] = std::move(result);
      }
      result_ready.notify_all();
    }
  };

  std::vector<std::thread> threads;
  threads.reserve(jobs);
  for (unsigned j = 0; j < jobs; ++j) threads.emplace_back(worker, scanners[j], candidates[j]);

  Progress progress(settings.progress, total, err);
  ScanSummary& summary = outcome.summary;
  for (std::size_t i = 0; i < total; ++i) {
    FileResult result;
    {
      std::unique_lock lock(mutex);
      while (!ring[i % window]) {
        result_ready.wait_for(lock, std::chrono::milliseconds(100));
        if (!ring[i % window]) {
          lock.unlock();
          progress.update(i);
          lock.lock();
        }
      }
      result = std::move(*ring[i % window]);
      ring[i % window].reset();
      written = i + 1;
    }
    slot_free.notify_all();

    if (settings.baseline_writer) settings.baseline_writer->add(result);
    if (settings.baseline) settings.baseline->filter(result);

    ++summary.files;
    if (!result.error.empty()) {
      ++summary.files_not_scanned;
      outcome.any_file_error = true;
    }
    if (!result.findings.empty()) ++summary.files_with_findings;
    if (result.truncated) ++summary.files_truncated;
    summary.findings += result.findings.size();
    for (const Finding& f : result.findings) {
      if (f.severity >= 1 && f.severity <= 3) ++summary.by_severity[f.severity];
      outcome.highest_severity = std::max(outcome.highest_severity, f.severity);
    }
    summary.suppressed_inline += result.suppressed_inline;
    summary.suppressed_baseline += result.suppressed_baseline;
    if (!result.findings.empty() || !result.error.empty() || !result.warnings.empty() ||
        !result.candidate_findings.empty())
      progress.clear();
    reporter.file(result);
    progress.update(i + 1);
  }
  for (std::thread& t : threads) t.join();
  free_scanners();
  progress.finish();
  return outcome;
}

}  // namespace copydesk::cli
