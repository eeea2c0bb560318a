#include "report/report.h"

#include <algorithm>

#include "util/utf8.h"

namespace copydesk::detail {

std::string fill_message(const std::string& tmpl, std::string_view match, const TermEntry* entry) {
  std::string out;
  out.reserve(tmpl.size() + match.size());
  size_t pos = 0;
  while (pos < tmpl.size()) {
    size_t open = tmpl.find('{', pos);
    size_t close = open == std::string::npos ? std::string::npos : tmpl.find('}', open);
    if (close == std::string::npos) {
      out.append(tmpl, pos, std::string::npos);
      break;
    }
    out.append(tmpl, pos, open - pos);
    std::string_view name(tmpl.data() + open + 1, close - open - 1);
    if (name == "match") {
      out += match;
    } else if (name == "term") {
      if (entry) out += entry->written;
      else out += match;
    } else if (name.substr(0, 5) == "meta.") {
      // {meta.KEY|text}: the text when the line has no such field (or the match is a pattern).
      std::string_view key = name.substr(5), fallback;
      if (size_t bar = key.find('|'); bar != std::string_view::npos) {
        fallback = key.substr(bar + 1);
        key = key.substr(0, bar);
      }
      std::string_view value;
      if (entry) {
        for (const auto& [k, v] : entry->meta)
          if (k == key) value = v;
      }
      out += value.empty() ? fallback : value;
    } else {
      out.append(tmpl, open, close - open + 1);
    }
    pos = close + 1;
  }
  return out;
}

namespace {

// Collapses the view text of a match to one line for messages.
std::string one_line(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

void build_findings(const RuleModel& model, std::vector<Candidate>& candidates, const ReportInput& in,
                    std::vector<Finding>& out) {
  out.clear();
  out.reserve(candidates.size());
  uint32_t hashed_sentence = UINT32_MAX;  // findings come in text order: hash each sentence once
  uint64_t sentence_hash = 0;
  for (Candidate& c : candidates) {
    Finding f;
    f.rule = c.rule;
    f.needle = c.needle;
    uint32_t view_start = in.fold_map->to_in_start(c.start);
    uint32_t view_end = in.fold_map->to_in_end(c.end);
    f.byte_start = in.view_map->to_in_start(view_start);
    f.byte_end = in.view_map->to_in_end(view_end);
    const Needle& n = model.needles[c.needle];
    const TermEntry* entry = n.kind == Needle::Kind::kTerm ? &model.entries[n.entry] : nullptr;
    f.message = fill_message(model.rules[c.rule].message, one_line(in.view.substr(view_start, view_end - view_start)),
                             entry);
    f.folded = std::string(in.folded.substr(c.start, c.end - c.start));
    uint32_t s = in.segments->sentence_of(c.start);
    if (s != hashed_sentence) {
      uint32_t sb = in.segments->sentence_begin(s), se = in.segments->sentence_end(s);
      sentence_hash = stable_hash(in.folded.substr(sb, se - sb));
      hashed_sentence = s;
    }
    f.context_hash = sentence_hash;
    f.explain = std::move(c.explain);
    out.push_back(std::move(f));
  }

  // One forward pass over the original bytes converts every offset we need.
  struct Point {
    uint64_t byte;
    uint32_t finding;
    bool is_end;
  };
  std::vector<Point> points;
  points.reserve(out.size() * 2);
  for (uint32_t i = 0; i < out.size(); ++i) {
    points.push_back({out[i].byte_start, i, false});
    points.push_back({out[i].byte_end, i, true});
  }
  std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.byte < b.byte; });
  uint64_t pos = 0, utf16 = 0, cps = 0;
  uint32_t line = 1, column = 1;
  const auto* bytes = reinterpret_cast<const unsigned char*>(in.original.data());
  for (const Point& p : points) {
    if (in.valid_utf8) {
      // Valid UTF-8: a code point per non-continuation byte, a second UTF-16 unit per
      // four-byte lead; a plain byte loop the compiler vectorizes.
      uint64_t stop = std::min<uint64_t>(p.byte, in.original.size());
      for (; pos < stop; ++pos) {
        unsigned char b = bytes[pos];
        bool starts = (b & 0xC0) != 0x80;
        cps += starts;
        utf16 += starts + (b >= 0xF0);
        column += starts;
        if (b == '\n') ++line, column = 1;
      }
    }
    while (pos < p.byte && pos < in.original.size()) {
      Decoded d = decode_utf8(in.original, pos);
      utf16 += d.cp >= 0x10000 ? 2 : 1;
      ++cps;
      if (d.cp == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
      pos += d.len;
    }
    Finding& f = out[p.finding];
    if (p.is_end) {
      f.utf16_end = utf16, f.cp_end = cps, f.end_line = line, f.end_column = column;
    } else {
      f.utf16_start = utf16, f.cp_start = cps, f.line = line, f.column = column;
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return a.byte_start != b.byte_start ? a.byte_start < b.byte_start : a.byte_end < b.byte_end;
  });
}

}  // namespace copydesk::detail
