// Spellings that dodge a word filter, undone for matching (docs/rules.md, "Evasions"):
//
// - a name spelled out letter by letter: four or more single-letter tokens, each pair
//   apart by the same one or two separator characters (`.` `-` `*` `/` `|` `+` `~` `:` `·` `•` or a
//   space): "D.a.e.s.h", "I-S-I-S", "د.ا.ع.ش", "I S I S" read as "daesh", "isis", "داعش";
// - Arabizi, the digits that stand for Arabic letters in Latin chat script, inside a
//   Latin word: 2 and 3 (hamza, ayn) are dropped, 5 reads "kh", 7 reads "h" — between two
//   letters on each side ("da3esh", "al-qa3ida") or at the start of a word of four letters
//   or more ("7amas"). "3eme", "b2b", "covid19" and "5th" stay as they are.
//
// The fold itself has no context (fold.h), so this is a second text derived from the folded
// one, built only when the folded text holds such a spot, and scanned for terms only around
// those spots; its hits map back to exact folded-text offsets (a spelled-out name maps to
// all of its letters and separators). Finding the spots is a byte loop that stops only at a
// separator after a one-letter word or at an Arabizi digit.
#pragma once

#include <cstdint>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

namespace copydesk::detail {

class EvasionText {
 public:
  // Rebuilds from `folded`; empty() when it holds no spot to undo. Linear in its size.
  void build(std::string_view folded);
  bool empty() const { return pieces_.empty(); }
  const std::string& text() const { return text_; }

  // [begin, end) of text() of every undone spot, ascending.
  const std::vector<std::pair<uint32_t, uint32_t>>& undone() const { return undone_; }
  // Does [start, end) of text() touch an undone spot? (Other hits the main scan has.)
  bool touches_undone(uint32_t start, uint32_t end) const;
  // Folded-text offsets of [start, end) of text(), with start < end on token edges.
  uint32_t to_folded_start(uint32_t pos) const;
  uint32_t to_folded_end(uint32_t pos) const;

 private:
  // text_[at, next piece's at) comes from folded [from, to): byte for byte when !undone,
  // as one unit (a spelled-out name, an Arabizi word) when undone.
  struct Piece {
    uint32_t at;
    uint32_t from;
    uint32_t to;
    bool undone;
  };
  size_t piece_of(uint32_t pos) const;  // the last piece with at <= pos
  void copy_up_to(std::string_view folded, uint32_t end);
  void undo(std::string_view folded, uint32_t from, uint32_t to, const std::string& replacement);
  size_t spelled_run(std::string_view folded, size_t i, std::string& scratch);

  std::string text_;
  std::vector<Piece> pieces_;
  std::vector<std::pair<uint32_t, uint32_t>> undone_;
  uint32_t copied_ = 0;   // folded bytes before this are in text_
  uint32_t folded_size_ = 0;
};

}  // namespace copydesk::detail
