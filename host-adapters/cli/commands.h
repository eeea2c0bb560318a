// The subcommands of the `copydesk` tool, one file each. Each returns the process exit status:
// 0 clean, 1 findings at or above --fail-on (or failed checks), 2 usage, rule or I/O errors.
// Their options are rows of the one table in flags.cpp.
#pragma once

#include <string>
#include <vector>

namespace copydesk::cli {

using Args = std::vector<std::string>;  // arguments after the subcommand name

int run_scan(const Args& args);           // scan_command.cpp
int run_compile(const Args& args);        // compile_command.cpp: copydesk compile RULES -o BUNDLE
int run_rules(const Args& args);          // rules_command.cpp: check | test (profile -> below)
int run_rules_profile(const Args& args);  // profile_command.cpp: copydesk rules profile
int run_rules_diff(const Args& args);     // rules_diff_command.cpp: copydesk rules diff
int run_explain(const Args& args);        // explain_command.cpp: copydesk explain FILE
int run_lexicon(const Args& args);        // lexicon_command.cpp: import-un FILE.xml
int run_version(const Args& args);        // version_command.cpp: copydesk version
int run_serve(const Args& args);          // serve_command.cpp: copydesk serve (host-adapters/serve)
int run_lsp(const Args& args);            // lsp_command.cpp: copydesk lsp

}  // namespace copydesk::cli
