// The small rule pack the C ABI tests compile from a string
// (tests/data/packs/test-pack.toml, shared with the adapter tests).
#pragma once

#include <fstream>
#include <sstream>
#include <string>

inline const std::string& test_pack() {
  static const std::string pack = [] {
    std::ifstream in(COPYDESK_TEST_DATA "/packs/test-pack.toml", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }();
  return pack;
}
