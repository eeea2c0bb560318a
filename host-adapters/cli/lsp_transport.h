// LSP's base protocol: each message is a header ("Content-Length: N", CRLF-terminated lines,
// a blank line) and N bytes of JSON. The reader survives whatever arrives: garbage lines,
// missing or bad lengths, endless lines and oversized bodies are reported, memory stays
// bounded, and reading goes on with the next message. The writer frames and writes from
// its own thread, in the order messages were queued.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace copydesk::cli {

class MessageReader {
 public:
  MessageReader(int fd, std::size_t max_body);

  enum class Kind {
    kMessage,     // `body` holds one message; `problem` may note garbage skipped before it
    kBadFraming,  // a header without a usable Content-Length; `problem` says why
    kTooLarge,    // the body was longer than max_body and was skipped; `problem` says so
    kEnd,         // end of input (`problem` set when it came in the middle of a message)
  };
  struct Result {
    Kind kind = Kind::kEnd;
    std::string body;
    std::string problem;
  };
  Result next();

  static constexpr std::size_t kMaxHeaderLine = 8192;
  static constexpr std::size_t kMaxHeaderLines = 64;

 private:
  enum class Line { kOk, kTooLong, kEnd };
  Line read_line(std::string& line);
  bool read_body(std::size_t n, std::string& out);  // false: input ended first
  bool skip(std::size_t n);
  bool fill();

  int fd_;
  std::size_t max_body_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0, end_ = 0;
};

class MessageWriter {
 public:
  explicit MessageWriter(int fd);
  ~MessageWriter();
  MessageWriter(const MessageWriter&) = delete;
  MessageWriter& operator=(const MessageWriter&) = delete;

  // Queues one message (its JSON text); any thread.
  void send(std::string json);
  // Writes everything queued, then stops. Messages sent afterwards are dropped.
  void finish();

 private:
  void run();
  int fd_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace copydesk::cli
