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
  } else if (n.kind == Needle::Kind::kStem) {
    const TermEntry& e = model.entries[n.entry];
    s = "stemmed term '" + e.written + "' (" + e.source + ":" + std::to_string(e.line) + ", stems '" + n.literal + "')";
  } else if (n.kind == Needle::Kind::kRecogniser) {
    s = "the " + n.recogniser + " recogniser (" + n.source + ":" + std::to_string(n.line) + ")";
  } else {
    s = "a paragraph that repeats an earlier one (" + n.source + ":" + std::to_string(n.line) + ")";
  }
  return s;
}

// The list field `key` of the entry behind a term needle; empty when it has none.
std::string_view meta_value(const RuleModel& model, uint32_t needle, const std::string& key) {
  const Needle& n = model.needles[needle];
  if (n.kind != Needle::Kind::kTerm) return {};
  for (const auto& [k, v] : model.entries[n.entry].meta)
    if (k == key) return v;
  return {};
}

// In a plain article (no segments from the host), its headline is the first paragraph when
// that paragraph is a single sentence and a paragraph follows it (the lede).
bool in_headline(const Segmentation& segments, uint32_t pos) {
  return segments.paragraph_count() >= 2 && segments.paragraph_of(pos) == 0 &&
         segments.sentence_of(segments.paragraph_begin(1)) == 1;
}

// Where condition `c` looks around the candidate [start, end): up to three ranges of folded
// text, bounded by the candidate's segment except where context flows (segment/layout.h).
size_t scope_ranges(const Condition& c, uint32_t start, uint32_t end, const Segmentation& segments,
                    std::string_view folded, const SegmentLayout* layout, SegmentLayout::Range* ranges) {
  uint32_t part_begin = 0, part_end = static_cast<uint32_t>(folded.size());
  const SegmentLayout::Part* part = nullptr;
  uint32_t part_index = 0;
  if (layout) {
    part_index = layout->part_of(start);
    part = &layout->parts[part_index];
    part_begin = part->begin;
    part_end = part->end;
  }
  size_t count = 0;
  uint32_t lo = 0, hi = part_end;
  Scope scope = c.scope;
  if (scope == Scope::kHeadlineAndLede) {
    // A host's headline segment reads its lede below, as every scope there does; a plain
    // article's headline is found by its shape.
    bool plain = !layout || layout->parts.size() == 1;
    if (plain && in_headline(segments, start)) {
      ranges[count++] = {std::max(segments.paragraph_begin(0), part_begin), std::min(segments.paragraph_end(1), part_end)};
      return count;
    }
    scope = Scope::kSentence;
  }
  switch (scope) {
    case Scope::kSentence:
    case Scope::kPreviousSentence: {
      uint32_t first = segments.sentence_of(start);
      uint32_t last = segments.sentence_of(end - 1);
      lo = segments.sentence_begin(first);
      hi = segments.sentence_end(last);
      if (scope == Scope::kPreviousSentence) {
        if (first > 0 && segments.sentence_begin(first - 1) >= part_begin) lo = segments.sentence_begin(first - 1);
        else if (layout) ranges[count++] = layout->previous_sentence(part_index, segments);
      }
      break;
    }
    case Scope::kParagraph:
      lo = segments.paragraph_begin(segments.paragraph_of(start));
      hi = segments.paragraph_end(segments.paragraph_of(end - 1));
      break;
    case Scope::kTokens:
      lo = c.before ? walk_tokens_back(folded, start, c.before) : start;
      hi = c.after ? walk_tokens_forward(folded, end, c.after) : end;
      break;
    case Scope::kArticle:  // the whole segment
    case Scope::kHeadlineAndLede:
      break;
  }
  ranges[count++] = {std::max(lo, part_begin), std::min(hi, part_end)};
  if (part && c.scope != Scope::kTokens && segment_flow(part->kind) == SegmentFlow::kLeadIn)
    ranges[count++] = {part->lede_begin, part->lede_end};
  return count;
}

}  // namespace

void Evaluator::run(const RuleModel& model, const std::vector<Hit>& matched, const Segmentation& segments,
                    std::string_view folded, const EvaluateOptions& options, std::vector<Candidate>& out) {
  out.clear();
  // A hit never crosses from one segment into the next.
  auto within_segments = [&](std::vector<Hit>& hits) {
    if (!options.layout || options.layout->parts.size() <= 1) return;
    const SegmentLayout& layout = *options.layout;
    hits.erase(std::remove_if(hits.begin(), hits.end(),
                              [&](const Hit& h) { return h.end > layout.parts[layout.part_of(h.start)].end; }),
               hits.end());
  };
  const std::vector<Hit>* hits = &matched;
  if (!model.stem_needles.empty()) {
    // Stemmed terms (stems.h) are hits like the matcher's.
    recognised_.clear();
    stems_.find(model, folded, segments, recognised_);
    within_segments(recognised_);
    if (!recognised_.empty()) {
      all_hits_.assign(matched.begin(), matched.end());
      all_hits_.insert(all_hits_.end(), recognised_.begin(), recognised_.end());
      hits = &all_hits_;
    }
  }
  index_hits(model, *hits);
  if (!model.recognisers.empty()) {
    // Recognisers read the hits by group and add hits of their own.
    recognised_.clear();
    recognisers_.set_source(options.view, options.fold_map);
    recognisers_.run(
        model, folded, segments,
        [&](uint32_t g) {
          return GroupHits{by_group_.data() + group_begin_[g], by_group_.data() + group_begin_[g + 1]};
        },
        recognised_);
    within_segments(recognised_);
    if (!recognised_.empty()) {
      if (hits != &all_hits_) all_hits_.assign(matched.begin(), matched.end());
      all_hits_.insert(all_hits_.end(), recognised_.begin(), recognised_.end());
      index_hits(model, all_hits_);
    }
  }
  run_rules(model, segments, folded, options, out);
}

void Evaluator::index_hits(const RuleModel& model, const std::vector<Hit>& hits) {
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
}

void Evaluator::run_rules(const RuleModel& model, const Segmentation& segments, std::string_view folded,
                          const EvaluateOptions& options, std::vector<Candidate>& out) {
  deferred_.clear();
  pending_.clear();
  pending_begin_.assign(1, 0);
  context_.clear();
  // A rule that is not reported (disabled, or below the minimum severity) still finds what
  // it finds when other rules look at findings: context does not depend on what is shown.
  const bool want_context = model.findings_conditions > 0;
  for (uint32_t r = 0; r < model.rules.size(); ++r) {
    const Rule& rule = model.rules[r];
    bool reported = (!options.rule_enabled || (*options.rule_enabled)[r]) && rule.severity >= options.min_severity;
    if (!reported && !want_context) continue;
    const bool explaining = options.explain && reported;
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
      if (explaining) {
        explain = "matched " + describe_needle(model, model.needles[h.needle]) + " as folded '" +
                  std::string(folded.substr(h.start, h.end - h.start)) + "'\n";
      }
      bool keep = true;
      size_t pending = pending_.size();
      const std::string& matched_term =
          model.needles[h.needle].kind == Needle::Kind::kTerm ? model.entries[model.needles[h.needle].entry].folded
                                                              : model.needles[h.needle].folded_pattern;
      for (uint32_t ci = 0; ci < rule.conditions.size(); ++ci) {
        const Condition& c = rule.conditions[ci];
        if (!c.when.empty() && std::find(c.when.begin(), c.when.end(), matched_term) == c.when.end()) {
          if (explaining) explain += c.label + ": not applicable to this term\n";
          continue;
        }
        std::string evidence;
        bool found = condition_holds(model, c, cand, segments, folded, options.layout,
                                     explaining ? &evidence : nullptr);
        if (!found && c.require && !c.finding_rules.empty()) {
          pending_.push_back(ci);  // round two looks at the findings that stand on their own
          continue;
        }
        if (explaining) {
          explain += c.label + ": " + (found ? "found " + evidence : std::string("nothing found")) +
                     (c.require == found ? " (passes)\n" : " (fails)\n");
        }
        if (c.require != found) {
          keep = false;
          if (!explaining) break;
        }
      }
      cand.explain = std::move(explain);
      if (keep && pending_.size() > pending && reported) {
        deferred_.push_back(std::move(cand));
        pending_begin_.push_back(static_cast<uint32_t>(pending_.size()));
        continue;
      }
      bool standalone = pending_.size() == pending;
      pending_.resize(pending);
      if (keep && standalone) (reported ? out : context_).push_back(std::move(cand));
    }
  }

  // Round two: candidates that only lacked a finding nearby.
  if (!deferred_.empty()) {
    size_t standalone = out.size();
    standalone_.resize(model.findings_conditions);
    standalone_built_.assign(model.findings_conditions, 0);
    for (size_t d = 0; d < deferred_.size(); ++d) {
      Candidate& cand = deferred_[d];
      const Rule& rule = model.rules[cand.rule];
      bool keep = true;
      for (uint32_t k = pending_begin_[d]; k < pending_begin_[d + 1]; ++k) {
        const Condition& c = rule.conditions[pending_[k]];
        std::string evidence;
        bool found = finding_in_scope(model, c, cand, segments, folded, options.layout, standalone, out,
                                      options.explain ? &evidence : nullptr);
        if (options.explain)
          cand.explain += c.label + ": " + (found ? "found the finding " + evidence : std::string("nothing found")) +
                          (found ? " (passes)\n" : " (fails)\n");
        if (!found) {
          keep = false;
          if (!options.explain) break;
        }
      }
      if (keep) out.push_back(std::move(cand));
    }
  }
  resolve_overlaps(model, out);
}

bool Evaluator::finding_in_scope(const RuleModel& model, const Condition& c, const Candidate& cand,
                                 const Segmentation& segments, std::string_view folded, const SegmentLayout* layout,
                                 size_t standalone, const std::vector<Candidate>& out, std::string* evidence) {
  std::vector<Standalone>& found = standalone_[c.findings_slot];
  if (!standalone_built_[c.findings_slot]) {
    standalone_built_[c.findings_slot] = 1;
    found.clear();
    auto add = [&](const Candidate& f) {
      if (!std::binary_search(c.finding_rules.begin(), c.finding_rules.end(), f.rule)) return;
      std::string_view value = c.same_meta.empty() ? std::string_view() : meta_value(model, f.needle, c.same_meta);
      if (!c.same_meta.empty() && value.empty()) return;
      found.push_back({value, f.start, f.end, f.rule});
    };
    for (uint32_t i = 0; i < standalone; ++i) add(out[i]);
    for (const Candidate& f : context_) add(f);
    std::sort(found.begin(), found.end(), [](const Standalone& a, const Standalone& b) {
      return a.value != b.value ? a.value < b.value : a.start < b.start;
    });
  }
  std::string_view value;
  if (!c.same_meta.empty()) {
    value = meta_value(model, cand.needle, c.same_meta);
    if (value.empty()) return false;
  }
  SegmentLayout::Range ranges[3];
  size_t count = scope_ranges(c, cand.start, cand.end, segments, folded, layout, ranges);
  for (size_t r = 0; r < count; ++r) {
    const auto [lo, hi] = ranges[r];
    if (lo >= hi) continue;
    auto it = std::lower_bound(found.begin(), found.end(), std::make_pair(value, lo),
                               [](const Standalone& f, const std::pair<std::string_view, uint32_t>& key) {
                                 return f.value != key.first ? f.value < key.first : f.start < key.second;
                               });
    for (; it != found.end() && it->value == value && it->start < hi; ++it) {
      if (it->end > hi) continue;
      if (it->start < cand.end && cand.start < it->end) continue;  // the candidate's own words
      if (evidence) *evidence = "'" + std::string(folded.substr(it->start, it->end - it->start)) + "' (" +
                                model.rules[it->rule].id + ")";
      return true;
    }
  }
  return false;
}

bool Evaluator::condition_holds(const RuleModel& model, const Condition& c, const Candidate& cand,
                                const Segmentation& segments, std::string_view folded, const SegmentLayout* layout,
                                std::string* evidence) const {
  // The candidate's segment bounds every scope; context flows beyond it only as the layout says.
  SegmentLayout::Range ranges[3];
  size_t count = scope_ranges(c, cand.start, cand.end, segments, folded, layout, ranges);
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
