// Maps byte offsets of a derived text (the "out" text) back to the text it was
// derived from (the "in" text). Each pipeline stage that rewrites text (markup
// stripping, folding) records what it did here, so findings on the folded text
// can be mapped back to the caller's original bytes.
//
// The map is sparse: one segment per run of verbatim copying and one per
// replaced, dropped or inserted piece, so plain text costs a single segment.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace copydesk::detail {

class OffsetMap {
 public:
  void clear() {
    segments_.clear();
    out_size_ = 0;
    in_size_ = 0;
  }

  // `n` input bytes at `in_pos` were copied verbatim to the output.
  void copy(uint32_t in_pos, uint32_t n);
  // `in_len` input bytes at `in_pos` became `out_len` output bytes, as one unit.
  void replace(uint32_t in_pos, uint32_t in_len, uint32_t out_len);
  // `in_len` input bytes at `in_pos` produced nothing. `attached` marks bytes that
  // belong to the character before them (a diacritic, tatweel): a span that ends at
  // that character is widened over them when mapped back.
  void drop(uint32_t in_pos, uint32_t in_len, bool attached);
  // `out_len` output bytes with no input behind them (a paragraph break for a tag).
  void insert(uint32_t in_pos, uint32_t out_len) { replace(in_pos, 0, out_len); }
  // Declares the total input size (for offsets at the very end).
  void finish(uint32_t in_size) { in_size_ = in_size; }

  // Input offset where the output byte `out` starts (out may equal out_size()).
  uint32_t to_in_start(uint32_t out) const;
  // Input offset just past the output range ending (exclusively) at `out_end` > 0.
  uint32_t to_in_end(uint32_t out_end) const;

  uint32_t out_size() const { return out_size_; }
  size_t segment_count() const { return segments_.size(); }

 private:
  enum Kind : uint8_t { kCopy, kReplace, kDrop, kDropAttached };
  struct Segment {
    uint32_t out_start;
    uint32_t in_start;
    uint32_t out_len;
    uint32_t in_len;
    Kind kind;
  };
  // Index of the segment with output bytes that contains output byte `out`.
  size_t find(uint32_t out) const;

  std::vector<Segment> segments_;
  uint32_t out_size_ = 0;
  uint32_t in_size_ = 0;
};

}  // namespace copydesk::detail
