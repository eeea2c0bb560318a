// file:// URIs and paths, both ways (SARIF locations, LSP document URIs).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace copydesk::cli {

// A relative path as a URI reference; an absolute one as a file:// URI. Every byte but
// unreserved characters and '/' is percent-encoded.
std::string path_to_uri(const std::string& path);

// The path of a file:// URI ("file:///a%20b" and "file://localhost/a%20b" -> "/a b");
// nullopt for another scheme, a remote host, a bad percent escape or an encoded NUL.
std::optional<std::string> uri_to_path(std::string_view uri);

}  // namespace copydesk::cli
