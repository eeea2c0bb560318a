#include "util/offset_map.h"

#include <algorithm>

namespace copydesk::detail {

void OffsetMap::copy(uint32_t in_pos, uint32_t n) {
  if (n == 0) return;
  if (!segments_.empty()) {
    Segment& last = segments_.back();
    if (last.kind == kCopy && last.in_start + last.in_len == in_pos &&
        last.out_start + last.out_len == out_size_) {
      last.in_len += n;
      last.out_len += n;
      out_size_ += n;
      return;
    }
  }
  segments_.push_back({out_size_, in_pos, n, n, kCopy});
  out_size_ += n;
}

void OffsetMap::replace(uint32_t in_pos, uint32_t in_len, uint32_t out_len) {
  if (out_len == 0) {
    drop(in_pos, in_len, false);
    return;
  }
  segments_.push_back({out_size_, in_pos, out_len, in_len, kReplace});
  out_size_ += out_len;
}

void OffsetMap::drop(uint32_t in_pos, uint32_t in_len, bool attached) {
  if (in_len == 0) return;
  Kind kind = attached ? kDropAttached : kDrop;
  if (!segments_.empty()) {
    Segment& last = segments_.back();
    if (last.kind == kind && last.in_start + last.in_len == in_pos) {
      last.in_len += in_len;
      return;
    }
  }
  segments_.push_back({out_size_, in_pos, 0, in_len, kind});
}

size_t OffsetMap::find(uint32_t out) const {
  // Last segment whose out_start <= out and that has output bytes.
  auto it = std::upper_bound(segments_.begin(), segments_.end(), out,
                             [](uint32_t o, const Segment& s) { return o < s.out_start; });
  size_t i = static_cast<size_t>(it - segments_.begin());
  while (i > 0) {
    --i;
    if (segments_[i].out_len > 0) return i;
  }
  return segments_.size();
}

uint32_t OffsetMap::to_in_start(uint32_t out) const {
  if (out >= out_size_) return in_size_;
  size_t i = find(out);
  if (i == segments_.size()) return 0;
  const Segment& s = segments_[i];
  return s.kind == kCopy ? s.in_start + (out - s.out_start) : s.in_start;
}

uint32_t OffsetMap::to_in_end(uint32_t out_end) const {
  if (out_end == 0) return to_in_start(0);
  size_t i = find(out_end - 1);
  if (i == segments_.size()) return 0;
  const Segment& s = segments_[i];
  uint32_t end = s.kind == kCopy ? s.in_start + (out_end - s.out_start) : s.in_start + s.in_len;
  if (s.kind == kCopy && out_end < s.out_start + s.out_len) return end;
  // Widen over marks that belong to the last character.
  for (size_t j = i + 1; j < segments_.size(); ++j) {
    const Segment& d = segments_[j];
    if (d.out_len != 0 || d.in_start != end || d.kind != kDropAttached) break;
    end += d.in_len;
  }
  return end;
}

}  // namespace copydesk::detail
