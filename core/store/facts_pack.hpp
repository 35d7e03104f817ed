#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics.hpp"

/// The facts of one fan-out directory of tickets (tickets/XX/), kept by the
/// cache as a single blob, so that a report over every ticket reads a
/// thousand blobs rather than a hundred thousand rows. Pure.
///
/// Layout (integers little-endian): a version byte; a string table (u32
/// count, then each as u32 length and bytes); u32 entry count, then each
/// entry: a kind byte, 1 for a problem (u32 path, u32 line, u32 message, the
/// strings as indexes into the table) or 0 for facts (every member of Facts,
/// its strings as indexes, its optionals behind a flags byte, its lists as a
/// u32 count and the items; the agents' entries as LEB128 varints, each
/// time the zigzag-coded step from the one before).
namespace tier::store {

/// The layout's version, the blob's first byte. A cache made with another
/// starts again (core/store/cache.cpp), so change it with the layout.
inline constexpr std::uint8_t facts_pack_version = 5;

/// One file of the directory: the facts of its ticket, or the problem that
/// kept them out (a file that cannot be read whole).
struct PackEntry {
  bool is_problem = false;
  std::string path;     ///< problems only: a ticket's path is ticket_path(facts.id)
  int line = 0;         ///< problems only
  std::string message;  ///< problems only
  Facts facts;          ///< tickets only
};

/// The blob of `entries`, in their order.
std::string encode_pack(const std::vector<PackEntry>& entries);

/// Calls `fn` with each entry of `blob`, in a PackEntry it may not keep (one
/// object takes entry after entry). Throws Error when the blob is not one
/// encode_pack() wrote.
void decode_pack(std::string_view blob, const std::function<void(const PackEntry&)>& fn);

}  // namespace tier::store
