// Rule sources and bundles as a hostile policy editor or a tampered copy gives them
// (issue 9): every input gets a clear status and message, never a crash, a read
// outside the pack, or a silent pass.
#include <copydesk.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "test_rules.h"

namespace fs = std::filesystem;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kSmallStack = 1u << 20;  // ASan's frames are several times larger
#else
constexpr size_t kSmallStack = 256u << 10;
#endif

// Runs `body` on a thread with a kSmallStack stack: a host's worker thread.
void on_small_stack(std::function<void()> body) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, kSmallStack), 0);
  pthread_t t;
  auto run = [](void* arg) -> void* {
    (*static_cast<std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&t, &attr, run, &body), 0);
  pthread_join(t, nullptr);
  pthread_attr_destroy(&attr);
}

struct Build {
  int status = 0;
  std::string error;
  std::vector<std::string> diags;  // "file:line:col: message"
  std::string all() const {
    std::string s = error + "\n";
    for (const auto& d : diags) s += d + "\n";
    return s;
  }
  bool has(const std::string& needle) const { return all().find(needle) != std::string::npos; }
};

Build build(const std::function<void(copydesk_compiler*)>& add, const copydesk_compile_options* opts = nullptr,
            copydesk_ruleset** keep = nullptr) {
  Build b;
  copydesk_compiler* c = nullptr;
  EXPECT_EQ(copydesk_compiler_new(&c, opts), COPYDESK_OK);
  add(c);
  copydesk_ruleset* rs = nullptr;
  b.status = copydesk_compiler_build(&rs, c);
  b.error = copydesk_last_error();
  for (size_t i = 0; i < copydesk_compiler_diagnostic_count(c); ++i) {
    copydesk_diagnostic d;
    d.version = COPYDESK_DIAGNOSTIC_VERSION;
    copydesk_compiler_diagnostic_get(&d, c, i);
    b.diags.push_back(std::string(d.file) + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
                      d.message);
  }
  if (keep) *keep = rs;
  else copydesk_ruleset_free(rs);
  copydesk_compiler_free(c);
  return b;
}

Build build_string(const std::string& toml, const copydesk_compile_options* opts = nullptr) {
  return build([&](copydesk_compiler* c) { copydesk_compiler_add_string(c, toml.data(), toml.size(), "editor.toml"); },
               opts);
}

const std::string kOneRule =
    "[pack]\nid = \"p\"\ncategory = \"extremism\"\n"
    "[[rule]]\nid = \"p.isis\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\nterms = [\"ISIS\"]\n";

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

fs::path temp_dir(const std::string& name) {
  fs::path d = fs::path(::testing::TempDir()) / ("copydesk_hostile_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// ---------------------------------------------------------------- nesting and sizes

TEST(HostileRules, DeepStructuresAreRefusedWithTheirPositionOnASmallStack) {
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"dotted header", "[" + repeat("t.", 32000) + "t]\n"},
      {"dotted key", repeat("k.", 32000) + "k = 1\n"},
      {"nested arrays", "a = " + repeat("[", 40000) + repeat("]", 40000) + "\n"},
      {"nested inline tables", "a = " + repeat("{b=", 20000) + "1" + repeat("}", 20000) + "\n"},
  };
  for (const auto& [what, body] : inputs) {
    std::string toml = kOneRule + body;
    Build b;
    on_small_stack([&] { b = build_string(toml); });
    EXPECT_EQ(b.status, COPYDESK_E_RULES) << what;
    // The refusal points into line 10, where the hostile text starts.
    EXPECT_TRUE(b.has("editor.toml:10:")) << what << "\n" << b.all();
    EXPECT_TRUE(b.has("limit:")) << what << "\n" << b.all();
  }
}

TEST(HostileRules, ShallowStructuresStillParse) {
  std::string toml = kOneRule + "[termsets.a]\nterms = [\"x.y\", 'a.b.c', \"\"\"q.r\"\"\"]  # a.b.c.d\n";
  Build b;
  on_small_stack([&] { b = build_string(toml); });
  EXPECT_EQ(b.status, COPYDESK_OK) << b.all();
}

TEST(HostileRules, OversizedSourcesStringsAndKeysAreRefused) {
  Build big = build_string(kOneRule + "# " + std::string(2u << 20, 'x') + "\n");
  EXPECT_EQ(big.status, COPYDESK_E_RULES);
  EXPECT_TRUE(big.has("editor.toml:1:1: limit: the file is")) << big.all();
  Build str = build_string(kOneRule + "[termsets.a]\nterms = [\"" + std::string(100000, 'a') + "\"]\n");
  EXPECT_EQ(str.status, COPYDESK_E_RULES);
  EXPECT_TRUE(str.has("editor.toml:11:10: limit: a string of")) << str.all();
  Build key = build_string(kOneRule + std::string(1000, 'k') + " = 1\n");
  EXPECT_EQ(key.status, COPYDESK_E_RULES);
  EXPECT_TRUE(key.has("editor.toml:10:1: limit: a key longer")) << key.all();
}

TEST(HostileRules, CostlyRepetitionInAPatternIsRefusedBeforeCompiling) {
  std::string toml = "[pack]\nid = \"p\"\ncategory = \"extremism\"\n"
                     "[[rule]]\nid = \"p.x\"\ntitle = \"t\"\nmessage = \"m\"\n[rule.match]\n"
                     "patterns = ['[\\p{Arabic}\\p{Latin}]{500,1000}']\n";
  Build b = build_string(toml);
  EXPECT_EQ(b.status, COPYDESK_E_RULES);
  EXPECT_TRUE(b.has("editor.toml:9:13: limit: pattern")) << b.all();
  EXPECT_TRUE(b.has("{500,1000}")) << b.all();
  // Nested repeats multiply.
  Build nested = build_string(toml.substr(0, toml.find("patterns")) + "patterns = ['(a(b{1,60}){1,60})']\n");
  EXPECT_EQ(nested.status, COPYDESK_E_RULES);
  EXPECT_TRUE(nested.has("multiply to 3600")) << nested.all();
  Build fine = build_string(toml.substr(0, toml.find("patterns")) + "patterns = ['ab{1,3}c', 'x\\{500\\}']\n");
  EXPECT_EQ(fine.status, COPYDESK_OK) << fine.all();
}

TEST(HostileRules, AMillionTermListStopsAtTheTermLimit) {
  fs::path dir = temp_dir("terms");
  write(dir / "big" / "pack.toml", "[pack]\nid = \"big\"\ncategory = \"extremism\"\n");
  write(dir / "big" / "names.toml", "id = \"big.names\"\ntitle = \"t\"\nmessage = \"m\"\n"
                                    "[match]\nlists = [\"lists/names.txt\"]\n");
  std::string list;
  for (int i = 0; i < 1000000; ++i) list += "n" + std::to_string(i) + "\n";
  write(dir / "big" / "lists" / "names.txt", list);
  Build b = build([&](copydesk_compiler* c) { copydesk_compiler_add_path(c, (dir / "big").c_str()); });
  EXPECT_EQ(b.status, COPYDESK_E_RULES);
  EXPECT_TRUE(b.has("names.txt:100001:1: limit: more than 100000 terms")) << b.all();
  fs::remove_all(dir);
}

TEST(HostileRules, ARuleSetWithNoRuleIsAnError) {
  Build b = build_string("[pack]\nid = \"p\"\ncategory = \"extremism\"\n");
  EXPECT_EQ(b.status, COPYDESK_E_RULES);
  EXPECT_TRUE(b.has("no rules")) << b.all();
  copydesk_compile_options o;
  copydesk_compile_options_init(&o, COPYDESK_COMPILE_OPTIONS_VERSION);
  o.exclude = "p";
  Build excluded = build_string(kOneRule, &o);
  EXPECT_EQ(excluded.status, COPYDESK_E_RULES);
  EXPECT_TRUE(excluded.has("no rules are left once 'p' is excluded")) << excluded.all();
}

// ---------------------------------------------------------------- compile budget

TEST(CompileBudget, MemoryAndTimeBudgetsFailWithELimit) {
  copydesk_compile_options o;
  ASSERT_EQ(copydesk_compile_options_init(&o, COPYDESK_COMPILE_OPTIONS_VERSION), COPYDESK_OK);
  EXPECT_EQ(o.max_compile_ms, 60000u);
  EXPECT_EQ(o.max_compile_bytes, 1ull << 30);
  o.max_compile_bytes = 1 << 20;
  Build mem = build([](copydesk_compiler* c) { copydesk_compiler_add_path(c, COPYDESK_RULES_DIR); }, &o);
  EXPECT_EQ(mem.status, COPYDESK_E_LIMIT) << mem.all();
  EXPECT_TRUE(mem.has("more than max_compile_bytes 1 MiB")) << mem.all();
  EXPECT_TRUE(mem.has("is this file's")) << mem.all();
  copydesk_compile_options_init(&o, COPYDESK_COMPILE_OPTIONS_VERSION);
  o.max_compile_ms = 1;  // the shipped packs take far longer than 1 ms to compile
  Build time = build([](copydesk_compiler* c) { copydesk_compiler_add_path(c, COPYDESK_RULES_DIR); }, &o);
  EXPECT_EQ(time.status, COPYDESK_E_LIMIT) << time.all();
  EXPECT_TRUE(time.has("more than max_compile_ms 1")) << time.all();
  // The defaults compile the shipped packs.
  copydesk_compile_options_init(&o, COPYDESK_COMPILE_OPTIONS_VERSION);
  Build ok = build([](copydesk_compiler* c) { copydesk_compiler_add_path(c, COPYDESK_RULES_DIR); }, &o);
  EXPECT_EQ(ok.status, COPYDESK_OK) << ok.all();
}

// A caller built against the version-1 header passes a record that ends at `exclude`.
struct CompileOptionsV1 {
  uint32_t version;
  uint32_t flags;
  uint64_t regex_max_mem;
  const char* exclude;
};
static_assert(sizeof(CompileOptionsV1) == offsetof(copydesk_compile_options, max_compile_ms));

TEST(Versions, AVersionOneCompileOptionsRecordIsStillAccepted) {
  struct {
    CompileOptionsV1 v1;
    unsigned char guard[16];
  } mem;
  std::memset(&mem, 0xAB, sizeof mem);
  ASSERT_EQ(copydesk_compile_options_init(reinterpret_cast<copydesk_compile_options*>(&mem.v1), 1), COPYDESK_OK);
  for (unsigned char g : mem.guard) EXPECT_EQ(g, 0xAB);  // nothing written past a v1 record
  EXPECT_EQ(mem.v1.version, 1u);
  mem.v1.exclude = "p.other";
  Build b = build_string(kOneRule, reinterpret_cast<const copydesk_compile_options*>(&mem.v1));
  EXPECT_EQ(b.status, COPYDESK_OK) << b.all();
  copydesk_compile_options future;
  copydesk_compile_options_init(&future, COPYDESK_COMPILE_OPTIONS_VERSION);
  future.version = COPYDESK_COMPILE_OPTIONS_VERSION + 1;
  copydesk_compiler* c = nullptr;
  EXPECT_EQ(copydesk_compiler_new(&c, &future), COPYDESK_E_INVALID);
  copydesk_scan_options so;
  EXPECT_EQ(copydesk_scan_options_init(&so, COPYDESK_SCAN_OPTIONS_VERSION + 1), COPYDESK_E_INVALID);
  EXPECT_EQ(copydesk_scan_options_init(&so, 1), COPYDESK_OK);
}

// ---------------------------------------------------------------- packs read only their files

struct Pack {
  fs::path root, pack, secret;
};

Pack pack_with_links(const std::string& name, const std::string& lists_line) {
  Pack p;
  p.root = temp_dir(name);
  p.pack = p.root / "p";
  p.secret = p.root / "secret.txt";
  write(p.secret, "SECRET-OUTSIDE-THE-PACK\n");
  write(p.pack / "pack.toml", "[pack]\nid = \"p\"\ncategory = \"extremism\"\n");
  write(p.pack / "r.toml", "id = \"p.r\"\ntitle = \"t\"\nmessage = \"m\"\n[match]\n" + lists_line);
  write(p.pack / "lists" / "ok.txt", "ISIS\n");
  fs::create_symlink(p.secret, p.pack / "lists" / "link.txt");
  return p;
}

TEST(PackFiles, AListLinkLeadingOutOfThePackIsRefused) {
  Pack p = pack_with_links("link", "lists = [\"lists/link.txt\"]\n");
  Build b = build([&](copydesk_compiler* c) { copydesk_compiler_add_path(c, p.pack.c_str()); });
  EXPECT_EQ(b.status, COPYDESK_E_RULES);
  EXPECT_TRUE(b.has("r.toml:5:10: list file 'lists/link.txt': it leads out of the pack folder")) << b.all();
  EXPECT_FALSE(b.has("SECRET")) << b.all();
  fs::remove_all(p.root);
}

TEST(PackFiles, ADotDotOrAbsoluteListPathIsRefused) {
  for (std::string bad : {"../secret.txt", "lists/../../secret.txt", "/etc/hostname"}) {
    Pack p = pack_with_links("dotdot", "lists = [\"" + bad + "\"]\n");
    Build b = build([&](copydesk_compiler* c) { copydesk_compiler_add_path(c, p.pack.c_str()); });
    EXPECT_EQ(b.status, COPYDESK_E_RULES) << bad;
    EXPECT_TRUE(b.has("list file '" + bad + "': it is outside the pack folder")) << b.all();
    fs::remove_all(p.root);
  }
}

TEST(PackFiles, OnlyNamedListsAreReadAndBundlesCarryPackRelativeNames) {
  Pack p = pack_with_links("unused", "lists = [\"lists/ok.txt\"]\n");
  copydesk_ruleset* rs = nullptr;
  Build b = build([&](copydesk_compiler* c) { copydesk_compiler_add_path(c, p.pack.c_str()); }, nullptr, &rs);
  ASSERT_EQ(b.status, COPYDESK_OK) << b.all();
  std::string bundle = (p.root / "p.bundle").string();
  ASSERT_EQ(copydesk_ruleset_save(rs, bundle.c_str()), COPYDESK_OK);
  std::string bytes = read(bundle);
  EXPECT_EQ(bytes.find("SECRET"), std::string::npos);  // the unused link was never read
  EXPECT_EQ(bytes.find(p.root.string()), std::string::npos);  // no path of this machine
  EXPECT_NE(bytes.find("p/lists/ok.txt"), std::string::npos);
  copydesk_ruleset* loaded = nullptr;
  ASSERT_EQ(copydesk_ruleset_load(&loaded, bundle.c_str()), COPYDESK_OK) << copydesk_last_error();
  copydesk_rule_info info;
  info.version = COPYDESK_RULE_INFO_VERSION;
  ASSERT_EQ(copydesk_ruleset_rule_get(&info, loaded, 0), COPYDESK_OK);
  EXPECT_STREQ(info.source, "p/r.toml");
  copydesk_ruleset_free(loaded);
  copydesk_ruleset_free(rs);
  fs::remove_all(p.root);
}

TEST(PackFiles, ARuleFileLinkLeadingOutIsRefused) {
  Pack p = pack_with_links("tomllink", "lists = [\"lists/ok.txt\"]\n");
  write(p.root / "outside.toml", "[[rule]]\nid = \"p.out\"\n");
  fs::create_symlink(p.root / "outside.toml", p.pack / "z.toml");
  Build b = build([&](copydesk_compiler* c) { copydesk_compiler_add_path(c, p.pack.c_str()); });
  EXPECT_EQ(b.status, COPYDESK_E_RULES);
  EXPECT_TRUE(b.has("z.toml:0:0: a symlink leading out of the pack folder is not read")) << b.all();
  fs::remove_all(p.root);
}

// ---------------------------------------------------------------- bundles

copydesk_ruleset* compile_test_pack() {
  copydesk_ruleset* rs = nullptr;
  Build b = build([](copydesk_compiler* c) {
    copydesk_compiler_add_string(c, test_pack().data(), test_pack().size(), "test-pack");
  }, nullptr, &rs);
  EXPECT_EQ(b.status, COPYDESK_OK) << b.all();
  return rs;
}

// The unkeyed trailer: FNV-1a 64 of everything before it (anyone can recompute it).
std::string with_checksum(const std::string& body) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ull;
  }
  std::string out = body;
  out.append(reinterpret_cast<const char*>(&h), 8);
  return out;
}

TEST(HostileBundles, EmptyJunkAndDirectoriesHaveDistinctStatuses) {
  fs::path dir = temp_dir("bundles");
  copydesk_ruleset* rs = compile_test_pack();
  std::string good = (dir / "good.bundle").string();
  ASSERT_EQ(copydesk_ruleset_save(rs, good.c_str()), COPYDESK_OK);
  std::string bytes = read(good);
  copydesk_ruleset* out = nullptr;
  write(dir / "empty.bundle", "");
  EXPECT_EQ(copydesk_ruleset_load(&out, (dir / "empty.bundle").c_str()), COPYDESK_E_VERSION);
  EXPECT_NE(std::string(copydesk_last_error()).find("empty"), std::string::npos) << copydesk_last_error();
  std::string magic = bytes;
  magic[0] = 'X';
  EXPECT_EQ(copydesk_ruleset_load_memory(&out, magic.data(), magic.size()), COPYDESK_E_VERSION);
  EXPECT_NE(std::string(copydesk_last_error()).find("bad magic"), std::string::npos);
  EXPECT_EQ(copydesk_ruleset_load(&out, dir.c_str()), COPYDESK_E_IO);
  EXPECT_NE(std::string(copydesk_last_error()).find("directory"), std::string::npos) << copydesk_last_error();
  EXPECT_EQ(copydesk_ruleset_load(&out, (dir / "missing").c_str()), COPYDESK_E_IO);
  // Bytes after the last field, with the checksum recomputed as a forger would.
  std::string trailing = with_checksum(bytes.substr(0, bytes.size() - 8) + "JUNK");
  EXPECT_EQ(copydesk_ruleset_load_memory(&out, trailing.data(), trailing.size()), COPYDESK_E_VERSION);
  EXPECT_NE(std::string(copydesk_last_error()).find("4 trailing bytes"), std::string::npos) << copydesk_last_error();
  EXPECT_EQ(out, nullptr);
  std::string same = with_checksum(bytes.substr(0, bytes.size() - 8));
  ASSERT_EQ(same, bytes);  // the forger's checksum is the library's
  ASSERT_EQ(copydesk_ruleset_load_memory(&out, same.data(), same.size()), COPYDESK_OK);
  copydesk_ruleset_free(out);
  copydesk_ruleset_free(rs);
  fs::remove_all(dir);
}

const std::string kKey = "0123456789abcdef-host-secret";

TEST(KeyedBundles, RoundTripAndScan) {
  fs::path dir = temp_dir("keyed");
  copydesk_ruleset* rs = compile_test_pack();
  std::string path = (dir / "k.bundle").string();
  EXPECT_EQ(copydesk_ruleset_save_keyed(rs, path.c_str(), kKey.data(), 8), COPYDESK_E_INVALID);  // short key
  ASSERT_EQ(copydesk_ruleset_save_keyed(rs, path.c_str(), kKey.data(), kKey.size()), COPYDESK_OK);
  copydesk_ruleset* loaded = nullptr;
  ASSERT_EQ(copydesk_ruleset_load_keyed(&loaded, path.c_str(), kKey.data(), kKey.size()), COPYDESK_OK)
      << copydesk_last_error();
  copydesk_scanner* s = nullptr;
  ASSERT_EQ(copydesk_scanner_new(&s, loaded), COPYDESK_OK);
  const std::string text = "أعلن تنظيم داعش مسؤوليته";
  copydesk_findings* f = nullptr;
  ASSERT_EQ(copydesk_scanner_scan(&f, s, text.data(), text.size(), nullptr), COPYDESK_OK);
  EXPECT_EQ(copydesk_findings_count(f), 1u);
  copydesk_findings_free(f);
  copydesk_scanner_free(s);
  copydesk_ruleset_free(loaded);
  // A keyed bundle needs its key; an unkeyed one is not taken where a key is given.
  EXPECT_EQ(copydesk_ruleset_load(&loaded, path.c_str()), COPYDESK_E_VERSION);
  EXPECT_NE(std::string(copydesk_last_error()).find("authenticated"), std::string::npos);
  std::string plain = (dir / "plain.bundle").string();
  ASSERT_EQ(copydesk_ruleset_save(rs, plain.c_str()), COPYDESK_OK);
  EXPECT_EQ(copydesk_ruleset_load_keyed(&loaded, plain.c_str(), kKey.data(), kKey.size()), COPYDESK_E_VERSION);
  EXPECT_EQ(copydesk_ruleset_load_keyed(&loaded, dir.c_str(), kKey.data(), kKey.size()), COPYDESK_E_IO);
  copydesk_ruleset_free(rs);
  fs::remove_all(dir);
}

TEST(KeyedBundles, ForgedBundlesNeverLoad) {
  fs::path dir = temp_dir("forged");
  copydesk_ruleset* rs = compile_test_pack();
  std::string path = (dir / "k.bundle").string();
  ASSERT_EQ(copydesk_ruleset_save_keyed(rs, path.c_str(), kKey.data(), kKey.size()), COPYDESK_OK);
  const std::string bytes = read(path);
  copydesk_ruleset* out = nullptr;
  // 300 altered copies: one byte changed at spread positions, Hyperscan's bytes included.
  for (size_t i = 0; i < 300; ++i) {
    std::string forged = bytes;
    size_t pos = (i * 7919) % forged.size();
    forged[pos] = static_cast<char>(forged[pos] ^ (1 + i % 255));
    EXPECT_EQ(copydesk_ruleset_load_memory_keyed(&out, forged.data(), forged.size(), kKey.data(), kKey.size()),
              COPYDESK_E_VERSION)
        << pos;
    EXPECT_EQ(out, nullptr);
  }
  // Every checksum a forger can compute is recomputed: an unkeyed bundle with the
  // FNV trailer fixed, or a bundle keyed with the forger's own key.
  std::string plain = (dir / "plain.bundle").string();
  ASSERT_EQ(copydesk_ruleset_save(rs, plain.c_str()), COPYDESK_OK);
  std::string p = read(plain);
  p[p.size() / 2] ^= 0x10;
  p = with_checksum(p.substr(0, p.size() - 8));
  EXPECT_EQ(copydesk_ruleset_load_memory_keyed(&out, p.data(), p.size(), kKey.data(), kKey.size()), COPYDESK_E_VERSION);
  const std::string other = "attacker-key-of-32-bytes-xxxxxxx";
  ASSERT_EQ(copydesk_ruleset_save_keyed(rs, path.c_str(), other.data(), other.size()), COPYDESK_OK);
  EXPECT_EQ(copydesk_ruleset_load_keyed(&out, path.c_str(), kKey.data(), kKey.size()), COPYDESK_E_VERSION);
  EXPECT_NE(std::string(copydesk_last_error()).find("authentication failed"), std::string::npos);
  // Truncations and appended bytes.
  for (size_t len : {size_t{0}, size_t{8}, size_t{16}, size_t{47}, bytes.size() - 1})
    EXPECT_EQ(copydesk_ruleset_load_memory_keyed(&out, bytes.data(), len, kKey.data(), kKey.size()), COPYDESK_E_VERSION)
        << len;
  std::string longer = bytes + "X";
  EXPECT_EQ(copydesk_ruleset_load_memory_keyed(&out, longer.data(), longer.size(), kKey.data(), kKey.size()),
            COPYDESK_E_VERSION);
  copydesk_ruleset_free(rs);
  fs::remove_all(dir);
}

}  // namespace
