#include "lsp_transport.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

namespace copydesk::cli {

namespace {

constexpr std::size_t kReadChunk = 1 << 16;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A bounded, printable excerpt of a bad header line for messages.
std::string excerpt(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 40)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? '?' : c;
  if (s.size() > 40) out += "...";
  return out;
}

void note(std::string& problem, const std::string& what) {
  if (!problem.empty()) problem += "; ";
  problem += what;
}

}  // namespace

MessageReader::MessageReader(int fd, std::size_t max_body) : fd_(fd), max_body_(max_body), buffer_(kReadChunk) {}

bool MessageReader::fill() {
  if (begin_ == end_) begin_ = end_ = 0;
  if (end_ == buffer_.size()) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  while (true) {
    ssize_t n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    end_ += static_cast<std::size_t>(n);
    return true;
  }
}

MessageReader::Line MessageReader::read_line(std::string& line) {
  line.clear();
  bool too_long = false;
  while (true) {
    const char* start = buffer_.data() + begin_;
    const char* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
    const std::size_t take = nl ? static_cast<std::size_t>(nl - start) : end_ - begin_;
    if (!too_long) {
      if (line.size() + take > kMaxHeaderLine) {
        too_long = true;
        line.clear();
      } else {
        line.append(start, take);
      }
    }
    begin_ += take;
    if (nl) {
      ++begin_;
      if (too_long) return Line::kTooLong;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return Line::kOk;
    }
    if (!fill()) return Line::kEnd;
  }
}

bool MessageReader::read_body(std::size_t n, std::string& out) {
  out.clear();
  out.reserve(n);
  while (out.size() < n) {
    if (begin_ == end_ && !fill()) return false;
    const std::size_t take = std::min(n - out.size(), end_ - begin_);
    out.append(buffer_.data() + begin_, take);
    begin_ += take;
  }
  return true;
}

bool MessageReader::skip(std::size_t n) {
  while (n > 0) {
    if (begin_ == end_ && !fill()) return false;
    const std::size_t take = std::min(n, end_ - begin_);
    begin_ += take;
    n -= take;
  }
  return true;
}

MessageReader::Result MessageReader::next() {
  Result result;
  std::string line;
  bool have_length = false, bad_length = false;
  std::size_t length = 0, lines = 0;
  while (true) {
    const Line got = read_line(line);
    if (got == Line::kEnd) {
      result.kind = Kind::kEnd;
      if (lines || !line.empty()) result.problem = "input ended inside a message header";
      return result;
    }
    if (got == Line::kTooLong) {
      note(result.problem, "a header line longer than " + std::to_string(kMaxHeaderLine) + " bytes");
      ++lines;
      continue;
    }
    if (line.empty()) {
      if (lines == 0) continue;  // blank lines between messages
      break;
    }
    if (++lines > kMaxHeaderLines) {
      if (lines == kMaxHeaderLines + 1) note(result.problem, "more than " + std::to_string(kMaxHeaderLines) + " header lines");
      continue;
    }
    std::string_view text = line;
    // A body sent without a header runs into the next header's first line: read that header.
    const std::size_t at = lower(text).find("content-length:");
    if (at != std::string_view::npos && at > 0) {
      note(result.problem, "skipped " + std::to_string(at) + " bytes that were not a header ('" +
                               excerpt(text.substr(0, at)) + "')");
      text.remove_prefix(at);
    }
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      note(result.problem, "not a header: '" + excerpt(text) + "'");
      continue;
    }
    const std::string name = lower(trim(text.substr(0, colon)));
    const std::string_view value = trim(text.substr(colon + 1));
    if (name == "content-length") {
      const bool digits = !value.empty() && value.size() <= 18 &&
                          std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
      const std::size_t n = digits ? std::stoull(std::string(value)) : 0;
      if (!digits) {
        note(result.problem, "bad Content-Length '" + excerpt(value) + "'");
        bad_length = true;
      } else if (have_length && n != length) {
        note(result.problem, "two different Content-Length headers");
        bad_length = true;
      }
      have_length = true;
      length = n;
    } else if (name == "content-type") {
      const std::string type = lower(value);
      const std::size_t charset = type.find("charset=");
      if (charset != std::string::npos) {
        std::string_view cs = std::string_view(type).substr(charset + 8);
        cs = cs.substr(0, cs.find(';'));
        if (trim(cs) != "utf-8" && trim(cs) != "utf8")
          note(result.problem, "unsupported charset '" + excerpt(cs) + "' (only utf-8)");
      }
    }
    // Other headers are allowed and ignored.
  }
  if (!have_length || bad_length) {
    result.kind = Kind::kBadFraming;
    if (!have_length) note(result.problem, "a message header without Content-Length");
    return result;
  }
  if (length > max_body_) {
    result.kind = Kind::kTooLarge;
    note(result.problem, "a message of " + std::to_string(length) + " bytes, more than the " +
                             std::to_string(max_body_) + "-byte limit, was skipped");
    if (!skip(length)) {
      result.kind = Kind::kEnd;
      note(result.problem, "input ended inside a message body");
    }
    return result;
  }
  if (!read_body(length, result.body)) {
    result.kind = Kind::kEnd;
    note(result.problem, "input ended inside a message body");
    return result;
  }
  result.kind = Kind::kMessage;
  return result;
}

MessageWriter::MessageWriter(int fd) : fd_(fd), thread_([this] { run(); }) {}

MessageWriter::~MessageWriter() { finish(); }

void MessageWriter::send(std::string json) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    queue_.push_back(std::move(json));
  }
  ready_.notify_one();
}

void MessageWriter::finish() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void MessageWriter::run() {
  bool broken = false;  // the client closed its end: drop the rest
  while (true) {
    std::string json;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      json = std::move(queue_.front());
      queue_.pop_front();
    }
    if (broken) continue;
    std::string frame = "Content-Length: " + std::to_string(json.size()) + "\r\n\r\n";
    frame += json;
    std::size_t written = 0;
    while (written < frame.size()) {
      ssize_t n = ::write(fd_, frame.data() + written, frame.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        broken = true;
        break;
      }
      written += static_cast<std::size_t>(n);
    }
  }
}

}  // namespace copydesk::cli
