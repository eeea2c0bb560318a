// Line starts of a file, for "which line is this byte on" and "show me that line".
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace copydesk::cli {

class LineIndex {
 public:
  explicit LineIndex(std::string_view content) : content_(content) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < content.size(); ++i)
      if (content[i] == '\n') starts_.push_back(i + 1);
  }
  // 1-based line holding byte `offset`.
  std::uint32_t line_of(std::size_t offset) const {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    return static_cast<std::uint32_t>(it - starts_.begin());
  }
  std::size_t line_start(std::uint32_t line) const { return starts_[line - 1]; }
  // Line `line` (1-based) without its "\n" or "\r\n".
  std::string_view line_text(std::uint32_t line) const {
    if (line == 0 || line > starts_.size()) return {};
    std::size_t begin = starts_[line - 1];
    std::size_t end = line < starts_.size() ? starts_[line] - 1 : content_.size();
    if (end > begin && content_[end - 1] == '\r') --end;
    return content_.substr(begin, end - begin);
  }
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(starts_.size()); }

 private:
  std::string_view content_;
  std::vector<std::size_t> starts_;
};

}  // namespace copydesk::cli
