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

// The segment whose view holds joined-view offset `pos`.
uint32_t segment_at(const ReportInput& in, uint32_t pos) {
  const ReportSegment* begin = in.segments;
  const ReportSegment* end = in.segments + in.segment_count;
  const ReportSegment* it =
      std::upper_bound(begin, end, pos, [](uint32_t v, const ReportSegment& s) { return v < s.view_begin; });
  return it == begin ? 0 : static_cast<uint32_t>(it - begin) - 1;
}

struct OffsetPoint {
  uint32_t segment;
  uint64_t byte;
  uint32_t finding;
  bool is_end;
};

struct Counted {
  uint64_t utf16, cp;
  uint32_t line, column;
};

// Sorts `points` by segment and byte, and calls `body(segment, first, last)` once per segment.
template <typename Body>
void for_each_segment(std::vector<OffsetPoint>& points, Body&& body, const ReportInput& in) {
  std::sort(points.begin(), points.end(), [](const OffsetPoint& a, const OffsetPoint& b) {
    return a.segment != b.segment ? a.segment < b.segment : a.byte < b.byte;
  });
  for (size_t i = 0; i < points.size();) {
    size_t j = i;
    while (j < points.size() && points[j].segment == points[i].segment) ++j;
    body(in.segments[points[i].segment], points.data() + i, points.data() + j);
    i = j;
  }
}

// One forward pass over `text` to the byte offset of each point in [first, last), sorted by
// byte: UTF-16 units, code points, line and column there.
template <typename Store>
void count_offsets(std::string_view text, bool valid_utf8, const OffsetPoint* first, const OffsetPoint* last,
                   Store&& store) {
  uint64_t pos = 0;
  Counted at{0, 0, 1, 1};
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (const OffsetPoint* p = first; p != last; ++p) {
    if (valid_utf8) {
      // Valid UTF-8: a code point per non-continuation byte, a second UTF-16 unit per
      // four-byte lead; a plain byte loop the compiler vectorizes.
      uint64_t stop = std::min<uint64_t>(p->byte, text.size());
      for (; pos < stop; ++pos) {
        unsigned char b = bytes[pos];
        bool starts = (b & 0xC0) != 0x80;
        at.cp += starts;
        at.utf16 += starts + (b >= 0xF0);
        at.column += starts;
        if (b == '\n') ++at.line, at.column = 1;
      }
    }
    while (pos < p->byte && pos < text.size()) {
      Decoded d = decode_utf8(text, pos);
      at.utf16 += d.cp >= 0x10000 ? 2 : 1;
      ++at.cp;
      if (d.cp == '\n') {
        ++at.line;
        at.column = 1;
      } else {
        ++at.column;
      }
      pos += d.len;
    }
    store(*p, at);
  }
}

}  // namespace

void build_findings(const RuleModel& model, std::vector<Candidate>& candidates, const ReportInput& in,
                    std::vector<Finding>& out) {
  out.clear();
  out.reserve(candidates.size());
  uint32_t hashed_sentence = UINT32_MAX;  // findings come in text order: hash each sentence once
  uint64_t sentence_hash = 0;
  std::vector<uint32_t> local_view(candidates.size() * 2);  // view offsets within the segment
  for (Candidate& c : candidates) {
    Finding f;
    f.rule = c.rule;
    f.needle = c.needle;
    uint32_t view_start = in.fold_map->to_in_start(c.start);
    uint32_t view_end = in.fold_map->to_in_end(c.end);
    f.segment = segment_at(in, view_start);
    const ReportSegment& seg = in.segments[f.segment];
    uint32_t local_start = std::min<uint32_t>(view_start - seg.view_begin, static_cast<uint32_t>(seg.view.size()));
    uint32_t local_end = std::clamp<uint32_t>(view_end - seg.view_begin, local_start, static_cast<uint32_t>(seg.view.size()));
    f.byte_start = seg.view_map->to_in_start(local_start);
    f.byte_end = local_end > 0 ? seg.view_map->to_in_end(local_end) : f.byte_start;
    local_view[2 * out.size()] = local_start;
    local_view[2 * out.size() + 1] = local_end;
    const Needle& n = model.needles[c.needle];
    const TermEntry* entry =
        n.kind == Needle::Kind::kTerm || n.kind == Needle::Kind::kStem ? &model.entries[n.entry] : nullptr;
    f.message = fill_message(model.rules[c.rule].message, one_line(in.view.substr(view_start, view_end - view_start)),
                             entry);
    f.folded = std::string(in.folded.substr(c.start, c.end - c.start));
    uint32_t s = in.sentences->sentence_of(c.start);
    if (s != hashed_sentence) {
      uint32_t sb = in.sentences->sentence_begin(s), se = in.sentences->sentence_end(s);
      // The sentence's words only: the spaces and line breaks after it (and the "\n\n"
      // between segments) depend on what follows, and a sentence must keep its hash when a
      // paragraph or a block is added after it.
      std::string_view words = in.folded.substr(sb, se - sb);
      while (!words.empty() && (words.back() == ' ' || words.back() == '\n' || words.back() == '\r' || words.back() == '\t'))
        words.remove_suffix(1);
      while (!words.empty() && (words.front() == ' ' || words.front() == '\n' || words.front() == '\r' || words.front() == '\t'))
        words.remove_prefix(1);
      sentence_hash = stable_hash(words);
      hashed_sentence = s;
    }
    f.context_hash = sentence_hash;
    f.explain = std::move(c.explain);
    out.push_back(std::move(f));
  }

  // Original offsets: one forward pass over each segment's bytes.
  std::vector<OffsetPoint> points;
  points.reserve(out.size() * 2);
  for (uint32_t i = 0; i < out.size(); ++i) {
    points.push_back({out[i].segment, out[i].byte_start, i, false});
    points.push_back({out[i].segment, out[i].byte_end, i, true});
  }
  for_each_segment(points, [&](const ReportSegment& seg, const OffsetPoint* first, const OffsetPoint* last) {
    count_offsets(seg.original, seg.valid_utf8, first, last, [&](const OffsetPoint& p, const Counted& at) {
      Finding& f = out[p.finding];
      if (p.is_end) f.utf16_end = at.utf16, f.cp_end = at.cp, f.end_line = at.line, f.end_column = at.column;
      else f.utf16_start = at.utf16, f.cp_start = at.cp, f.line = at.line, f.column = at.column;
    });
  }, in);

  // Visible offsets: the original ones for plain text, else a pass over each text view.
  points.clear();
  for (uint32_t i = 0; i < out.size(); ++i) {
    Finding& f = out[i];
    const ReportSegment& seg = in.segments[f.segment];
    if (seg.visible_is_original) {
      f.visible_start = f.byte_start, f.visible_end = f.byte_end;
      f.visible_utf16_start = f.utf16_start, f.visible_utf16_end = f.utf16_end;
      f.visible_cp_start = f.cp_start, f.visible_cp_end = f.cp_end;
      f.visible = std::string(seg.original.substr(f.byte_start, f.byte_end - f.byte_start));
      continue;
    }
    f.visible_start = local_view[2 * i];
    f.visible_end = local_view[2 * i + 1];
    f.visible = std::string(seg.view.substr(f.visible_start, f.visible_end - f.visible_start));
    points.push_back({f.segment, f.visible_start, i, false});
    points.push_back({f.segment, f.visible_end, i, true});
  }
  for_each_segment(points, [&](const ReportSegment& seg, const OffsetPoint* first, const OffsetPoint* last) {
    // HTML and Markdown views hold valid UTF-8 only: invalid input became U+FFFD there.
    count_offsets(seg.view, true, first, last, [&](const OffsetPoint& p, const Counted& at) {
      Finding& f = out[p.finding];
      if (p.is_end) f.visible_utf16_end = at.utf16, f.visible_cp_end = at.cp;
      else f.visible_utf16_start = at.utf16, f.visible_cp_start = at.cp;
    });
  }, in);

  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    if (a.segment != b.segment) return a.segment < b.segment;
    return a.byte_start != b.byte_start ? a.byte_start < b.byte_start : a.byte_end < b.byte_end;
  });
}

}  // namespace copydesk::detail
