// fuzz_text_view: the text-view stage alone (copydesk_text_view).
// The first byte picks the format (low two bits: AUTO, TEXT, MARKDOWN, HTML); the
// rest is the input. Checks: no crash or sanitizer report; AUTO resolves to the
// format detect_format() gives; plain text is kept byte for byte but for runs of spaces
// and tabs, which become one space; HTML and Markdown
// views are valid UTF-8; the offset map passes check_offset_map (HTML: line by line); a one-byte span of
// an ASCII letter or digit maps back to that same byte of the input; a view built
// into a reused TextView equals one built fresh.
#include <string>
#include <string_view>

#include "map_checks.h"
#include "text_view/text_view.h"

using namespace copydesk_fuzz;
using copydesk::detail::InputFormat;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  auto format = static_cast<InputFormat>(data[0] & 3);
  std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);

  static copydesk::detail::TextView reused;  // keeps the buffers of the previous input
  copydesk::detail::build_text_view(in, format, reused);
  copydesk::detail::TextView fresh;
  copydesk::detail::build_text_view(in, format, fresh);

  InputFormat expected = format == InputFormat::kAuto ? copydesk::detail::detect_format(in) : format;
  FUZZ_CHECK(expected != InputFormat::kAuto, "detect_format returned AUTO");
  FUZZ_CHECK(fresh.format == expected, "format %d, expected %d", static_cast<int>(fresh.format),
             static_cast<int>(expected));
  if (expected == InputFormat::kText) {
    // Plain text is kept as given except that a run of spaces and tabs is one space.
    std::string collapsed;
    for (size_t i = 0; i < in.size();) {
      if (in[i] != ' ' && in[i] != '\t') {
        collapsed += in[i++];
        continue;
      }
      while (i < in.size() && (in[i] == ' ' || in[i] == '\t')) ++i;
      collapsed += ' ';
    }
    FUZZ_CHECK(fresh.text == collapsed, "the plain-text view is not the input with its space runs collapsed");
  }
  else FUZZ_CHECK(valid_utf8(fresh.text), "the %s view is not valid UTF-8",
                  expected == InputFormat::kHtml ? "HTML" : "Markdown");

  bool html = expected == InputFormat::kHtml;
  std::vector<uint32_t> starts = check_offset_map(fresh.map, in, fresh.text, "text view", html);
  for (uint32_t o = 0; o < fresh.text.size(); ++o) {
    unsigned char c = static_cast<unsigned char>(fresh.text[o]);
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alnum && fresh.map.to_in_end(o + 1) == starts[o] + 1)
      FUZZ_CHECK(static_cast<unsigned char>(in[starts[o]]) == c, "view byte %u '%c' maps to input byte %u '%c'", o, c,
                 starts[o], in[starts[o]]);
  }

  FUZZ_CHECK(reused.text == fresh.text && reused.format == fresh.format, "a reused TextView gives another text");
  std::vector<uint32_t> reused_starts = check_offset_map(reused.map, in, reused.text, "reused text view", html);
  FUZZ_CHECK(reused_starts == starts, "a reused TextView gives another map");
  return 0;
}
