#include "evaluate/evaluate.h"

#include <algorithm>
#include <map>

#include "match/tokens.h"

namespace copydesk::detail {

namespace {

std::string describe_needle(const RuleModel& model, const Needle& n) {
  std::string s;
  if (n.kind == Needle::Kind::kTerm) {
    const TermEntry& e = model.entries[n.entry];
    s = "term '" + e.written + "' (" + e.source + ":" + std::to_string(e.line) + ")";
    for (const auto& [k, v] : e.meta) s += " " + k + "=" + v;
    if (n.clitics == Clitics::kArticleStem) s += ", matched after لل";
  } else if (n.kind == Needle::Kind::kPattern) {
    s = "pattern '" + n.pattern + "' (" + n.source + ":" + std::to_string(n.line) + ")";
  } else {
    s = "a paragraph that repeats an earlier one (" + n.source + ":" + std::to_string(n.line) + ")";
  }
  return s;
}

}  // namespace

void Evaluator::run(const RuleModel& model, const std::vector<Hit>& hits, const Segmentation& segments,
                    std::string_view folded, const EvaluateOptions& options, std::vector<Candidate>& out) {
  out.clear();
  // Index hits by group (a counting sort), then order each group by start for the scope lookups.
  size_t groups = model.groups.size();
  group_begin_.assign(groups + 1, 0);
  for (const Hit& h : hits) ++group_begin_[model.needles[h.needle].group + 1];
  for (size_t g = 0; g < groups; ++g) group_begin_[g + 1] += group_begin_[g];
  by_group_.resize(hits.size());
  std::vector<uint32_t> fill(group_begin_.begin(), group_begin_.end() - 1);
  for (const Hit& h : hits) by_group_[fill[model.needles[h.needle].group]++] = h;
  for (size_t g = 0; g < groups; ++g) {
    std::sort(by_group_.begin() + group_begin_[g], by_group_.begin() + group_begin_[g + 1],
              [](const Hit& a, const Hit& b) { return a.start != b.start ? a.start < b.start : a.end > b.end; });
  }

  for (uint32_t r = 0; r < model.rules.size(); ++r) {
    const Rule& rule = model.rules[r];
    if (options.rule_enabled && !(*options.rule_enabled)[r]) continue;
    if (rule.severity < options.min_severity) continue;
    uint32_t g = rule.match_group;
    for (uint32_t i = group_begin_[g]; i < group_begin_[g + 1]; ++i) {
      const Hit& h = by_group_[i];
      if (rule.segments) {
        SegmentKind kind = options.layout ? options.layout->parts[options.layout->part_of(h.start)].kind
                                          : SegmentKind::kBody;
        if (!(rule.segments & segment_bit(kind))) continue;
      }
      Candidate cand{r, h.needle, h.start, h.end, {}};
      std::string explain;
      if (options.explain) {
        explain = "matched " + describe_needle(model, model.needles[h.needle]) + " as folded '" +
                  std::string(folded.substr(h.start, h.end - h.start)) + "'\n";
      }
      bool keep = true;
      const std::string& matched_term =
          model.needles[h.needle].kind == Needle::Kind::kTerm ? model.entries[model.needles[h.needle].entry].folded
                                                              : model.needles[h.needle].folded_pattern;
      for (const Condition& c : rule.conditions) {
        if (!c.when.empty() && std::find(c.when.begin(), c.when.end(), matched_term) == c.when.end()) {
          if (options.explain) explain += c.label + ": not applicable to this term\n";
          continue;
        }
        std::string evidence;
        bool found = condition_holds(model, c, cand, segments, folded, options.layout,
                                     options.explain ? &evidence : nullptr);
        if (options.explain) {
          explain += c.label + ": " + (found ? "found " + evidence : std::string("nothing found")) +
                     (c.require == found ? " (passes)\n" : " (fails)\n");
        }
        if (c.require != found) {
          keep = false;
          if (!options.explain) break;
        }
      }
      if (!keep) continue;
      cand.explain = std::move(explain);
      out.push_back(std::move(cand));
    }
  }
  resolve_overlaps(model, out);
}

bool Evaluator::condition_holds(const RuleModel& model, const Condition& c, const Candidate& cand,
                                const Segmentation& segments, std::string_view folded, const SegmentLayout* layout,
                                std::string* evidence) const {
  // The candidate's segment bounds every scope; context flows beyond it only as the layout says.
  uint32_t part_begin = 0, part_end = static_cast<uint32_t>(folded.size());
  const SegmentLayout::Part* part = nullptr;
  uint32_t part_index = 0;
  if (layout) {
    part_index = layout->part_of(cand.start);
    part = &layout->parts[part_index];
    part_begin = part->begin;
    part_end = part->end;
  }
  SegmentLayout::Range ranges[3];
  size_t count = 0;
  uint32_t lo = 0, hi = part_end;
  switch (c.scope) {
    case Scope::kSentence:
    case Scope::kPreviousSentence: {
      uint32_t first = segments.sentence_of(cand.start);
      uint32_t last = segments.sentence_of(cand.end - 1);
      lo = segments.sentence_begin(first);
      hi = segments.sentence_end(last);
      if (c.scope == Scope::kPreviousSentence) {
        if (first > 0 && segments.sentence_begin(first - 1) >= part_begin) lo = segments.sentence_begin(first - 1);
        else if (layout) ranges[count++] = layout->previous_sentence(part_index, segments);
      }
      break;
    }
    case Scope::kParagraph:
      lo = segments.paragraph_begin(segments.paragraph_of(cand.start));
      hi = segments.paragraph_end(segments.paragraph_of(cand.end - 1));
      break;
    case Scope::kTokens:
      lo = c.before ? walk_tokens_back(folded, cand.start, c.before) : cand.start;
      hi = c.after ? walk_tokens_forward(folded, cand.end, c.after) : cand.end;
      break;
  }
  ranges[count++] = {std::max(lo, part_begin), std::min(hi, part_end)};
  if (part && c.scope != Scope::kTokens && segment_flow(part->kind) == SegmentFlow::kLeadIn)
    ranges[count++] = {part->lede_begin, part->lede_end};

  for (size_t r = 0; r < count; ++r) {
    const auto [from, to] = ranges[r];
    if (from >= to) continue;
    for (uint32_t g : c.groups) {
      auto begin = by_group_.begin() + group_begin_[g], end = by_group_.begin() + group_begin_[g + 1];
      auto it = std::lower_bound(begin, end, from, [](const Hit& h, uint32_t v) { return h.start < v; });
      for (; it != end && it->start < to; ++it) {
        if (it->end > to) continue;
        if (it->start < cand.end && cand.start < it->end) continue;  // inside the finding itself
        if (evidence) *evidence = "'" + std::string(folded.substr(it->start, it->end - it->start)) + "' (" +
                                  model.groups[g].name + ")";
        return true;
      }
    }
  }
  return false;
}

void Evaluator::resolve_overlaps(const RuleModel& model, std::vector<Candidate>& out) {
  // Longest first (then more severe, then earlier rule): each candidate survives only if it
  // overlaps no survivor of its category.
  std::vector<uint32_t> order(out.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const Candidate &x = out[a], &y = out[b];
    uint32_t lx = x.end - x.start, ly = y.end - y.start;
    if (lx != ly) return lx > ly;
    if (model.rules[x.rule].severity != model.rules[y.rule].severity)
      return model.rules[x.rule].severity > model.rules[y.rule].severity;
    if (x.rule != y.rule) return x.rule < y.rule;
    return x.start < y.start;
  });
  std::map<std::string_view, std::map<uint32_t, uint32_t>> taken;  // category -> start -> end
  std::vector<uint8_t> keep(out.size(), 0);
  for (uint32_t i : order) {
    const Candidate& c = out[i];
    auto& spans = taken[model.rules[c.rule].category];
    auto next = spans.lower_bound(c.start);
    if (next != spans.end() && next->first < c.end) continue;
    if (next != spans.begin() && std::prev(next)->second > c.start) continue;
    spans.emplace(c.start, c.end);
    keep[i] = 1;
  }
  std::vector<Candidate> kept;
  kept.reserve(out.size());
  for (uint32_t i = 0; i < out.size(); ++i)
    if (keep[i]) kept.push_back(std::move(out[i]));
  std::sort(kept.begin(), kept.end(), [](const Candidate& a, const Candidate& b) {
    return a.start != b.start ? a.start < b.start : a.rule < b.rule;
  });
  out = std::move(kept);
}

}  // namespace copydesk::detail
