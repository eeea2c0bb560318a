#include "fold/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "copydesk.h"
#include "util/error.h"
#include "util/utf8.h"

namespace copydesk::detail {
namespace {

// What the fold does with one code point.
enum Kind : uint8_t {
  kKeep,          // unchanged: the input bytes are copied
  kInline,        // one other code point of the same UTF-8 length: mapped byte for byte, as a copy
  kReplace,       // any other output: mapped as one unit (a span inside it maps to all of it)
  kDropAttached,  // removed; belongs to the character before it (harakat, tatweel, accents)
  kDropHidden,    // removed invisible or bidi character (counted when inside a word)
};

struct CodePointFold {
  Kind kind = kKeep;
  std::string out;  // kInline, kReplace
};

// Packed table entry. `data` holds the output bytes when they fit in 4 bytes,
// otherwise an offset into Tables::pool.
struct Entry {
  Kind kind = kKeep;
  uint8_t len = 0;
  uint16_t unused = 0;
  uint32_t data = 0;
};

constexpr std::array<char, 128> kAsciiFold = [] {
  std::array<char, 128> a{};
  for (int c = 0; c < 128; ++c) a[c] = static_cast<char>(c);
  for (int c = 'A'; c <= 'Z'; ++c) a[c] = static_cast<char>(c - 'A' + 'a');
  a['_'] = ' ';   // hashtags: #تنظيم_الدولة reads as words
  a['`'] = '\'';  // used as an apostrophe in transliterated names
  return a;
}();

std::string utf8_of(char32_t cp) {
  std::string s;
  append_utf8(s, cp);
  return s;
}

bool in_range(char32_t cp, char32_t lo, char32_t hi) { return cp >= lo && cp <= hi; }

// Latin letters beyond ASCII, folded through the precomputed Latin table.
bool is_latin_range(char32_t cp) {
  return in_range(cp, 0x00C0, 0x024F) || in_range(cp, 0x1E00, 0x1EFF);
}

// Folds code points one at a time. Used to build the tables and, at run time,
// for code points outside the BMP (which the tables do not cover).
class Classifier {
 public:
  // `latin_ascii` may be null (then æ, ø, ł... keep their simple case folding).
  Classifier(const icu::Normalizer2* nfkc, const icu::Normalizer2* nfd,
             const icu::Transliterator* latin_ascii)
      : nfkc_(nfkc), nfd_(nfd), latin_ascii_(latin_ascii) {}

  CodePointFold classify(char32_t cp, int depth = 0) const {
    if (cp < 0x80) {
      char c = kAsciiFold[cp];
      if (c == static_cast<char>(cp)) return {};
      return {kInline, std::string(1, c)};
    }
    if (CodePointFold hand; hand_rule(cp, hand)) return hand;
    if (depth > 4) return {};
    if (depth == 0) {  // the letter as written, not what case folding made of it
      if (char latin = latin_lookalike(cp)) return to(cp, std::string(1, latin));
    }
    if (is_latin_range(cp) && u_isalpha(static_cast<UChar32>(cp))) return latin(cp, depth);
    return generic(cp, depth);
  }

 private:
  static CodePointFold to(char32_t cp, std::string out) {
    if (out == utf8_of(cp)) return {};
    if (out.empty()) return {kDropAttached, {}};
    UChar32 first = 0;
    int32_t pos = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(out.data()), pos, static_cast<int32_t>(out.size()), first);
    bool one_same_length = static_cast<size_t>(pos) == out.size() && out.size() == utf8_length(cp);
    return {one_same_length ? kInline : kReplace, std::move(out)};
  }

  // The rules written by hand (docs/rules.md): Arabic, punctuation, spaces, invisibles.
  static bool hand_rule(char32_t cp, CodePointFold& r) {
    auto set = [&r](Kind k) {
      r = {k, {}};
      return true;
    };
    auto map_to = [&r, cp](std::string out) {
      r = to(cp, std::move(out));
      return true;
    };
    // Harakat, Quranic marks, dagger alef and tatweel belong to the letter before.
    if (in_range(cp, 0x0610, 0x061A) || in_range(cp, 0x064B, 0x065F) || cp == 0x0670 ||
        in_range(cp, 0x06D6, 0x06DC) || in_range(cp, 0x06DF, 0x06E4) ||
        in_range(cp, 0x06E7, 0x06E8) || in_range(cp, 0x06EA, 0x06ED) || cp == 0x0640)
      return set(kDropAttached);
    // Presentation-form harakat: NFKC would turn them into SPACE + mark and split the word.
    if (in_range(cp, 0xFE70, 0xFE72) || in_range(cp, 0xFE74, 0xFE7F)) return set(kDropAttached);
    // Invisible, zero-width and bidi format characters.
    if (in_range(cp, 0x200B, 0x200F) || in_range(cp, 0x202A, 0x202E) ||
        in_range(cp, 0x2060, 0x2064) || in_range(cp, 0x2066, 0x2069) || cp == 0x061C ||
        cp == 0xFEFF || cp == 0x00AD || cp == 0x034F || cp == 0x180E)
      return set(kDropHidden);
    // Decomposed Latin accents ("e" + U+0301): accents are removed.
    if (in_range(cp, 0x0300, 0x036F) || in_range(cp, 0x1AB0, 0x1AFF) ||
        in_range(cp, 0x1DC0, 0x1DFF))
      return set(kDropAttached);
    if (in_range(cp, 0x0660, 0x0669)) return map_to(std::string(1, static_cast<char>('0' + cp - 0x0660)));
    if (in_range(cp, 0x06F0, 0x06F9)) return map_to(std::string(1, static_cast<char>('0' + cp - 0x06F0)));
    if (in_range(cp, 0x2010, 0x2015)) return map_to("-");
    if (in_range(cp, 0x2000, 0x200A)) return map_to(" ");
    switch (cp) {
      case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
        return map_to(utf8_of(0x0627));  // alef
      case 0x0649: case 0x06CC: case 0x06D2: case 0x06D0:
        return map_to(utf8_of(0x064A));  // yeh
      case 0x0629: case 0x06C0: case 0x06C1: case 0x06BE: case 0x06D5:
        return map_to(utf8_of(0x0647));  // heh
      case 0x06A9: case 0x06AA:
        return map_to(utf8_of(0x0643));  // kaf
      case 0x066B: return map_to(".");
      case 0x066C: return map_to(",");
      case 0x066A: return map_to("%");
      case 0x060C: return map_to(",");
      case 0x061B: return map_to(";");
      case 0x061F: return map_to("?");
      case 0x06D4: return map_to(".");
      case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB:
      case 0x2039: case 0x203A: case 0x2033:
        return map_to("\"");
      case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x02BC: case 0x02BB: case 0x00B4:
        return map_to("'");
      case 0x2212: return map_to("-");
      case 0x00A0: case 0x202F: case 0x205F: case 0x3000: return map_to(" ");
      case 0x2028: case 0x2029: return map_to("\n");
      case 0x2026: return map_to("...");
      default: return false;
    }
  }

  // Folds every code point of `s` (an NFKC or case-folding result) the same way.
  std::string fold_sequence(const icu::UnicodeString& s, int depth) const {
    std::string out;
    for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
      char32_t c = static_cast<char32_t>(s.char32At(i));
      CodePointFold f = classify(c, depth + 1);
      if (f.kind == kKeep) append_utf8(out, c);
      else if (f.kind == kInline || f.kind == kReplace) out += f.out;
    }
    return out;
  }

  // Latin letters: NFKC, full case folding, accents stripped (NFD minus Mn), and
  // letters with no decomposition (æ ø ł đ þ œ) spelled in ASCII by ICU's Latin-ASCII.
  CodePointFold latin(char32_t cp, int depth) const {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString s = nfkc_->normalize(icu::UnicodeString(static_cast<UChar32>(cp)), status);
    s.foldCase(U_FOLD_CASE_DEFAULT);
    s = nfd_->normalize(s, status);
    if (U_FAILURE(status)) return case_fold(cp, depth);
    icu::UnicodeString stripped;
    for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
      UChar32 c = s.char32At(i);
      if (u_charType(c) != U_NON_SPACING_MARK) stripped.append(c);
    }
    auto is_ascii = [](const icu::UnicodeString& u) {
      for (int32_t i = 0; i < u.length(); ++i)
        if (u.charAt(i) >= 0x80) return false;
      return u.length() > 0;
    };
    if (!is_ascii(stripped) && latin_ascii_ != nullptr) {
      latin_ascii_->transliterate(stripped);
      stripped.foldCase(U_FOLD_CASE_DEFAULT);
    }
    if (!is_ascii(stripped)) return case_fold(cp, depth);  // ə, ɛ...: no ASCII spelling
    return to(cp, fold_sequence(stripped, depth));
  }

  CodePointFold generic(char32_t cp, int depth) const {
    // Hangul syllables decompose to jamo and NFKC composes them back: unchanged.
    if (in_range(cp, 0xAC00, 0xD7A3)) return {};
    icu::UnicodeString decomposition;
    if (nfkc_->getDecomposition(static_cast<UChar32>(cp), decomposition)) {
      UErrorCode status = U_ZERO_ERROR;
      icu::UnicodeString self(static_cast<UChar32>(cp));
      icu::UnicodeString nf = nfkc_->normalize(self, status);
      if (U_SUCCESS(status) && nf != self) {
        if (is_spacing_mark(nf)) {
          // SPACE + marks: an Arabic isolated haraka (delete it with the marks) or a
          // Latin spacing accent such as ¨ (a symbol; keep it).
          for (int32_t i = 1; i < nf.length(); ++i)
            if (nf.charAt(i) >= 0x0600 && nf.charAt(i) <= 0x06FF) return {kDropAttached, {}};
          return case_fold(cp, depth);
        }
        return to(cp, fold_sequence(nf, depth));
      }
    }
    return case_fold(cp, depth);
  }

  static bool is_spacing_mark(const icu::UnicodeString& nf) {
    if (nf.length() < 2 || nf.charAt(0) != u' ') return false;
    for (int32_t i = 1; i < nf.length(); i = nf.moveIndex32(i, 1))
      if (u_getCombiningClass(nf.char32At(i)) == 0 && (U_GET_GC_MASK(nf.char32At(i)) & U_GC_M_MASK) == 0)
        return false;
    return true;
  }

  // A Greek or Cyrillic letter drawn like a Latin one folds to that Latin letter, so
  // "ІSIS" with a Cyrillic І, or "Dаesh" with a Cyrillic а, still matches. The pairs
  // come from ICU's UTS #39 confusables: same skeleton as an ASCII letter of the same
  // case (an upper-case letter is compared with A-Z only: "І" looks like "I", not "l").
  // 0 when the letter has no Latin twin.
  char latin_lookalike(char32_t cp) const {
    if (!in_range(cp, 0x0370, 0x052F) || !lookalikes_) return 0;
    bool upper = u_isupper(static_cast<UChar32>(cp));
    const auto& twins = upper ? lookalikes_->upper : lookalikes_->lower;
    auto it = twins.find(skeleton(static_cast<UChar32>(cp)));
    return it == twins.end() ? 0 : it->second;
  }

  struct Lookalikes {
    USpoofChecker* checker = nullptr;
    std::map<std::u16string, char> upper, lower;  // skeleton -> folded ASCII letter
    ~Lookalikes() { uspoof_close(checker); }
  };

  static std::shared_ptr<Lookalikes> build_lookalikes() {
    auto l = std::make_shared<Lookalikes>();
    UErrorCode status = U_ZERO_ERROR;
    l->checker = uspoof_open(&status);
    if (U_FAILURE(status)) return nullptr;  // a trimmed ICU data build: no lookalike folding
    for (char c = 'a'; c <= 'z'; ++c) {
      l->lower.emplace(skeleton_with(l->checker, c), c);
      l->upper.emplace(skeleton_with(l->checker, static_cast<char>(c - 'a' + 'A')), c);
    }
    return l;
  }

  static std::u16string skeleton_with(const USpoofChecker* checker, UChar32 cp) {
    UChar in[2];
    int32_t len = 0;
    UBool error = false;
    U16_APPEND(in, len, 2, cp, error);
    if (error) return {};
    UChar out[32];
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = uspoof_getSkeleton(checker, 0, in, len, out, 32, &status);
    if (U_FAILURE(status)) return {};
    return std::u16string(reinterpret_cast<const char16_t*>(out), static_cast<size_t>(n));
  }
  std::u16string skeleton(UChar32 cp) const { return skeleton_with(lookalikes_->checker, cp); }

  std::shared_ptr<Lookalikes> lookalikes_ = build_lookalikes();

  // Other scripts (Greek, Cyrillic...): ICU simple case folding.
  CodePointFold case_fold(char32_t cp, int depth) const {
    char32_t folded = static_cast<char32_t>(u_foldCase(static_cast<UChar32>(cp), U_FOLD_CASE_DEFAULT));
    if (folded == cp) return {};
    CodePointFold again = classify(folded, depth + 1);
    if (again.kind == kKeep) return to(cp, utf8_of(folded));
    if (again.kind == kInline || again.kind == kReplace) return to(cp, again.out);
    return again;
  }

  const icu::Normalizer2* nfkc_;
  const icu::Normalizer2* nfd_;
  const icu::Transliterator* latin_ascii_;
};

const icu::Normalizer2* nfkc_instance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || n == nullptr)
    throw Error(COPYDESK_E_ERROR, std::string("ICU NFKC normalizer unavailable: ") + u_errorName(status));
  return n;
}

const icu::Normalizer2* nfd_instance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status) || n == nullptr)
    throw Error(COPYDESK_E_ERROR, std::string("ICU NFD normalizer unavailable: ") + u_errorName(status));
  return n;
}

// Shared by every block of U+0800–U+FFFF in which the fold changes nothing.
const std::array<Entry, 256> kUnchangedBlock{};

// The fold of every BMP code point, computed once. U+0000–U+07FF (ASCII, Latin,
// Greek, Cyrillic, Hebrew, Arabic: the two-byte UTF-8 range) is one flat array;
// U+0800–U+FFFF is split in 256-code-point blocks, all-unchanged blocks shared.
struct Tables {
  std::array<Entry, 0x800> low{};
  // For U+0080–U+07FF: the two output bytes of a kInline entry, 0 otherwise. Half
  // the size of `low`, for the hot Arabic path.
  std::array<uint32_t, 0x800> two_byte{};
  std::array<const Entry*, 256> high{};
  std::vector<std::unique_ptr<Entry[]>> owned_blocks;
  std::string pool;

  const Entry& entry(char32_t cp) const {
    return cp < 0x800 ? low[cp] : high[cp >> 8][cp & 0xFF];
  }
  const char* bytes(const Entry& e) const {
    return e.len <= 4 ? reinterpret_cast<const char*>(&e.data) : pool.data() + e.data;
  }
  Entry pack(const CodePointFold& f) {
    Entry e;
    e.kind = f.kind;
    e.len = static_cast<uint8_t>(f.out.size());
    if (f.out.size() <= 4) {
      std::memcpy(&e.data, f.out.data(), f.out.size());
    } else {
      e.data = static_cast<uint32_t>(pool.size());
      pool += f.out;
    }
    return e;
  }
};

Tables build_tables() {
  UErrorCode status = U_ZERO_ERROR;
  // Without Latin-ASCII (a trimmed ICU data build) æ/ø/ł keep their case folding.
  std::unique_ptr<icu::Transliterator> latin_ascii(
      icu::Transliterator::createInstance("Latin-ASCII", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) latin_ascii.reset();
  Classifier classifier(nfkc_instance(), nfd_instance(), latin_ascii.get());

  Tables t;
  for (char32_t cp = 0; cp < 0x800; ++cp) {
    CodePointFold f = classifier.classify(cp);
    // Below U+0800 unchanged characters are stored as kInline with their own bytes
    // (ASCII with its folded byte), so the hot path has a single test.
    if (f.kind == kKeep) f = {kInline, utf8_of(cp)};
    if (cp < 0x80) f = {kInline, std::string(1, kAsciiFold[cp])};
    t.low[cp] = t.pack(f);
    if (cp >= 0x80 && f.kind == kInline) t.two_byte[cp] = t.low[cp].data;
  }
  for (unsigned block = 0; block < 256; ++block) {
    if (block < 0x08 || (block >= 0xD8 && block <= 0xDF)) {  // two-byte range; surrogates
      t.high[block] = kUnchangedBlock.data();
      continue;
    }
    auto entries = std::make_unique<Entry[]>(256);
    bool all_unchanged = true;
    for (unsigned low = 0; low < 256; ++low) {
      entries[low] = t.pack(classifier.classify((block << 8) | low));
      if (entries[low].kind != kKeep) all_unchanged = false;
    }
    if (all_unchanged) {
      t.high[block] = kUnchangedBlock.data();
    } else {
      t.high[block] = entries.get();
      t.owned_blocks.push_back(std::move(entries));
    }
  }
  return t;
}

const Tables& tables() {
  static const Tables t = build_tables();
  return t;
}

// Code points beyond the BMP are rare in news (emoji, mathematical letters):
// folded through ICU directly, without the Latin transliterator.
CodePointFold classify_supplementary(char32_t cp) {
  static const Classifier classifier(nfkc_instance(), nfd_instance(), nullptr);
  return classifier.classify(cp);
}

Kind kind_of(const Tables& t, char32_t cp) {
  if (cp < 0x80) return kKeep;
  if (cp <= 0xFFFF) return t.entry(cp).kind;
  return classify_supplementary(cp).kind;
}

inline bool is_continuation(uint8_t b) { return (b & 0xC0) == 0x80; }

// The single pass. Output is written into a pre-sized buffer; a "copy run" is the
// stretch of input whose output matches it byte for byte in length (unchanged
// text, A→a, أ→ا) and is recorded in the map only when something else interrupts it.
class Folder {
 public:
  Folder(std::string_view in, FoldedText& out, const Tables& t)
      : in_(in), p_(reinterpret_cast<const uint8_t*>(in.data())), n_(in.size()), out_(out), t_(t) {}

  void run() {
    // Every step in the hot paths writes at most as many bytes as it reads, so the
    // buffer only needs to grow on the slow paths (ensure()).
    out_.text.resize(n_ + kSlack);
    o_ = out_.text.data();
    // Locals, not members, in the hot loop: writes through char* may alias members.
    char* o = o_;
    size_t w = 0;
    const uint8_t* p = p_;
    const size_t n = n_;
    const uint32_t* two_byte = t_.two_byte.data();
    size_t i = 0;
    while (i < n) {
      uint8_t b = p[i];
      if (b < 0x80) {
        o[w++] = kAsciiFold[b];
        ++i;
        continue;
      }
      if (b >= 0xC2 && b <= 0xDF && i + 1 < n && is_continuation(p[i + 1])) {
        // A run of two-byte characters (an Arabic word), carried on over single
        // spaces, so the branch predictor sees one exit per run rather than two
        // changes of path per word.
        for (;;) {
          char32_t cp = (static_cast<char32_t>(b & 0x1F) << 6) | (p[i + 1] & 0x3F);
          uint32_t inline_bytes = two_byte[cp];
          if (inline_bytes != 0) {
            std::memcpy(o + w, &inline_bytes, 2);
            w += 2;
          } else {
            w_ = w;
            slow(t_.low[cp], i, 2);
            w = w_;
            o = o_;
          }
          i += 2;
          if (i + 2 >= n) break;
          b = p[i];
          if (b == ' ') {
            uint8_t next = p[i + 1];
            if (next < 0xC2 || next > 0xDF) break;
            o[w++] = ' ';
            ++i;
            b = next;
          }
          if (b < 0xC2 || b > 0xDF || !is_continuation(p[i + 1])) break;
        }
        continue;
      }
      if (b >= 0xE0 && b <= 0xEF && i + 2 < n && is_continuation(p[i + 1]) &&
          is_continuation(p[i + 2])) {
        char32_t cp = (static_cast<char32_t>(b & 0x0F) << 12) |
                      (static_cast<char32_t>(p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
          const Entry& e = t_.high[cp >> 8][cp & 0xFF];
          if (e.kind == kKeep) {
            std::memcpy(o + w, p + i, 3);
            w += 3;
          } else if (e.kind == kInline) {
            std::memcpy(o + w, &e.data, 3);
            w += 3;
          } else {
            w_ = w;
            slow(e, i, 3);
            w = w_;
            o = o_;
          }
          i += 3;
          continue;
        }
      }
      // Four-byte sequences and invalid UTF-8.
      w_ = w;
      Decoded d = decode_utf8(in_, i);
      if (!d.valid) {
        invalid(i, d.len);
      } else {
        supplementary(d.cp, i, d.len);
      }
      w = w_;
      o = o_;
      i += d.len;
    }
    w_ = w;
    flush_run(n_);
    out_.text.resize(w_);
    out_.map.finish(static_cast<uint32_t>(n_));
  }

 private:
  static constexpr size_t kSlack = 16;

  // Records the pending copy run up to input offset `end`.
  void flush_run(size_t end) {
    if (end > run_start_) out_.map.copy(static_cast<uint32_t>(run_start_), static_cast<uint32_t>(end - run_start_));
  }

  // Makes room for writing `out_len` bytes in place of `in_len` input bytes at `i`.
  void ensure(size_t i, size_t in_len, size_t out_len) {
    size_t needed = w_ + out_len + (n_ - i - in_len) + kSlack;
    if (w_ + out_len > UINT32_MAX)
      throw Error(COPYDESK_E_LIMIT, "folded text larger than 4 GiB");
    if (needed > out_.text.size()) {
      out_.text.resize(std::max(needed, out_.text.size() + out_.text.size() / 2));
      o_ = out_.text.data();
    }
  }

  void write_replacement(size_t i, size_t in_len, const char* bytes, size_t len) {
    flush_run(i);
    ensure(i, in_len, len);
    std::memcpy(o_ + w_, bytes, len);
    w_ += len;
    out_.map.replace(static_cast<uint32_t>(i), static_cast<uint32_t>(in_len), static_cast<uint32_t>(len));
    run_start_ = i + in_len;
  }

  void apply(Kind kind, const char* bytes, size_t len, size_t i, size_t in_len) {
    switch (kind) {
      case kKeep:
        std::memcpy(o_ + w_, p_ + i, in_len);
        w_ += in_len;
        return;
      case kInline:
        std::memcpy(o_ + w_, bytes, len);
        w_ += len;
        return;
      case kReplace:
        write_replacement(i, in_len, bytes, len);
        return;
      case kDropAttached:
      case kDropHidden:
        if (kind == kDropHidden && word_before() && word_after(i + in_len)) ++out_.hidden_chars;
        flush_run(i);
        out_.map.drop(static_cast<uint32_t>(i), static_cast<uint32_t>(in_len), kind == kDropAttached);
        run_start_ = i + in_len;
        return;
    }
  }

  void slow(const Entry& e, size_t i, size_t in_len) {
    apply(e.kind, t_.bytes(e), e.len, i, in_len);
  }

  void supplementary(char32_t cp, size_t i, size_t in_len) {
    CodePointFold f = classify_supplementary(cp);
    apply(f.kind, f.out.data(), f.out.size(), i, in_len);
  }

  void invalid(size_t i, size_t len) {
    if (out_.invalid_utf8++ == 0) out_.first_invalid = static_cast<uint32_t>(i);
    static constexpr char kFffd[] = "\xEF\xBF\xBD";
    write_replacement(i, len, kFffd, 3);
  }

  // Is the last code point written a word character?
  bool word_before() const {
    if (w_ == 0) return false;
    size_t j = w_ - 1;
    while (j > 0 && is_continuation(static_cast<uint8_t>(o_[j]))) --j;
    return is_word_char(decode_utf8(std::string_view(o_ + j, w_ - j), 0).cp);
  }

  // Is the next input code point that is not removed a word character? The answer holds
  // for every position of the removed run before that code point, so it is remembered with
  // the run: a run of 40,000 hidden characters is walked once, not once per character.
  bool word_after(size_t pos) {
    if (pos >= after_from_ && pos <= after_to_) return after_word_;
    after_from_ = pos;
    bool word = false;
    while (pos < n_) {
      Decoded d = decode_utf8(in_, pos);
      if (!d.valid) {
        word = true;  // U+FFFD
        break;
      }
      Kind k = kind_of(t_, d.cp);
      if (k != kDropHidden && k != kDropAttached) {
        word = is_word_char(d.cp);
        break;
      }
      pos += d.len;
    }
    after_to_ = pos;
    after_word_ = word;
    return word;
  }

  std::string_view in_;
  const uint8_t* p_;
  size_t n_;
  FoldedText& out_;
  const Tables& t_;
  char* o_ = nullptr;
  size_t w_ = 0;
  size_t run_start_ = 0;
  size_t after_from_ = 1, after_to_ = 0;  // word_after's last walk: [from, to] gave after_word_
  bool after_word_ = false;
};

}  // namespace

void FoldedText::clear() {
  text.clear();
  map.clear();
  invalid_utf8 = 0;
  first_invalid = UINT32_MAX;
  hidden_chars = 0;
}

void fold_text(std::string_view in, FoldedText& out) {
  out.clear();
  if (in.size() >= UINT32_MAX)
    throw Error(COPYDESK_E_LIMIT, "text of " + std::to_string(in.size()) + " bytes is beyond the 4 GiB limit of the fold");
  Folder(in, out, tables()).run();
}

std::string fold_string(std::string_view s) {
  FoldedText folded;
  fold_text(s, folded);
  return std::move(folded.text);
}

std::string fold_pattern(std::string_view regex) {
  std::string out;
  out.reserve(regex.size());
  size_t i = 0;
  while (i < regex.size()) {
    if (static_cast<uint8_t>(regex[i]) < 0x80) {
      out += regex[i++];
      continue;
    }
    size_t end = i;
    while (end < regex.size() && static_cast<uint8_t>(regex[end]) >= 0x80) ++end;
    for (char c : fold_string(regex.substr(i, end - i))) {
      // Folding made it ASCII punctuation: keep it a literal, not an operator.
      if (static_cast<uint8_t>(c) < 0x80 && std::ispunct(static_cast<unsigned char>(c))) out += '\\';
      out += c;
    }
    i = end;
  }
  return out;
}

bool is_word_char(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  if (cp == kReplacementChar) return true;
  uint32_t mask = U_GET_GC_MASK(static_cast<UChar32>(cp));
  return (mask & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0;
}

}  // namespace copydesk::detail
