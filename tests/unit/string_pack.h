// Test support for the match and evaluate stages: a pack given as a TOML
// string, compiled to a model and match database, and a text run through the
// stages before matching.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "fold/fold.h"
#include "match/matcher.h"
#include "rules/load.h"
#include "segment/segment.h"

namespace copydesk::detail {

struct CompiledPack {
  RuleModel model;
  std::unique_ptr<MatchDatabase> db;
  Diagnostics diags;

  // Fails the current test (and leaves `db` null) when `toml` does not compile.
  void compile(const std::string& toml) {
    SourceUnit unit;
    unit.kind = SourceUnit::Kind::kString;
    unit.origin = "pack.toml";
    unit.files["pack.toml"] = toml;
    model = build_model({unit}, "", diags);
    ASSERT_FALSE(diags.has_errors()) << diags.first_error_text();
    db = MatchDatabase::build(model, diags, 0);
    ASSERT_NE(db, nullptr) << diags.first_error_text();
  }
};

// A plain-text article folded, segmented and matched.
struct MatchedText {
  FoldedText folded;
  Segmentation segments;
  std::vector<Hit> hits;

  MatchedText(const CompiledPack& pack, const std::string& raw) {
    fold_text(raw, folded);
    segment_text(folded.text, segments);
    Matcher matcher(*pack.db);
    matcher.find(pack.model, folded.text, segments, raw, folded.map, hits);
  }
  std::string folded_span(uint32_t start, uint32_t end) const { return folded.text.substr(start, end - start); }
};

}  // namespace copydesk::detail
