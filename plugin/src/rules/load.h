// TOML rule sources -> RuleModel. Checks every key and value, resolves term
// sets across packs, folds every term, and records each problem with its file,
// line and column instead of stopping at the first.
#pragma once

#include <string>
#include <vector>

#include "rules/diagnostics.h"
#include "rules/model.h"
#include "rules/sources.h"

namespace copydesk::detail {

// `exclude`: comma-separated rule ids, packs or categories whose rules are left out.
RuleModel build_model(const std::vector<SourceUnit>& units, const std::string& exclude, Diagnostics& diags);

}  // namespace copydesk::detail
