#include <gumbo.h>

#include "text_view/view_builder.h"
#include "util/utf8.h"

namespace copydesk::detail {
namespace {

// The longest HTML5 entity name ("CounterClockwiseContourIntegral") has 31
// characters; beyond that only a prefix can match, and the cap keeps keys short.
constexpr size_t kMaxCandidateName = 40;
// Candidates decoded per gumbo parse: bounds the memory of one parse tree.
constexpr size_t kCandidatesPerParse = 2048;

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Splits gumbo's decoding of `candidate` into the reference and the verbatim
// rest: "&notit;" decodes to "¬it;", so the reference is "&not" -> "¬".
EntityDecoder::Match split_decoding(std::string_view candidate, std::string_view decoded) {
  EntityDecoder::Match match;
  if (decoded == candidate || decoded.empty()) return match;
  size_t rest = 0;  // length of the verbatim tail shared by both
  while (rest + 1 < candidate.size() && rest + 1 < decoded.size() &&
         candidate[candidate.size() - 1 - rest] == decoded[decoded.size() - 1 - rest]) {
    ++rest;
  }
  match.consumed = static_cast<uint32_t>(candidate.size() - rest);
  match.value.assign(decoded.substr(0, decoded.size() - rest));
  return match;
}

}  // namespace

std::string_view EntityDecoder::candidate_at(std::string_view s, size_t amp) {
  size_t end = amp + 1;
  while (end < s.size() && end - amp - 1 < kMaxCandidateName && is_ascii_alnum(s[end])) ++end;
  if (end == amp + 1) return {};
  if (end < s.size() && s[end] == ';') ++end;
  return s.substr(amp, end - amp);
}

void EntityDecoder::request(std::string_view candidate) {
  auto [it, inserted] = known_.try_emplace(std::string(candidate));
  if (inserted) pending_.push_back(it->first);
}

void EntityDecoder::resolve() {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // recording parse errors costs time and memory we never use
  std::string document;
  for (size_t first = 0; first < pending_.size(); first += kCandidatesPerParse) {
    size_t last = std::min(pending_.size(), first + kCandidatesPerParse);
    // "<body>" first so that whitespace results (&Tab;) are kept as body text;
    // <br> separates candidates without nesting anything.
    document.assign("<body>");
    for (size_t i = first; i < last; ++i) {
      document += pending_[i];
      document += "<br>";
    }
    GumboOutput* output = gumbo_parse_with_options(&options, document.data(), document.size());
    const GumboNode* body = nullptr;
    const GumboVector& root_children = output->root->v.element.children;
    for (unsigned i = 0; i < root_children.length; ++i) {
      const auto* node = static_cast<const GumboNode*>(root_children.data[i]);
      if (node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == GUMBO_TAG_BODY) body = node;
    }
    std::vector<std::string> decoded;
    decoded.reserve(last - first);
    if (body != nullptr) {
      std::string current;
      const GumboVector& children = body->v.element.children;
      for (unsigned i = 0; i < children.length; ++i) {
        const auto* node = static_cast<const GumboNode*>(children.data[i]);
        if (node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == GUMBO_TAG_BR) {
          decoded.push_back(std::move(current));
          current.clear();
        } else if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE) {
          current += node->v.text.text;
        }
      }
    }
    gumbo_destroy_output(&options, output);
    // Anything unexpected leaves the candidates undecoded (read verbatim).
    if (decoded.size() == last - first) {
      for (size_t i = first; i < last; ++i) {
        known_[pending_[i]] = split_decoding(pending_[i], decoded[i - first]);
      }
    }
  }
  pending_.clear();
}

const EntityDecoder::Match* EntityDecoder::find(std::string_view candidate) const {
  auto it = known_.find(std::string(candidate));
  return it == known_.end() ? nullptr : &it->second;
}

size_t html_numeric_reference(std::string_view s, size_t amp, char32_t& cp) {
  size_t pos = amp + 1;
  if (pos >= s.size() || s[pos] != '#') return 0;
  ++pos;
  bool hex = pos < s.size() && (s[pos] == 'x' || s[pos] == 'X');
  if (hex) ++pos;
  size_t digits_start = pos;
  uint32_t value = 0;
  bool overflow = false;
  for (; pos < s.size(); ++pos) {
    char c = s[pos];
    uint32_t digit;
    if (c >= '0' && c <= '9') {
      digit = static_cast<uint32_t>(c - '0');
    } else if (hex && c >= 'a' && c <= 'f') {
      digit = static_cast<uint32_t>(c - 'a' + 10);
    } else if (hex && c >= 'A' && c <= 'F') {
      digit = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      break;
    }
    value = value * (hex ? 16 : 10) + digit;
    if (value > 0x10FFFF) overflow = true, value = 0x110000;
  }
  if (pos == digits_start) return 0;
  if (pos < s.size() && s[pos] == ';') ++pos;
  // Windows-1252 for 0x80-0x9F, as the HTML standard's numeric reference table.
  static constexpr char16_t kWindows1252[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  if (overflow || value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    cp = kReplacementChar;
  } else if (value >= 0x80 && value <= 0x9F) {
    cp = kWindows1252[value - 0x80];
  } else {
    cp = value;
  }
  return pos - amp;
}

}  // namespace copydesk::detail
