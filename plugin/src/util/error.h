// The internal error type. Engine code throws copydesk::Error; the C ABI layer
// (capi.cpp) turns it into a status code plus the thread-local message.
#pragma once

#include <stdexcept>
#include <string>

namespace copydesk {

class Error : public std::runtime_error {
 public:
  Error(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

}  // namespace copydesk
