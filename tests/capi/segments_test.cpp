// Article segments and visible-text offsets through the public C ABI only:
// copydesk_scanner_scan_segments, copydesk_finding version 2 (and version 1 still filled
// for old callers), copydesk_example version 2, and how context flows between segments
// (a headline reads the lede, a caption reads nothing, body blocks read each other).
#include <copydesk.h>
#include <gtest/gtest.h>

#include <time.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Seg {
  int kind;
  std::string id;
  std::string text;
  int format = COPYDESK_FORMAT_TEXT;
};

struct Found {
  std::string rule;
  uint32_t segment;
  std::string segment_id;
  int kind;
  std::string text;     // the segment's bytes [byte_start, byte_end)
  std::string visible;  // visible_text
  copydesk_finding raw;
};

// Code points and UTF-16 units of a UTF-8 string, counted here, not by the library.
size_t code_points(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}
size_t utf16_units(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += ((c & 0xC0) != 0x80) + (c >= 0xF0);
  return n;
}

class SegmentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    copydesk_compiler* c = nullptr;
    ASSERT_EQ(copydesk_compiler_new(&c, nullptr), COPYDESK_OK);
    ASSERT_EQ(copydesk_compiler_add_path(c, COPYDESK_TEST_DATA "/packs/conformance"), COPYDESK_OK);
    ASSERT_EQ(copydesk_compiler_build(&rules_, c), COPYDESK_OK) << copydesk_last_error();
    copydesk_compiler_free(c);
    ASSERT_EQ(copydesk_scanner_new(&scanner_, rules_), COPYDESK_OK);
  }
  void TearDown() override {
    copydesk_scanner_free(scanner_);
    copydesk_ruleset_free(rules_);
  }

  std::vector<Found> scan(const std::vector<Seg>& segs, int expect_status = COPYDESK_OK) {
    std::vector<copydesk_segment> raw;
    for (const Seg& s : segs)
      raw.push_back({COPYDESK_SEGMENT_VERSION, s.kind, s.format, 0, s.id.c_str(), s.text.data(), s.text.size()});
    copydesk_findings* f = nullptr;
    int status = copydesk_scanner_scan_segments(&f, scanner_, raw.data(), raw.size(), nullptr);
    EXPECT_EQ(status, expect_status) << copydesk_last_error();
    return collect(f, segs);
  }

  static std::vector<Found> collect(copydesk_findings* f, const std::vector<Seg>& segs) {
    std::vector<Found> out;
    for (size_t i = 0; i < copydesk_findings_count(f); ++i) {
      copydesk_finding x;
      x.version = COPYDESK_FINDING_VERSION;
      EXPECT_EQ(copydesk_findings_get(&x, f, i), COPYDESK_OK);
      EXPECT_LT(x.segment_index, segs.size());
      const std::string& text = segs[x.segment_index].text;
      EXPECT_LE(x.byte_end, text.size());
      out.push_back({x.rule_id, x.segment_index, x.segment_id, x.segment_kind,
                     text.substr(x.byte_start, x.byte_end - x.byte_start), x.visible_text, x});
    }
    copydesk_findings_free(f);
    return out;
  }

  static std::vector<std::string> rules_of(const std::vector<Found>& found) {
    std::vector<std::string> out;
    for (const Found& f : found) out.push_back(f.rule + "@" + std::to_string(f.segment) + ":" + f.text);
    return out;
  }

  copydesk_ruleset* rules_ = nullptr;
  copydesk_scanner* scanner_ = nullptr;
};

TEST_F(SegmentsTest, FindingsCarryTheirSegmentAndOffsetsWithinIt) {
  const std::string body = "😀 تبنّى تنظيم وَداعِش الهجوم، حسب مصادر مطلعة.";
  auto found = scan({{COPYDESK_SEGMENT_HEADLINE, "post-title", "Daesh claims the attack"},
                     {COPYDESK_SEGMENT_BODY, "block-1", body}});
  ASSERT_EQ(rules_of(found), (std::vector<std::string>{"conformance.group@0:Daesh", "conformance.group@1:وَداعِش",
                                                       "conformance.vague@1:مصادر مطلعة"}));
  EXPECT_EQ(found[0].segment_id, "post-title");
  EXPECT_EQ(found[0].kind, COPYDESK_SEGMENT_HEADLINE);
  EXPECT_EQ(found[0].raw.byte_start, 0u);
  EXPECT_EQ(found[1].segment_id, "block-1");
  EXPECT_EQ(found[1].kind, COPYDESK_SEGMENT_BODY);
  // Offsets count from the start of the body segment, in every unit.
  const copydesk_finding& x = found[1].raw;
  const std::string before = body.substr(0, x.byte_start);
  EXPECT_EQ(x.utf16_start, utf16_units(before));
  EXPECT_EQ(x.cp_start, code_points(before));
  EXPECT_NE(x.utf16_start, x.cp_start);  // the emoji is two UTF-16 units
  EXPECT_EQ(x.line, 1u);
  EXPECT_EQ(x.column, code_points(before) + 1);
  // Plain text: the visible text is the text itself.
  EXPECT_EQ(found[1].visible, "وَداعِش");
  EXPECT_EQ(x.visible_byte_start, x.byte_start);
  EXPECT_EQ(x.visible_utf16_end, x.utf16_end);
  EXPECT_EQ(x.visible_cp_end, x.cp_end);
}

TEST_F(SegmentsTest, ASentenceKeepsItsContextHashWhenABlockFollows) {
  // Hosts key dismissals on the context hash (through the fingerprint): the "\n\n" between
  // segments, and the line breaks after a paragraph, are not part of the sentence.
  const Seg caption{COPYDESK_SEGMENT_CAPTION, "c", "ISIS fighters entered Raqqa.", COPYDESK_FORMAT_HTML};
  auto alone = scan({caption});
  auto followed = scan({caption, {COPYDESK_SEGMENT_BODY, "b", "<p>Another paragraph.</p>", COPYDESK_FORMAT_HTML}});
  auto preceded = scan({{COPYDESK_SEGMENT_BODY, "b", "<p>Another paragraph.</p>", COPYDESK_FORMAT_HTML}, caption});
  auto wrapped = scan({{COPYDESK_SEGMENT_CAPTION, "c", "\n<figure><figcaption>ISIS fighters entered Raqqa."
                        "</figcaption></figure>\n", COPYDESK_FORMAT_HTML}});
  ASSERT_EQ(alone.size(), 1u);
  ASSERT_EQ(followed.size(), 1u);
  ASSERT_EQ(preceded.size(), 1u);
  ASSERT_EQ(wrapped.size(), 1u);
  EXPECT_EQ(followed[0].raw.context_hash, alone[0].raw.context_hash);
  EXPECT_EQ(preceded[0].raw.context_hash, alone[0].raw.context_hash);
  EXPECT_EQ(wrapped[0].raw.context_hash, alone[0].raw.context_hash);
  // and a plain text with a paragraph added after it
  copydesk_findings* one = nullptr;
  copydesk_findings* two = nullptr;
  const std::string a = "ISIS fighters in Raqqa.", b = a + "\n\nMore text here.\n";
  ASSERT_EQ(copydesk_scanner_scan(&one, scanner_, a.data(), a.size(), nullptr), COPYDESK_OK);
  ASSERT_EQ(copydesk_scanner_scan(&two, scanner_, b.data(), b.size(), nullptr), COPYDESK_OK);
  copydesk_finding x{COPYDESK_FINDING_VERSION}, y{COPYDESK_FINDING_VERSION};
  ASSERT_EQ(copydesk_findings_get(&x, one, 0), COPYDESK_OK);
  ASSERT_EQ(copydesk_findings_get(&y, two, 0), COPYDESK_OK);
  EXPECT_EQ(x.context_hash, y.context_hash);
  copydesk_findings_free(one);
  copydesk_findings_free(two);
}

TEST_F(SegmentsTest, VisibleOffsetsOfHtmlSkipTheMarkup) {
  const std::string html = "<p>😀 The <em>leader</em> <b>Abu</b> Bakr al-<i>Baghdadi</i> &amp; co.</p>";
  const std::string visible = "😀 The leader Abu Bakr al-Baghdadi & co.";
  auto found = scan({{COPYDESK_SEGMENT_BODY, "b", html, COPYDESK_FORMAT_HTML}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "Abu</b> Bakr al-<i>Baghdadi");
  EXPECT_EQ(found[0].visible, "Abu Bakr al-Baghdadi");
  const copydesk_finding& x = found[0].raw;
  const size_t at = visible.find("Abu");
  EXPECT_EQ(x.visible_byte_start, at);
  EXPECT_EQ(x.visible_byte_end, at + std::strlen("Abu Bakr al-Baghdadi"));
  EXPECT_EQ(x.visible_utf16_start, utf16_units(visible.substr(0, at)));
  EXPECT_EQ(x.visible_cp_start, code_points(visible.substr(0, at)));
  EXPECT_EQ(x.visible_utf16_end - x.visible_utf16_start, 20u);
  EXPECT_EQ(x.utf16_start, utf16_units(html.substr(0, html.find("Abu"))));
}

TEST_F(SegmentsTest, AHeadlineReadsTheLedeAndACaptionReadsNothing) {
  const std::string headline = "12,000 displaced as fighting spreads";
  const std::string lede = "Fighting has displaced 12,000 people, the UN said.";
  const std::string caption = "Some of the 3,000 fighters at the camp.";
  auto found = scan({{COPYDESK_SEGMENT_HEADLINE, "h", headline},
                     {COPYDESK_SEGMENT_CAPTION, "c", caption},
                     {COPYDESK_SEGMENT_BODY, "p1", lede}});
  // The headline's figure is sourced in the lede; the caption's is not.
  EXPECT_EQ(rules_of(found), (std::vector<std::string>{"conformance.figure@1:3,000 fighters"}));
  // The same text as one plain article: the headline has no source of its own.
  const std::string article = headline + "\n\n" + lede;
  copydesk_findings* f = nullptr;
  ASSERT_EQ(copydesk_scanner_scan(&f, scanner_, article.data(), article.size(), nullptr), COPYDESK_OK);
  auto plain = collect(f, {{COPYDESK_SEGMENT_BODY, "", article}});
  EXPECT_EQ(rules_of(plain), (std::vector<std::string>{"conformance.figure@0:12,000 displaced"}));
}

TEST_F(SegmentsTest, ARuleWithSegmentsReportsOnlyInThoseKinds) {
  const std::string sourced = "Some of the 3,000 fighters at the camp, the army said.";
  auto found = scan({{COPYDESK_SEGMENT_BODY, "p", sourced},
                     {COPYDESK_SEGMENT_CAPTION, "c", sourced},
                     {COPYDESK_SEGMENT_PULLQUOTE, "q", sourced}});
  EXPECT_EQ(rules_of(found), (std::vector<std::string>{"conformance.caption-figure@1:3,000 fighters"}));
}

TEST_F(SegmentsTest, BodyBlocksReadEachOtherAcrossACaption) {
  const std::vector<Seg> article = {
      {COPYDESK_SEGMENT_BODY, "p1", "The army said on Monday that it was ready."},
      {COPYDESK_SEGMENT_CAPTION, "c1", "Soldiers at the border."},
      {COPYDESK_SEGMENT_BODY, "p2", "3,000 fighters crossed the border."},
  };
  EXPECT_EQ(rules_of(scan(article)), std::vector<std::string>{});
  // A source in the caption does not flow into the body.
  const std::vector<Seg> swapped = {
      {COPYDESK_SEGMENT_BODY, "p1", "The army was ready on Monday."},
      {COPYDESK_SEGMENT_CAPTION, "c1", "Soldiers at the border, the army said."},
      {COPYDESK_SEGMENT_BODY, "p2", "3,000 fighters crossed the border."},
  };
  EXPECT_EQ(rules_of(scan(swapped)), (std::vector<std::string>{"conformance.figure@2:3,000 fighters"}));
}

TEST_F(SegmentsTest, ARepeatedHeadlineIsFlaggedInTheBodyButAPullQuoteIsNot) {
  const std::string title = "Fighting resumes along the border";
  const std::string quote = "We will hold the line whatever it costs";
  auto found = scan({{COPYDESK_SEGMENT_HEADLINE, "h", title},
                     {COPYDESK_SEGMENT_BODY, "p1", title},
                     {COPYDESK_SEGMENT_BODY, "p2", quote + ", the commander told reporters."},
                     {COPYDESK_SEGMENT_PULLQUOTE, "q", quote},
                     {COPYDESK_SEGMENT_BODY, "p3", quote}});
  ASSERT_EQ(rules_of(found), (std::vector<std::string>{"conformance.repeated@1:" + title}));
  EXPECT_EQ(found[0].segment_id, "p1");
}

TEST_F(SegmentsTest, NothingMatchesAcrossTwoSegments) {
  auto found = scan({{COPYDESK_SEGMENT_BODY, "a", "A video of Abu Bakr"}, {COPYDESK_SEGMENT_BODY, "b", "al-Baghdadi"}});
  EXPECT_TRUE(found.empty());
}

TEST_F(SegmentsTest, EachSegmentHasItsOwnFormat) {
  auto found = scan({{COPYDESK_SEGMENT_HEADLINE, "h", "**Daesh** returns", COPYDESK_FORMAT_MARKDOWN},
                     {COPYDESK_SEGMENT_BODY, "p", "<p>da&shy;esh &amp; ISIS</p>", COPYDESK_FORMAT_HTML},
                     {COPYDESK_SEGMENT_CAPTION, "c", "<b>ISIS</b> in plain text", COPYDESK_FORMAT_TEXT}});
  ASSERT_EQ(rules_of(found), (std::vector<std::string>{"conformance.group@0:Daesh", "conformance.group@1:da&shy;esh",
                                                       "conformance.group@1:ISIS", "conformance.group@2:ISIS"}));
  EXPECT_EQ(found[0].raw.byte_start, 2u);         // after "**"
  EXPECT_EQ(found[0].raw.visible_byte_start, 0u);  // the view has no "**"
  EXPECT_EQ(found[1].visible, "da\xC2\xAD" "esh");  // the soft hyphen as shown
  EXPECT_EQ(found[2].raw.visible_byte_start, 10u);  // "da­esh & " is 10 bytes
  EXPECT_EQ(found[3].raw.byte_start, 3u);           // plain text: "<b>" is text
  EXPECT_EQ(found[3].raw.visible_byte_start, 3u);
}

TEST_F(SegmentsTest, AutoFormatFallsBackToTheScanOptions) {
  const std::string html = "<p><b>Da</b>esh</p>";
  copydesk_segment seg = {COPYDESK_SEGMENT_VERSION, COPYDESK_SEGMENT_BODY, COPYDESK_FORMAT_AUTO, 0, nullptr,
                          html.data(), html.size()};
  copydesk_scan_options opts;
  copydesk_scan_options_init(&opts, COPYDESK_SCAN_OPTIONS_VERSION);
  opts.input_format = COPYDESK_FORMAT_TEXT;
  copydesk_findings* f = nullptr;
  ASSERT_EQ(copydesk_scanner_scan_segments(&f, scanner_, &seg, 1, &opts), COPYDESK_OK);
  EXPECT_EQ(copydesk_findings_count(f), 0u);  // read as plain text, "<b>Da</b>esh" names nothing
  copydesk_findings_free(f);
  opts.input_format = COPYDESK_FORMAT_AUTO;
  ASSERT_EQ(copydesk_scanner_scan_segments(&f, scanner_, &seg, 1, &opts), COPYDESK_OK);
  auto found = collect(f, {{COPYDESK_SEGMENT_BODY, "", html}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].segment_id, "");  // a NULL id reads as ""
  EXPECT_EQ(found[0].visible, "Daesh");
}

TEST_F(SegmentsTest, APlainScanIsSegmentZero) {
  const std::string text = "<b>Daesh</b>";
  copydesk_scan_options opts;
  copydesk_scan_options_init(&opts, COPYDESK_SCAN_OPTIONS_VERSION);
  opts.input_format = COPYDESK_FORMAT_HTML;
  copydesk_findings* f = nullptr;
  ASSERT_EQ(copydesk_scanner_scan(&f, scanner_, text.data(), text.size(), &opts), COPYDESK_OK);
  auto found = collect(f, {{COPYDESK_SEGMENT_BODY, "", text}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].segment, 0u);
  EXPECT_EQ(found[0].segment_id, "");
  EXPECT_EQ(found[0].kind, COPYDESK_SEGMENT_BODY);
  EXPECT_EQ(found[0].raw.byte_start, 3u);
  EXPECT_EQ(found[0].raw.visible_byte_start, 0u);
  EXPECT_EQ(found[0].visible, "Daesh");
}

TEST_F(SegmentsTest, AVersionOneFindingRecordIsFilledOnlyUpToItsFields) {
  const std::string text = "ISIS";
  copydesk_findings* f = nullptr;
  ASSERT_EQ(copydesk_scanner_scan(&f, scanner_, text.data(), text.size(), nullptr), COPYDESK_OK);
  copydesk_finding x;
  std::memset(&x, 0xAB, sizeof x);
  x.version = 1;
  ASSERT_EQ(copydesk_findings_get(&x, f, 0), COPYDESK_OK);
  EXPECT_STREQ(x.rule_id, "conformance.group");
  EXPECT_EQ(x.byte_end, 4u);
  EXPECT_EQ(x.segment_index, 0xABABABABu);  // a version-1 caller's memory ends before it
  EXPECT_EQ(x.visible_cp_end, 0xABABABABABABABABull);
  x.version = COPYDESK_FINDING_VERSION + 1;
  EXPECT_EQ(copydesk_findings_get(&x, f, 0), COPYDESK_E_INVALID);
  x.version = 0;
  EXPECT_EQ(copydesk_findings_get(&x, f, 0), COPYDESK_E_INVALID);
  copydesk_findings_free(f);
}

TEST_F(SegmentsTest, ExamplesSayWhichKindOfSegmentTheyAre) {
  int caption = 0, body = 0;
  for (size_t i = 0; i < copydesk_ruleset_example_count(rules_); ++i) {
    copydesk_example e;
    e.version = COPYDESK_EXAMPLE_VERSION;
    ASSERT_EQ(copydesk_ruleset_example_get(&e, rules_, i), COPYDESK_OK);
    if (std::string(e.rule_id) != "conformance.caption-figure") continue;
    (e.segment_kind == COPYDESK_SEGMENT_CAPTION ? caption : body) += 1;
  }
  EXPECT_EQ(caption, 3);  // the rule's first kind, by default
  EXPECT_EQ(body, 1);     // segment = "body"
  copydesk_example old;
  std::memset(&old, 0xAB, sizeof old);
  old.version = 1;
  ASSERT_EQ(copydesk_ruleset_example_get(&old, rules_, 0), COPYDESK_OK);
  EXPECT_EQ(old.segment_kind, static_cast<int32_t>(0xABABABAB));
}

TEST_F(SegmentsTest, BadSegmentsAreRefused) {
  const std::string t = "ISIS";
  copydesk_findings* f = nullptr;
  copydesk_segment seg = {COPYDESK_SEGMENT_VERSION, COPYDESK_SEGMENT_BODY, COPYDESK_FORMAT_TEXT, 0, "x", t.data(), t.size()};
  std::vector<copydesk_segment> two = {seg, seg};

  EXPECT_EQ(copydesk_scanner_scan_segments(&f, scanner_, nullptr, 1, nullptr), COPYDESK_E_INVALID);
  EXPECT_EQ(f, nullptr);
  EXPECT_EQ(copydesk_scanner_scan_segments(&f, nullptr, &seg, 1, nullptr), COPYDESK_E_INVALID);
  EXPECT_EQ(copydesk_scanner_scan_segments(nullptr, scanner_, &seg, 1, nullptr), COPYDESK_E_INVALID);
  two[1].kind = 7;
  EXPECT_EQ(copydesk_scanner_scan_segments(&f, scanner_, two.data(), 2, nullptr), COPYDESK_E_INVALID);
  EXPECT_NE(std::string(copydesk_last_error()).find("segments[1].kind"), std::string::npos);
  two[1].kind = -1;
  EXPECT_EQ(copydesk_scanner_scan_segments(&f, scanner_, two.data(), 2, nullptr), COPYDESK_E_INVALID);
  two[1] = seg;
  two[1].format = 9;
  EXPECT_EQ(copydesk_scanner_scan_segments(&f, scanner_, two.data(), 2, nullptr), COPYDESK_E_INVALID);
  two[1] = seg;
  two[1].text = nullptr;
  EXPECT_EQ(copydesk_scanner_scan_segments(&f, scanner_, two.data(), 2, nullptr), COPYDESK_E_INVALID);
  two[1] = seg;
  two[1].version = 2;
  EXPECT_EQ(copydesk_scanner_scan_segments(&f, scanner_, two.data(), 2, nullptr), COPYDESK_E_INVALID);
  two[0].version = 2;
  EXPECT_EQ(copydesk_scanner_scan_segments(&f, scanner_, two.data(), 2, nullptr), COPYDESK_E_INVALID);
  std::vector<copydesk_segment> many(65537, seg);
  EXPECT_EQ(copydesk_scanner_scan_segments(&f, scanner_, many.data(), many.size(), nullptr), COPYDESK_E_LIMIT);
  EXPECT_EQ(f, nullptr);

  // No segment is an empty article; option names are still checked.
  ASSERT_EQ(copydesk_scanner_scan_segments(&f, scanner_, nullptr, 0, nullptr), COPYDESK_OK);
  EXPECT_EQ(copydesk_findings_count(f), 0u);
  copydesk_findings_free(f);
  copydesk_scan_options opts;
  copydesk_scan_options_init(&opts, COPYDESK_SCAN_OPTIONS_VERSION);
  opts.enable = "no.such.rule";
  EXPECT_EQ(copydesk_scanner_scan_segments(&f, scanner_, nullptr, 0, &opts), COPYDESK_E_INVALID);

  // The limit on input bytes counts every segment.
  opts.enable = nullptr;
  opts.max_input_bytes = 7;
  EXPECT_EQ(copydesk_scanner_scan_segments(&f, scanner_, &seg, 1, &opts), COPYDESK_OK);
  copydesk_findings_free(f);
  std::vector<copydesk_segment> pair = {seg, seg};
  EXPECT_EQ(copydesk_scanner_scan_segments(&f, scanner_, pair.data(), 2, &opts), COPYDESK_E_LIMIT);
}

TEST_F(SegmentsTest, InvalidUtf8IsCountedInEverySegment) {
  std::vector<Seg> segs = {{COPYDESK_SEGMENT_BODY, "a", "ok \xFF ISIS"},
                           {COPYDESK_SEGMENT_BODY, "b", "<p>\xC3 ISIS</p>", COPYDESK_FORMAT_HTML}};
  std::vector<copydesk_segment> raw;
  for (const Seg& s : segs)
    raw.push_back({COPYDESK_SEGMENT_VERSION, s.kind, s.format, 0, s.id.c_str(), s.text.data(), s.text.size()});
  copydesk_findings* f = nullptr;
  ASSERT_EQ(copydesk_scanner_scan_segments(&f, scanner_, raw.data(), raw.size(), nullptr), COPYDESK_OK);
  EXPECT_EQ(copydesk_findings_invalid_utf8(f), 2u);
  auto found = collect(f, segs);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].raw.cp_start, 5u);  // the stray byte is one code point
  EXPECT_EQ(found[1].raw.byte_start, 5u);
  EXPECT_EQ(found[1].raw.visible_cp_start, 2u);  // "\uFFFD " in the view

  raw[0].text = "fine";
  raw[0].len = 4;
  copydesk_scan_options opts;
  copydesk_scan_options_init(&opts, COPYDESK_SCAN_OPTIONS_VERSION);
  opts.flags = COPYDESK_SCAN_STRICT_UTF8;
  EXPECT_EQ(copydesk_scanner_scan_segments(&f, scanner_, raw.data(), raw.size(), &opts), COPYDESK_E_ENCODING);
  EXPECT_NE(std::string(copydesk_last_error()).find("in segment 1 at byte 3"), std::string::npos)
      << copydesk_last_error();
}

// CPU time of this thread, so other work on the machine does not count.
double thread_seconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

TEST_F(SegmentsTest, WorkGrowsLinearlyWithTheNumberOfSegments) {
  // Headlines, captions and body blocks in turn, every one with findings and conditions that
  // look across segments: the work at 8n segments must stay far from 64 times the work at n.
  auto article = [](size_t n) {
    std::vector<Seg> segs;
    const int kinds[] = {COPYDESK_SEGMENT_HEADLINE, COPYDESK_SEGMENT_CAPTION, COPYDESK_SEGMENT_BODY,
                         COPYDESK_SEGMENT_PULLQUOTE, COPYDESK_SEGMENT_BODY};
    for (size_t i = 0; i < n; ++i)
      segs.push_back({kinds[i % 5], "s" + std::to_string(i), "ISIS said 3,000 fighters. 12,000 people, sources said."});
    return segs;
  };
  auto cost = [&](size_t n) {
    std::vector<Seg> segs = article(n);
    double best = 1e9;
    for (int run = 0; run < 3; ++run) {
      double t0 = thread_seconds();
      auto found = scan(segs);
      best = std::min(best, thread_seconds() - t0);
      EXPECT_GE(found.size(), n);
    }
    return best;
  };
  const double small = cost(500), large = cost(4000);
  RecordProperty("ratio", std::to_string(large / small));
  EXPECT_LT(large, small * 24) << "500 segments: " << small << " s, 4000 segments: " << large << " s";
}

}  // namespace
