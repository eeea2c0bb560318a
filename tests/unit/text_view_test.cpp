// Text view stage: what each format keeps, and that the offset map slices out
// exactly the original bytes behind every piece of view text.
#include "text_view/text_view.h"
#include "util/utf8.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace copydesk::detail {
namespace {

using namespace std::string_literals;

constexpr std::string_view kFFFD = "\xEF\xBF\xBD";

TextView view_of(std::string_view input, InputFormat format) {
  TextView view;
  build_text_view(input, format, view);
  return view;
}

std::string source_of(std::string_view input, const TextView& view, size_t begin, size_t end) {
  uint32_t in_begin = view.map.to_in_start(static_cast<uint32_t>(begin));
  uint32_t in_end = view.map.to_in_end(static_cast<uint32_t>(end));
  if (in_end < in_begin || in_end > input.size()) return "<bad map>";
  return std::string(input.substr(in_begin, in_end - in_begin));
}

// Original bytes behind the first occurrence of `needle` in the view.
std::string source_of(std::string_view input, const TextView& view, std::string_view needle) {
  size_t at = view.text.find(needle);
  if (at == std::string::npos) return "<not in view>";
  return source_of(input, view, at, at + needle.size());
}

// One character, or one invalid sequence (views other than HTML's keep those).
size_t utf8_unit_length(std::string_view s, size_t i) { return decode_utf8(s, i).len; }

// Holds for every view of every format: the map covers the text, and each
// character maps back to itself, to a whole entity, to a CR/CRLF (for "\n"),
// to nothing (an inserted break), for a space to a collapsed whitespace run,
// or, for U+FFFD, to what it replaced.
void check_every_character(std::string_view input, const TextView& view) {
  ASSERT_EQ(view.map.out_size(), view.text.size());
  EXPECT_EQ(view.map.to_in_start(static_cast<uint32_t>(view.text.size())), input.size());
  const std::string& text = view.text;
  for (size_t k = 0; k < text.size();) {
    size_t n = utf8_unit_length(text, k);
    std::string_view ch(text.data() + k, n);
    std::string source = source_of(input, view, k, k + n);
    bool ok = source == ch || (!source.empty() && source[0] == '&') ||
              (ch == "\n" && (source.empty() || source == "\r" || source == "\r\n")) ||
              (ch == " " && source.find_first_not_of(" \t\r\n\f") == std::string::npos) ||
              (ch == kFFFD && !source.empty() && source != "<bad map>");
    ASSERT_TRUE(ok) << "view byte " << k << " '" << ch << "' maps to '" << source << "'";
    k += n;
  }
}

// The view must be exactly `runs` joined by paragraph breaks, and each run must
// map back to exactly the given original bytes.
void expect_runs(std::string_view input, InputFormat format,
                 const std::vector<std::pair<std::string, std::string>>& runs) {
  TextView view = view_of(input, format);
  std::string expected_text;
  for (const auto& [run, source] : runs) {
    if (!expected_text.empty()) expected_text += "\n\n";
    expected_text += run;
  }
  ASSERT_EQ(view.text, expected_text);
  size_t at = 0;
  for (const auto& [run, source] : runs) {
    EXPECT_EQ(source_of(input, view, at, at + run.size()), source) << "run '" << run << "'";
    at += run.size() + 2;
  }
  check_every_character(input, view);
}

// ---------------------------------------------------------------- plain text

TEST(TextViewText, ViewIsTheInputInOneSegment) {
  std::string input = "line\r\none \xff\xfe\0 <b>not markup</b> &amp;"s;
  TextView view = view_of(input, InputFormat::kText);
  EXPECT_EQ(view.text, input);
  EXPECT_EQ(view.format, InputFormat::kText);
  EXPECT_EQ(view.map.segment_count(), 1u);
  EXPECT_EQ(source_of(input, view, "<b>not"), "<b>not");
}

TEST(TextViewText, EmptyInputInEveryFormat) {
  for (InputFormat format : {InputFormat::kAuto, InputFormat::kText, InputFormat::kMarkdown,
                             InputFormat::kHtml}) {
    TextView view = view_of("", format);
    EXPECT_EQ(view.text, "");
    EXPECT_EQ(view.map.out_size(), 0u);
    EXPECT_EQ(view.map.to_in_start(0), 0u);
  }
}

TEST(TextViewText, ReusedViewStartsOver) {
  TextView view;
  build_text_view("<p>first</p><p>second</p>", InputFormat::kHtml, view);
  build_text_view("plain", InputFormat::kAuto, view);
  EXPECT_EQ(view.text, "plain");
  EXPECT_EQ(view.format, InputFormat::kText);
  EXPECT_EQ(view.map.segment_count(), 1u);
}

// ---------------------------------------------------------------------- HTML

TEST(TextViewHtml, BlocksBecomeParagraphBreaks) {
  expect_runs("<h1>Title</h1>\n<p>First para.</p>\n<div>Second</div><ul><li>one</li><li>two</li></ul>"
              "<table><tr><td>c1</td><td>c2</td></tr></table><blockquote>q</blockquote>end",
              InputFormat::kHtml,
              {{"Title", "Title"}, {"First para.", "First para."}, {"Second", "Second"},
               {"one", "one"}, {"two", "two"}, {"c1", "c1"}, {"c2", "c2"}, {"q", "q"}, {"end", "end"}});
}

TEST(TextViewHtml, LineBreakIsNewline) {
  std::string input = "<p>first line<br>second line<br/>third</p>";
  TextView view = view_of(input, InputFormat::kHtml);
  EXPECT_EQ(view.text, "first line\nsecond line\nthird");
  EXPECT_EQ(source_of(input, view, "line\nsecond"), "line<br>second");
  check_every_character(input, view);
}

TEST(TextViewHtml, InlineTagsSplitNothing) {
  expect_runs("<p>تنظيم <b>دا</b>عش أعلن</p><p>The Da<em>esh</em> group</p>", InputFormat::kHtml,
              {{"تنظيم داعش أعلن", "تنظيم <b>دا</b>عش أعلن"},
               {"The Daesh group", "The Da<em>esh</em> group"}});
  std::string input = "<p>قال <span class=\"x\">مسؤول</span> إن <a href=\"/t\">د<i>اعش</i></a></p>";
  TextView view = view_of(input, InputFormat::kHtml);
  EXPECT_EQ(view.text, "قال مسؤول إن داعش");
  EXPECT_EQ(source_of(input, view, "داعش"), "د<i>اعش");
}

TEST(TextViewHtml, EntitiesDecodeAndMapAsAWhole) {
  std::string input = "<p>AT&amp;T&nbsp;x &#1583;&#x62F; &copy; &notit; &ampamp; &#128; &#0; &bogus;</p>";
  TextView view = view_of(input, InputFormat::kHtml);
  EXPECT_EQ(view.text, "AT&T\u00A0x \u062F\u062F \u00A9 \u00ACit; &amp; \u20AC \uFFFD &bogus;");
  EXPECT_EQ(source_of(input, view, "AT&T"), "AT&amp;T");
  EXPECT_EQ(source_of(input, view, "\u00A0"), "&nbsp;");
  EXPECT_EQ(source_of(input, view, "\u062F\u062F"), "&#1583;&#x62F;");
  EXPECT_EQ(source_of(input, view, "\u00A9"), "&copy;");
  EXPECT_EQ(source_of(input, view, "\u00ACit;"), "&notit;");
  EXPECT_EQ(source_of(input, view, "\u00AC"), "&not");
  EXPECT_EQ(source_of(input, view, "&amp;"), "&ampamp;");
  EXPECT_EQ(source_of(input, view, "\u20AC"), "&#128;");
  EXPECT_EQ(source_of(input, view, "\uFFFD"), "&#0;");
  EXPECT_EQ(source_of(input, view, "&bogus;"), "&bogus;");
  check_every_character(input, view);
}

TEST(TextViewHtml, EntitiesInArabicText) {
  std::string input = "<p>تنظيم &quot;دا&#1593;ش&quot; &laquo;الإرهابي&raquo;</p>";
  TextView view = view_of(input, InputFormat::kHtml);
  EXPECT_EQ(view.text, "تنظيم \"داعش\" «الإرهابي»");
  EXPECT_EQ(source_of(input, view, "داعش"), "دا&#1593;ش");
  EXPECT_EQ(source_of(input, view, "\"داعش\""), "&quot;دا&#1593;ش&quot;");
  EXPECT_EQ(source_of(input, view, "«الإرهابي»"), "&laquo;الإرهابي&raquo;");
  check_every_character(input, view);
}

TEST(TextViewHtml, ScriptStyleCommentsAndHiddenContentDropped) {
  expect_runs("<html><head><title>Page title</title><style>p{color:red}</style>"
              "<script>var s = '<p>داعش</p>';</script></head><body>"
              "<p>a<script>document.write('b')</script>c<style>.x{}</style>d<!-- e -->f</p>"
              "<noscript>g</noscript><template>h</template><iframe>i</iframe>"
              "<svg><text>j</text></svg><math><mi>k</mi></math><object>l</object><p>m</p></body></html>",
              InputFormat::kHtml,
              {{"acdf", "a<script>document.write('b')</script>c<style>.x{}</style>d<!-- e -->f"},
               {"m", "m"}});
}

TEST(TextViewHtml, AttributeValuesDropped) {
  std::string input =
      "<p title=\"داعش\" data-x='Daesh'><a href=\"https://e.com/?q=1&amp;r=2\" alt='>'>link</a>"
      "<img alt=\"alt text\" src=\"a.png\"> tail</p>";
  TextView view = view_of(input, InputFormat::kHtml);
  EXPECT_EQ(view.text, "link tail");
  EXPECT_EQ(view.text.find("داعش"), std::string::npos);
  check_every_character(input, view);
}

TEST(TextViewHtml, MalformedMarkupGivesSaneText) {
  std::string input = "<p>unclosed <b>bold <i>both</p><div>stray < sign & amp</div><p>x</foo>y<p>z</p>"
                      "<<>> <div attr=\"unterminated";
  TextView view = view_of(input, InputFormat::kHtml);
  EXPECT_EQ(view.text, "unclosed bold both\n\nstray < sign & amp\n\nxy\n\nz\n\n<<>> ");
  EXPECT_EQ(source_of(input, view, "xy"), "x</foo>y");
  EXPECT_EQ(source_of(input, view, "stray < sign & amp"), "stray < sign & amp");
  check_every_character(input, view);

  for (std::string_view broken : {"<", "<p", "</", "<!--", "<!-- open", "&", "&#", "&#x", "a<b",
                                  "<table>text<tr>cell", "<p>a</p></p></div></body></html>x"}) {
    TextView v = view_of(broken, InputFormat::kHtml);
    check_every_character(broken, v);
  }
}

TEST(TextViewHtml, RawTextElementsKeepEntitiesAsWritten) {
  std::string input = "<p>a &amp; b</p><xmp>x &amp; <i>y</i></xmp><plaintext>p &lt; q <b>";
  TextView view = view_of(input, InputFormat::kHtml);
  EXPECT_EQ(view.text, "a & b\n\nx &amp; <i>y</i>\n\np &lt; q <b>");
  EXPECT_EQ(source_of(input, view, "x &amp; <i>y</i>"), "x &amp; <i>y</i>");
  EXPECT_EQ(source_of(input, view, "p &lt; q <b>"), "p &lt; q <b>");
  check_every_character(input, view);
}

TEST(TextViewHtml, TableTextMovedBeforeTableStillMapsBack) {
  std::string input = "<table>stray<tr><td>cell</td></tr></table>";
  TextView view = view_of(input, InputFormat::kHtml);
  EXPECT_EQ(view.text, "stray\n\ncell");
  EXPECT_EQ(source_of(input, view, "stray"), "stray");
  EXPECT_EQ(source_of(input, view, "cell"), "cell");
}

TEST(TextViewText, SpaceAndTabRunsAreOneSpaceLineBreaksStay) {
  std::string input = "تنظيم  الدولة\tقال.\n\n  x \t y";
  TextView view = view_of(input, InputFormat::kText);
  EXPECT_EQ(view.text, "تنظيم الدولة قال.\n\n x y");
  EXPECT_EQ(source_of(input, view, "تنظيم الدولة"), "تنظيم  الدولة");
  EXPECT_EQ(source_of(input, view, "x y"), "x \t y");
  check_every_character(input, view);
}

TEST(TextViewHtml, LineBreaksInSourceAreSpacesMappedToTheirBytes) {
  // A browser renders a wrapped source line as a space: no sentence ends there.
  std::string input = "<p>line1\r\nline2\rline3\nline4</p>\r\n<p>x</p>";
  TextView view = view_of(input, InputFormat::kHtml);
  EXPECT_EQ(view.text, "line1 line2 line3 line4\n\nx");
  EXPECT_EQ(source_of(input, view, "1 line2 l"), "1\r\nline2\rl");
  EXPECT_EQ(source_of(input, view, "line1 line2 line3 line4"), "line1\r\nline2\rline3\nline4");
  check_every_character(input, view);
}

TEST(TextViewHtml, PreformattedTextKeepsItsWhitespace) {
  std::string input = "<p>a\n  b</p><pre>x  y\n z</pre>";
  TextView view = view_of(input, InputFormat::kHtml);
  EXPECT_EQ(view.text, "a b\n\nx  y\n z");
  check_every_character(input, view);
}

TEST(TextViewHtml, InvalidUtf8BecomesReplacementMappedToItsBytes) {
  std::string input = "<p>a\xFF" "b\xE0\x80" "c\xEF\xBF\xBD" "d\x01" "e</p>";
  TextView view = view_of(input, InputFormat::kHtml);
  std::string fffd(kFFFD);
  EXPECT_EQ(view.text, "a" + fffd + "b" + fffd + fffd + "c" + fffd + "d" + fffd + "e");
  EXPECT_EQ(source_of(input, view, "a" + fffd + "b"), "a\xFF" "b");
  EXPECT_EQ(source_of(input, view, "b" + fffd + fffd + "c"), "b\xE0\x80" "c");
  EXPECT_EQ(source_of(input, view, "c" + fffd + "d"), "c\xEF\xBF\xBD" "d");
  EXPECT_EQ(source_of(input, view, "d" + fffd + "e"), "d\x01" "e");
  check_every_character(input, view);
}

TEST(TextViewHtml, NulBytesDroppedOrReplacedWithExactMap) {
  std::string input = "<p>a\0b</p><p>c\0</p><p>\0d</p>"s;
  TextView view = view_of(input, InputFormat::kHtml);
  EXPECT_EQ(view.text, "ab\n\nc\n\nd");
  EXPECT_EQ(source_of(input, view, "ab"), "a\0b"s);
  EXPECT_EQ(source_of(input, view, "c"), "c");
  EXPECT_EQ(source_of(input, view, "d"), "d");
  check_every_character(input, view);
}

TEST(TextViewHtml, WhitespaceRunsCollapseToOneSpace) {
  std::string input = "<p>two  spaces\tand\n newline <b>x</b> <i>y</i></p>\n\n  <p>  z</p>";
  TextView view = view_of(input, InputFormat::kHtml);
  EXPECT_EQ(view.text, "two spaces and newline x y\n\nz");
  EXPECT_EQ(source_of(input, view, "two spaces and"), "two  spaces\tand");
  check_every_character(input, view);
}

// An article as a newsroom CMS editor saves it.
constexpr std::string_view kCmsArticle = R"html(<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
  <meta charset="utf-8">
  <title>تنظيم داعش يتبنى الهجوم | الموقع</title>
  <script type="application/ld+json">{"headline": "داعش"}</script>
</head>
<body>
<nav class="menu"><a href="/">الرئيسية</a></nav>
<article class="post">
  <h1 class="entry-title">مصادر: تنظيم &quot;داعش&quot; يتبنى الهجوم</h1>
  <div class="meta"><span class="author">بقلم: فريق التحرير</span> &middot; <time datetime="2024-05-01">1 مايو 2024</time></div>
  <figure><img src="/img/a.jpg" alt="صورة الهجوم"><figcaption>موقع الهجوم&nbsp;أمس</figcaption></figure>
  <p>قالت مصادر مطلعة إن تنظيم <strong>دا</strong>عش أعلن مسؤوليته عن الهجوم الذي أسفر عن مقتل 12 شخصاً.</p>
  <p>وأضافت المصادر أن<br>الهجوم وقع صباح أمس.<!-- editor note: verify number --></p>
  <div class="ad"><script>googletag.cmd.push(function() { display('ad'); });</script></div>
  <p class="read-more"><a href="https://example.com/news/123?utm=1&amp;x=2">اقرأ أيضاً: خلفيات الهجوم</a></p>
  <ul class="tags"><li><a href="/tag/1">أمن</a></li><li><a href="/tag/2">إرهاب</a></li></ul>
</article>
<footer>&copy; 2024 الموقع</footer>
</body>
</html>
)html";

TEST(TextViewHtml, CmsArticle) {
  expect_runs(kCmsArticle, InputFormat::kAuto,
              {{"الرئيسية", "الرئيسية"},
               {"مصادر: تنظيم \"داعش\" يتبنى الهجوم", "مصادر: تنظيم &quot;داعش&quot; يتبنى الهجوم"},
               {"بقلم: فريق التحرير · 1 مايو 2024",
                "بقلم: فريق التحرير</span> &middot; <time datetime=\"2024-05-01\">1 مايو 2024"},
               {"موقع الهجوم\u00A0أمس", "موقع الهجوم&nbsp;أمس"},
               {"قالت مصادر مطلعة إن تنظيم داعش أعلن مسؤوليته عن الهجوم الذي أسفر عن مقتل 12 شخصاً.",
                "قالت مصادر مطلعة إن تنظيم <strong>دا</strong>عش أعلن مسؤوليته عن الهجوم الذي أسفر عن "
                "مقتل 12 شخصاً."},
               {"وأضافت المصادر أن\nالهجوم وقع صباح أمس.", "وأضافت المصادر أن<br>الهجوم وقع صباح أمس."},
               {"اقرأ أيضاً: خلفيات الهجوم", "اقرأ أيضاً: خلفيات الهجوم"},
               {"أمن", "أمن"},
               {"إرهاب", "إرهاب"},
               {"© 2024 الموقع", "&copy; 2024 الموقع"}});
  EXPECT_EQ(view_of(kCmsArticle, InputFormat::kAuto).format, InputFormat::kHtml);
}

TEST(TextViewHtml, DeepNestingWithoutStackOverflow) {
  for (int depth : {1000, 10000, 200000}) {
    std::string input;
    for (int i = 0; i < depth; ++i) input += "<div>";
    input += "تنظيم <b>دا</b>عش &amp; co";
    for (int i = 0; i < depth; ++i) input += "</div>";
    TextView view = view_of(input, InputFormat::kHtml);
    EXPECT_EQ(view.text, "تنظيم داعش & co") << depth;
    EXPECT_EQ(source_of(input, view, "داعش"), "دا</b>عش") << depth;
    check_every_character(input, view);
  }
  std::string inline_nest;
  for (int i = 0; i < 300000; ++i) inline_nest += "<b>";
  inline_nest += "x";
  EXPECT_EQ(view_of(inline_nest, InputFormat::kHtml).text, "x");
}

// Input too deep for gumbo goes through the fallback stripper: same rules.
TEST(TextViewHtml, FallbackKeepsTheSameRules) {
  std::string input;
  for (int i = 0; i < 5000; ++i) input += "<span>";
  input += "<h1>Title</h1><p>a&amp;b &#1583; <b>دا</b>عش<br>next</p><script>if (a<b) x();</script>"
           "<style>p{}</style><!-- c --><p title=\"t\">tail &notit;</p><head><title>t</title></head>"
           "<svg><text>s</text></svg><p>end</p>";
  TextView view = view_of(input, InputFormat::kHtml);
  EXPECT_EQ(view.text, "Title\n\na&b \u062F داعش\nnext\n\ntail \u00ACit;\n\nend");
  EXPECT_EQ(source_of(input, view, "a&b"), "a&amp;b");
  EXPECT_EQ(source_of(input, view, "داعش"), "دا</b>عش");
  check_every_character(input, view);
}

TEST(TextViewHtml, BinaryJunkIsHandled) {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  std::string junk;
  for (int i = 0; i < 1 << 20; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    unsigned char b = static_cast<unsigned char>(state >> 56);
    // Bias towards markup characters so the parsers have work to do.
    static constexpr char kMarkup[] = "<>&;#/!-=\"' \r\n`*[]()";
    junk.push_back(b < 64 ? kMarkup[b % (sizeof(kMarkup) - 1)] : static_cast<char>(b));
  }
  for (InputFormat format : {InputFormat::kAuto, InputFormat::kText, InputFormat::kMarkdown,
                             InputFormat::kHtml}) {
    TextView view = view_of(junk, format);
    check_every_character(junk, view);
  }
}

// Cuts, duplicates and byte flips of real documents: every view of every
// mutant must still map each character back exactly, through gumbo and, with
// nesting too deep for gumbo in front, through the fallback stripper.
TEST(TextViewAnyFormat, MutatedDocumentsKeepExactMaps) {
  const std::string seeds[] = {
      std::string(kCmsArticle),
      "# عنوان\n\nقالت **مصادر** إن [تنظيم](http://e.com \"t\") `code` &amp; &#1583;\n> quote\r\n- item\n\n"
      "| a | b |\n|---|---|\n| c | d |\n<!-- c --> <b>x</b>  \nend\\\nline",
  };
  std::string deep_nesting;
  for (int depth = 0; depth < 3000; ++depth) deep_nesting += "<i>";
  static constexpr char kInteresting[] = "<>&;#/!-=\"'\r\n\0`*_[]()\xC5\x89\xFF";
  uint64_t state = 42;
  auto next = [&state](uint64_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % bound;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string doc = seeds[round % 2];
    for (int edits = 1 + static_cast<int>(next(16)); edits > 0; --edits) {
      size_t at = next(doc.size());
      switch (next(3)) {
        case 0: doc[at] = kInteresting[next(sizeof(kInteresting) - 1)]; break;
        case 1: doc.erase(at, next(40)); break;
        default: doc.insert(at, doc.substr(next(doc.size()), next(40))); break;
      }
      if (doc.empty()) doc = "x";
    }
    for (InputFormat format : {InputFormat::kHtml, InputFormat::kMarkdown}) {
      SCOPED_TRACE("round " + std::to_string(round) + ", format " +
                   std::to_string(static_cast<int>(format)));
      TextView view = view_of(doc, format);
      check_every_character(doc, view);
      if (HasFatalFailure()) return;
    }
    if (round % 10 == 0) {
      SCOPED_TRACE("round " + std::to_string(round) + " behind deep nesting");
      std::string deep = deep_nesting + doc;
      check_every_character(deep, view_of(deep, InputFormat::kHtml));
      if (HasFatalFailure()) return;
    }
  }
}

// ------------------------------------------------------------------ Markdown

TEST(TextViewMarkdown, HeadingsParagraphsAndEmphasis) {
  expect_runs("# Title\n\nPara *em* text.\n\n## فرعي\n\nThe Da**esh** and دا**عش** group", InputFormat::kMarkdown,
              {{"Title", "Title"},
               {"Para em text.", "Para *em* text."},
               {"فرعي", "فرعي"},
               {"The Daesh and داعش group", "The Da**esh** and دا**عش** group"}});
  std::string input = "Da**esh**";
  TextView view = view_of(input, InputFormat::kMarkdown);
  EXPECT_EQ(source_of(input, view, "Daesh"), "Da**esh");
}

TEST(TextViewMarkdown, LinksKeepTextAndDropTargets) {
  std::string input =
      "[اقرأ أيضاً](https://example.com/x?a=1 \"the title\") and ![alt text](img.png) "
      "<https://auto.example.com> [ref link][r]\n\n[r]: https://ref.example.com \"ref title\"\n";
  TextView view = view_of(input, InputFormat::kMarkdown);
  EXPECT_EQ(view.text, "اقرأ أيضاً and alt text https://auto.example.com ref link");
  EXPECT_EQ(source_of(input, view, "أيضاً and alt"), "أيضاً](https://example.com/x?a=1 \"the title\") and ![alt");
  check_every_character(input, view);
}

TEST(TextViewMarkdown, CodeSpansAndBlocksDropped) {
  expect_runs("Use `داعش code` now\n\n```\nfenced داعش\n```\n\n    indented code\n\nafter",
              InputFormat::kMarkdown, {{"Use  now", "Use `داعش code` now"}, {"after", "after"}});
}

TEST(TextViewMarkdown, RawHtmlAndCommentsDropped) {
  expect_runs("before <!-- hidden داعش --> after <span>in</span>\n\n<!--\nblock comment\n-->\n\n"
              "<div>\nhtml block\n</div>\n\nend",
              InputFormat::kMarkdown,
              {{"before  after in", "before <!-- hidden داعش --> after <span>in"}, {"end", "end"}});
}

TEST(TextViewMarkdown, EntitiesDecoded) {
  std::string input = "AT&amp;T &copy; &#1583;&#x62F; &quot;دا&#1593;ش&quot; &bogus; &notit;";
  TextView view = view_of(input, InputFormat::kMarkdown);
  EXPECT_EQ(view.text, "AT&T \u00A9 \u062F\u062F \"داعش\" &bogus; &notit;");
  EXPECT_EQ(source_of(input, view, "AT&T"), "AT&amp;T");
  EXPECT_EQ(source_of(input, view, "\u00A9"), "&copy;");
  EXPECT_EQ(source_of(input, view, "\u062F\u062F"), "&#1583;&#x62F;");
  EXPECT_EQ(source_of(input, view, "داعش"), "دا&#1593;ش");
  EXPECT_EQ(source_of(input, view, "&notit;"), "&notit;");
  check_every_character(input, view);
}

TEST(TextViewMarkdown, LineBreaksMapToTheOriginalLineBreak) {
  std::string input = "line one\nline two  \nline three\\\r\nfour";
  TextView view = view_of(input, InputFormat::kMarkdown);
  // A soft break (a wrapped line) is a space; hard breaks stay line breaks.
  EXPECT_EQ(view.text, "line one line two\nline three\nfour");
  EXPECT_EQ(source_of(input, view, "one line"), "one\nline");
  EXPECT_EQ(source_of(input, view, "two\nline"), "two  \nline");
  EXPECT_EQ(source_of(input, view, "three\nfour"), "three\\\r\nfour");
  check_every_character(input, view);
}

TEST(TextViewMarkdown, ListsQuotesAndTablesAreBlocks) {
  expect_runs("- a\n- b\n\n> quote **x**\n\n| h1 | h2 |\n|---|---|\n| c1 | c2 |\n", InputFormat::kMarkdown,
              {{"a", "a"}, {"b", "b"}, {"quote x", "quote **x"}, {"h1", "h1"}, {"h2", "h2"},
               {"c1", "c1"}, {"c2", "c2"}});
}

TEST(TextViewMarkdown, NulBecomesReplacementCharacter) {
  std::string input = "a\0b"s;
  TextView view = view_of(input, InputFormat::kMarkdown);
  EXPECT_EQ(view.text, "a\uFFFDb");
  EXPECT_EQ(source_of(input, view, "\uFFFD"), "\0"s);
  check_every_character(input, view);
}

TEST(TextViewMarkdown, InvalidUtf8BecomesReplacementAndIsNeverJoined) {
  // Without the replacement, dropping "**" would join \xC5 and \x89 into U+0149.
  std::string input = "a\xC5**x**\x89" "b";
  TextView view = view_of(input, InputFormat::kMarkdown);
  EXPECT_EQ(view.text, "a\uFFFDx\uFFFDb");
  EXPECT_EQ(source_of(input, view, "a\uFFFDx\uFFFDb"), input);
  EXPECT_EQ(source_of(input, view, "\uFFFDb"), "\x89" "b");
  check_every_character(input, view);
}

TEST(TextViewMarkdown, DeepNestingWithoutStackOverflow) {
  std::string quotes(10000, '>');
  quotes += " داعش";
  EXPECT_EQ(view_of(quotes, InputFormat::kMarkdown).text, "داعش");
  std::string lists;
  for (int i = 0; i < 10000; ++i) lists += std::string(static_cast<size_t>(i) * 2, ' ') + "- x\n";
  TextView view = view_of(lists, InputFormat::kMarkdown);
  check_every_character(lists, view);
  std::string emphasis;
  for (int i = 0; i < 100000; ++i) emphasis += "*a **b [c ";
  check_every_character(emphasis, view_of(emphasis, InputFormat::kMarkdown));
}

// ----------------------------------------------------------------- detection

TEST(TextViewDetect, Html) {
  EXPECT_EQ(detect_format("<p>x</p>"), InputFormat::kHtml);
  EXPECT_EQ(detect_format("\xEF\xBB\xBF \n <!DOCTYPE html><html>"), InputFormat::kHtml);
  EXPECT_EQ(detect_format("</div> trailing"), InputFormat::kHtml);
  EXPECT_EQ(detect_format("Intro text then <br> a break"), InputFormat::kHtml);
  EXPECT_EQ(detect_format("نص عربي <DIV class=x>داخل</DIV>"), InputFormat::kHtml);
  EXPECT_EQ(detect_format("# heading\n<p>para</p>"), InputFormat::kHtml);
}

TEST(TextViewDetect, Markdown) {
  EXPECT_EQ(detect_format("# عنوان\n\nنص"), InputFormat::kMarkdown);
  EXPECT_EQ(detect_format("intro\n* item"), InputFormat::kMarkdown);
  EXPECT_EQ(detect_format("intro\n- item"), InputFormat::kMarkdown);
  EXPECT_EQ(detect_format("> quoted"), InputFormat::kMarkdown);
  EXPECT_EQ(detect_format("text\n```\ncode\n```"), InputFormat::kMarkdown);
  EXPECT_EQ(detect_format("see [the report](https://e.com) today"), InputFormat::kMarkdown);
  EXPECT_EQ(detect_format("a **bold** claim"), InputFormat::kMarkdown);
}

TEST(TextViewDetect, PlainText) {
  EXPECT_EQ(detect_format(""), InputFormat::kText);
  EXPECT_EQ(detect_format("  \n "), InputFormat::kText);
  EXPECT_EQ(detect_format("قال مسؤول إن 5 < 7 و 3 > 2"), InputFormat::kText);
  EXPECT_EQ(detect_format("<3 love it"), InputFormat::kText);
  EXPECT_EQ(detect_format("5 * 3 = 15 and -2 - 1"), InputFormat::kText);
  EXPECT_EQ(detect_format("a ** b ** c"), InputFormat::kText);
  std::string late_tag(5000, 'x');
  late_tag += "<p>";
  EXPECT_EQ(detect_format(late_tag), InputFormat::kText);
}

TEST(TextViewDetect, AutoRecordsTheFormatUsed) {
  EXPECT_EQ(view_of("<p>x</p>", InputFormat::kAuto).format, InputFormat::kHtml);
  EXPECT_EQ(view_of("# x", InputFormat::kAuto).format, InputFormat::kMarkdown);
  EXPECT_EQ(view_of("x", InputFormat::kAuto).format, InputFormat::kText);
  EXPECT_EQ(view_of("# x", InputFormat::kHtml).format, InputFormat::kHtml);
}

// ------------------------------------------------------------------ big input

std::string repeat_to(std::string_view unit, size_t size) {
  std::string out;
  out.reserve(size + unit.size());
  while (out.size() < size) out += unit;
  return out;
}

void check_samples(std::string_view input, const TextView& view, std::string_view needle,
                   std::string_view expected_source) {
  ASSERT_EQ(view.map.out_size(), view.text.size());
  size_t checked = 0;
  for (size_t at = view.text.find(needle); at != std::string::npos && checked < 1000;
       at = view.text.find(needle, at + view.text.size() / 997 + 1), ++checked) {
    ASSERT_EQ(source_of(input, view, at, at + needle.size()), expected_source) << at;
  }
  EXPECT_GT(checked, 100u);
}

constexpr size_t kFiftyMegabytes = 50u << 20;

TEST(TextViewBig, FiftyMegabytesOfHtml) {
  std::string input = repeat_to(
      "<p>قالت مصادر إن تنظيم <b>دا</b>عش &amp; &quot;القاعدة&quot; تبنيا الهجوم.</p>\n<div>Da<em>esh</em></div>\n",
      kFiftyMegabytes);
  TextView view = view_of(input, InputFormat::kHtml);
  check_samples(input, view, "داعش & \"", "دا</b>عش &amp; &quot;");
}

TEST(TextViewBig, FiftyMegabytesOfMarkdown) {
  std::string input = repeat_to("## عنوان\n\nقالت مصادر إن تنظيم دا**عش** &amp; `code` [رابط](http://e.com)\n\n",
                                kFiftyMegabytes);
  TextView view = view_of(input, InputFormat::kMarkdown);
  check_samples(input, view, "داعش &", "دا**عش** &amp;");
}

TEST(TextViewBig, FiftyMegabytesOfText) {
  std::string input = repeat_to("قالت مصادر إن تنظيم داعش تبنى الهجوم.\n", kFiftyMegabytes);
  TextView view = view_of(input, InputFormat::kAuto);
  EXPECT_EQ(view.text.size(), input.size());
  EXPECT_EQ(view.map.segment_count(), 1u);
}

bool is_valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    Decoded d = decode_utf8(s, i);
    if (!d.valid) return false;
    i += d.len;
  }
  return true;
}

// issue 8: gumbo wraps numeric references past INT_MAX (to NUL, or to a lone byte): the view
// decodes every one beyond U+10FFFF to U+FFFD and stays valid UTF-8, with offsets kept.
TEST(TextViewHtml, NumericReferencesBeyondUnicodeAreReplacementCharacters) {
  const std::string in = "\x03&#xD8cccccc";
  TextView view = view_of(in, InputFormat::kHtml);
  EXPECT_TRUE(is_valid_utf8(view.text)) << view.text;
  // The control character and the reference: each a U+FFFD.
  ASSERT_EQ(view.text, std::string(kFFFD) + std::string(kFFFD));
  EXPECT_EQ(source_of(in, view, 3, 6), "&#xD8cccccc");
  const std::string hidden = "<p>&#x80000000; ISIS claimed the attack.</p>";
  TextView v2 = view_of(hidden, InputFormat::kHtml);
  EXPECT_EQ(v2.text, std::string(kFFFD) + " ISIS claimed the attack.");
  EXPECT_EQ(source_of(hidden, v2, "ISIS"), "ISIS");
  EXPECT_EQ(source_of(hidden, v2, kFFFD), "&#x80000000;");
  // Inside <xmp> the reference is literal text, and stays as written.
  const std::string raw = "<xmp>&#x80000000;</xmp>";
  EXPECT_EQ(view_of(raw, InputFormat::kHtml).text, "&#x80000000;");
}

TEST(TextViewHtml, ATagWithTooManyAttributesKeepsTheText) {
  std::string in = "<div><p";
  for (int i = 0; i < 100; ++i) in += " a=\"x>\"";
  in += ">ISIS &amp; co</p><p>next</p></div>";
  TextView view = view_of(in, InputFormat::kHtml);
  EXPECT_EQ(view.text, "ISIS & co\n\nnext");
  EXPECT_EQ(source_of(in, view, "&"), "&amp;");
}

TEST(TextViewMarkdown, ARunOfUnmatchedBracketsIsOneCopy) {
  const std::string in(100000, '[');
  TextView view = view_of(in, InputFormat::kMarkdown);
  EXPECT_EQ(view.text, in);
  EXPECT_EQ(source_of(in, view, 0, in.size()), in);
}

// md4c is quadratic in the containers one line opens: past 64, a linear fallback drops each
// line's container markers.
TEST(TextViewMarkdown, ThousandsOfNestedQuotesAreFlattened) {
  const std::string in = std::string(20000, '>') + " ISIS\n> - next line";
  TextView view = view_of(in, InputFormat::kMarkdown);
  EXPECT_EQ(view.format, InputFormat::kMarkdown);
  EXPECT_EQ(view.text, "ISIS\nnext line");
  EXPECT_EQ(source_of(in, view, "ISIS"), "ISIS");
  check_every_character(in, view);
  // A few levels are still Markdown.
  EXPECT_EQ(view_of("> > > ISIS", InputFormat::kMarkdown).text, "ISIS");
}

}  // namespace
}  // namespace copydesk::detail
