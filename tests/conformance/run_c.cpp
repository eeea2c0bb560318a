// Conformance runner for the C ABI: every vector of tests/conformance/vectors/, as
// README.md in this folder says, through copydesk.h alone (nlohmann-json reads the vectors).
// ctest: conformance_c.
//
//   conformance_c REPO_ROOT [VECTOR.json...]   (default: every vector, in file-name order)
#include <copydesk.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* const kKinds[] = {"body", "headline", "standfirst", "subheading", "caption", "pullquote", "aside"};
const std::map<std::string, int> kFormats = {
    {"auto", COPYDESK_FORMAT_AUTO}, {"text", COPYDESK_FORMAT_TEXT}, {"markdown", COPYDESK_FORMAT_MARKDOWN},
    {"html", COPYDESK_FORMAT_HTML}};
const std::map<std::string, int> kSeverities = {
    {"info", COPYDESK_SEVERITY_INFO}, {"warning", COPYDESK_SEVERITY_WARNING}, {"error", COPYDESK_SEVERITY_ERROR}};

int kind_code(const std::string& name) {
  for (int i = 0; i < 7; ++i)
    if (name == kKinds[i]) return i;
  return -1;
}

std::string severity_name(int s) {
  for (const auto& [name, code] : kSeverities)
    if (code == s) return name;
  return std::to_string(s);
}

std::string join(const json& names) {
  std::string out;
  for (const json& n : names) out += (out.empty() ? "" : ",") + n.get<std::string>();
  return out;
}

// UTF-16 units and code points of a UTF-8 prefix, counted here, not by the library.
uint64_t utf16_units(const std::string& s) {
  uint64_t n = 0;
  for (unsigned char c : s) n += ((c & 0xC0) != 0x80) + (c >= 0xF0);
  return n;
}

struct RulesetDeleter {
  void operator()(copydesk_ruleset* r) const { copydesk_ruleset_free(r); }
};
using RulesetPtr = std::unique_ptr<copydesk_ruleset, RulesetDeleter>;

// The finding as the JSON keys of the shared schema name it.
json as_json(const copydesk_finding& x) {
  return json{{"rule", x.rule_id},
              {"category", x.category},
              {"severity", severity_name(x.severity)},
              {"message", x.message},
              {"term", x.term},
              {"folded", x.folded},
              {"start", x.byte_start},
              {"end", x.byte_end},
              {"start_utf16", x.utf16_start},
              {"end_utf16", x.utf16_end},
              {"start_cp", x.cp_start},
              {"end_cp", x.cp_end},
              {"line", x.line},
              {"column", x.column},
              {"end_line", x.end_line},
              {"end_column", x.end_column},
              {"visible_start", x.visible_byte_start},
              {"visible_end", x.visible_byte_end},
              {"visible_start_utf16", x.visible_utf16_start},
              {"visible_end_utf16", x.visible_utf16_end},
              {"visible_start_cp", x.visible_cp_start},
              {"visible_end_cp", x.visible_cp_end},
              {"visible_text", x.visible_text},
              {"segment", x.segment_index},
              {"segment_id", x.segment_id},
              {"segment_kind", x.segment_kind >= 0 && x.segment_kind < 7 ? kKinds[x.segment_kind] : "?"}};
}

class Runner {
 public:
  explicit Runner(fs::path root) : root_(std::move(root)) {}

  // Runs one vector; failures are appended as "NAME: message".
  void run(const std::string& name, const json& v) {
    auto fail = [&](const std::string& m) { failures_.push_back(name + ": " + m); };
    copydesk_ruleset* rules = ruleset(v.at("rules"), fail);
    if (!rules) return;
    const json& req = v.at("request");
    const json opts_json = req.value("options", json::object());
    copydesk_scan_options opts;
    copydesk_scan_options_init(&opts, COPYDESK_SCAN_OPTIONS_VERSION);
    opts.input_format = kFormats.at(req.value("format", "auto"));
    opts.min_severity = kSeverities.at(opts_json.value("min_severity", "info"));
    const std::string enable = join(opts_json.value("enable", json::array()));
    const std::string disable = join(opts_json.value("disable", json::array()));
    opts.enable = enable.empty() ? nullptr : enable.c_str();
    opts.disable = disable.empty() ? nullptr : disable.c_str();

    // The texts given: the request's one, or each segment's.
    std::vector<std::string> texts, ids;
    const bool segmented = req.contains("segments");
    std::vector<copydesk_segment> segments;
    if (segmented) {
      for (const json& s : req.at("segments")) {
        texts.push_back(s.at("text").get<std::string>());
        ids.push_back(s.value("id", ""));
      }
      for (size_t i = 0; i < texts.size(); ++i) {
        const json& s = req.at("segments")[i];
        segments.push_back({COPYDESK_SEGMENT_VERSION, kind_code(s.value("kind", "body")),
                            kFormats.at(s.value("format", "auto")), 0, ids[i].c_str(), texts[i].data(),
                            texts[i].size()});
      }
    } else {
      texts.push_back(req.at("text").get<std::string>());
    }

    copydesk_scanner* scanner = nullptr;
    if (copydesk_scanner_new(&scanner, rules) != COPYDESK_OK) return fail("cannot create a scanner");
    copydesk_findings* found = nullptr;
    int status = segmented ? copydesk_scanner_scan_segments(&found, scanner, segments.data(), segments.size(), &opts)
                           : copydesk_scanner_scan(&found, scanner, texts[0].data(), texts[0].size(), &opts);
    copydesk_scanner_free(scanner);
    const json& expect = v.at("expect");
    if (status != COPYDESK_OK) {
      if (!expect.contains("error")) fail(std::string("scan failed: ") + copydesk_last_error());
      else if (expect.at("error") != copydesk_status_name(status))
        fail("error: expected " + expect.at("error").get<std::string>() + ", got " + copydesk_status_name(status));
      return;
    }
    if (expect.contains("error")) {
      fail("error: expected " + expect.at("error").get<std::string>() + ", got findings");
      copydesk_findings_free(found);
      return;
    }
    const json& want = expect.at("findings");
    const size_t n = copydesk_findings_count(found);
    if (n != want.size())
      fail("findings: expected " + std::to_string(want.size()) + ", got " + std::to_string(n));
    for (size_t i = 0; i < std::min(n, want.size()); ++i) {
      copydesk_finding x;
      x.version = COPYDESK_FINDING_VERSION;
      if (copydesk_findings_get(&x, found, i) != COPYDESK_OK) {
        fail("finding " + std::to_string(i) + ": cannot be read");
        continue;
      }
      const json got = as_json(x);
      const std::string at = "finding " + std::to_string(i) + ": ";
      for (const auto& [key, value] : want[i].items()) {
        if (key == "text") continue;  // checked below, on the bytes
        if (!got.contains(key)) fail(at + key + ": a key this runner does not know");
        else if (got.at(key) != value) fail(at + key + ": expected " + value.dump() + ", got " + got.at(key).dump());
      }
      // The input sliced by byte offsets, from the text given, not from the vector.
      const std::string& text = texts[std::min<size_t>(x.segment_index, texts.size() - 1)];
      if (x.byte_end > text.size() || x.byte_start > x.byte_end) {
        fail(at + "text: the span is outside the text");
        continue;
      }
      const std::string sliced = text.substr(x.byte_start, x.byte_end - x.byte_start);
      if (sliced != want[i].at("text").get<std::string>())
        fail(at + "text: bytes [start, end): expected " + want[i].at("text").dump() + ", got " + json(sliced).dump());
      if (utf16_units(text.substr(0, x.byte_start)) != x.utf16_start)
        fail(at + "start_utf16: does not count the UTF-16 units before start");
    }
    if (expect.contains("truncated") && expect.at("truncated") != (copydesk_findings_truncated(found) == 1))
      fail("truncated differs");
    if (expect.contains("invalid_utf8") && expect.at("invalid_utf8") != copydesk_findings_invalid_utf8(found))
      fail("invalid_utf8 differs");
    copydesk_findings_free(found);
  }

  const std::vector<std::string>& failures() const { return failures_; }

 private:
  template <typename Fail>
  copydesk_ruleset* ruleset(const json& paths, Fail&& fail) {
    const std::string key = paths.dump();
    auto it = rulesets_.find(key);
    if (it != rulesets_.end()) {
      if (!it->second) fail("rules do not compile");
      return it->second.get();
    }
    copydesk_compiler* c = nullptr;
    copydesk_ruleset* rs = nullptr;
    copydesk_compiler_new(&c, nullptr);
    for (const json& p : paths) copydesk_compiler_add_path(c, (root_ / p.get<std::string>()).c_str());
    if (copydesk_compiler_build(&rs, c) != COPYDESK_OK) fail(std::string("rules: ") + copydesk_last_error());
    copydesk_compiler_free(c);
    return rulesets_.emplace(key, RulesetPtr(rs)).first->second.get();
  }

  fs::path root_;
  std::map<std::string, RulesetPtr> rulesets_;
  std::vector<std::string> failures_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: conformance_c REPO_ROOT [VECTOR.json...]\n");
    return 2;
  }
  const fs::path root = argv[1];
  const fs::path here = root / "tests" / "conformance";
  std::vector<fs::path> files(argv + 2, argv + argc);
  if (files.empty()) {
    for (const auto& e : fs::directory_iterator(here / "vectors"))
      if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
  }
  if (files.empty()) {
    std::printf("no vectors\n");
    return 77;
  }
  Runner runner(root);
  size_t failed = 0;
  for (const fs::path& file : files) {
    const std::string name = fs::relative(file, here).string();
    const size_t before = runner.failures().size();
    try {
      std::ifstream in(file);
      runner.run(name, json::parse(in));
    } catch (const std::exception& e) {
      std::printf("%s: cannot be read: %s\n", name.c_str(), e.what());
      ++failed;
      continue;
    }
    failed += runner.failures().size() > before;
  }
  for (const std::string& f : runner.failures()) std::printf("%s\n", f.c_str());
  std::printf("conformance_c: %zu passed, %zu failed\n", files.size() - failed, failed);
  return failed ? 1 : 0;
}
