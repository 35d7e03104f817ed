#include "core/ids.hpp"

namespace tier {

std::string make_id(std::string_view prefix, std::uint64_t random) {
  std::string id(prefix);
  id += '-';
  for (std::size_t i = 0; i < id_body_length; ++i) {
    id += crockford_alphabet[(random >> (35 - 5 * i)) & 31];
  }
  return id;
}

bool is_valid_id(std::string_view id, std::string_view prefix) {
  if (id.size() != prefix.size() + 1 + id_body_length) return false;
  if (id.substr(0, prefix.size()) != prefix || id[prefix.size()] != '-') return false;
  for (char c : id.substr(prefix.size() + 1))
    if (crockford_alphabet.find(c) == std::string_view::npos) return false;
  return true;
}

std::optional<std::string> id_body(std::string_view input, std::string_view prefix) {
  if (input.size() > prefix.size() && input[prefix.size()] == '-') {
    bool same = true;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      char c = input[i];
      if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
      if (c != prefix[i]) same = false;
    }
    if (same) input.remove_prefix(prefix.size() + 1);
  }
  if (input.empty() || input.size() > id_body_length) return std::nullopt;
  std::string body;
  for (char c : input) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (c == 'i' || c == 'l') c = '1';
    if (c == 'o') c = '0';
    if (crockford_alphabet.find(c) == std::string_view::npos) return std::nullopt;
    body += c;
  }
  return body;
}

}  // namespace tier
