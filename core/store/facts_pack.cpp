#include "core/store/facts_pack.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <unordered_map>

#include "core/error.hpp"

namespace tier::store {
namespace {

constexpr std::uint8_t version = facts_pack_version;
constexpr std::uint8_t kind_facts = 0, kind_problem = 1;

enum Flag : std::uint8_t {
  has_response_at = 1,
  has_first_resolved = 2,
  has_resolved_at = 4,
  first_contact = 8,
  has_csat = 16,
  has_rated_at = 32,
};

class Writer {
 public:
  void u8(std::uint8_t v) { body_.push_back(char(v)); }
  void spans(const std::vector<Pause>& v) {
    u32(std::uint32_t(v.size()));
    for (const Pause& p : v) {
      i64(p.from.ms);
      u8(p.to ? 1 : 0);
      if (p.to) i64(p.to->ms);
    }
  }
  void u32(std::uint32_t v) { raw(body_, &v, 4); }
  void i64(std::int64_t v) { raw(body_, &v, 8); }
  // LEB128: seven bits a byte, the high bit set on all but the last.
  void varint(std::uint64_t v) {
    for (; v >= 0x80; v >>= 7) body_.push_back(char((v & 0x7f) | 0x80));
    body_.push_back(char(v));
  }
  void str(std::string_view s) {
    auto [it, fresh] = index_.try_emplace(std::string(s), std::uint32_t(strings_.size()));
    if (fresh) strings_.push_back(s);
    u32(it->second);
  }
  std::string finish(std::uint32_t count) {
    std::string out;
    out.push_back(char(version));
    const auto n = std::uint32_t(strings_.size());
    raw(out, &n, 4);
    for (std::string_view s : strings_) {
      const auto len = std::uint32_t(s.size());
      raw(out, &len, 4);
      out.append(s);
    }
    raw(out, &count, 4);
    out += body_;
    return out;
  }

 private:
  static void raw(std::string& out, const void* p, std::size_t n) {
    static_assert(std::endian::native == std::endian::little, "the pack is little-endian");
    out.append(static_cast<const char*>(p), n);
  }
  std::string body_;
  std::vector<std::string_view> strings_;  // views of index_'s keys, which never move
  std::unordered_map<std::string, std::uint32_t> index_;
};

class Reader {
 public:
  explicit Reader(std::string_view blob) : p_(blob.data()), end_(blob.data() + blob.size()) {}
  std::uint8_t u8() { return std::uint8_t(*take(1)); }
  std::uint32_t u32() {
    std::uint32_t v;
    std::memcpy(&v, take(4), 4);
    return v;
  }
  std::int64_t i64() {
    std::int64_t v;
    std::memcpy(&v, take(8), 8);
    return v;
  }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const std::uint8_t b = u8();
      v |= std::uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    damaged();
  }
  std::string_view bytes(std::size_t n) { return {take(n), n}; }
  bool done() const { return p_ == end_; }

 private:
  const char* take(std::size_t n) {
    if (std::size_t(end_ - p_) < n) damaged();
    const char* at = p_;
    p_ += n;
    return at;
  }
  [[noreturn]] static void damaged() { throw Error(Exit::Failure, "cache: a facts pack is damaged"); }
  const char* p_;
  const char* end_;
};

}  // namespace

std::string encode_pack(const std::vector<PackEntry>& entries) {
  Writer w;
  for (const PackEntry& e : entries) {
    if (e.is_problem) {
      w.u8(kind_problem);
      w.str(e.path);
      w.u32(std::uint32_t(e.line));
      w.str(e.message);
      continue;
    }
    const Facts& f = e.facts;
    w.u8(kind_facts);
    w.str(f.id);
    w.i64(f.created.ms);
    w.u8(std::uint8_t(f.priority));
    w.str(f.intake_group);
    w.str(f.owner);
    w.str(f.organization);
    w.str(f.category);
    w.str(f.first_claimant);
    w.str(f.resolved_by);
    w.str(f.resolved_article);
    const std::uint8_t flags = (f.first_response_at ? has_response_at : 0) |
                               (f.first_resolved_at ? has_first_resolved : 0) | (f.resolved_at ? has_resolved_at : 0) |
                               (f.first_contact ? first_contact : 0) | (f.csat ? has_csat : 0) |
                               (f.rated_at ? has_rated_at : 0);
    w.u8(flags);
    if (f.first_response_at) w.i64(f.first_response_at->ms);
    if (f.first_resolved_at) w.i64(f.first_resolved_at->ms);
    if (f.resolved_at) w.i64(f.resolved_at->ms);
    if (f.csat) w.u32(std::uint32_t(*f.csat));
    if (f.rated_at) w.i64(f.rated_at->ms);
    w.u32(std::uint32_t(f.escalations));
    w.u32(f.tiers_reached);
    w.u32(f.escalated_from);
    w.u32(std::uint32_t(f.handbacks));
    w.u32(std::uint32_t(f.reopens));
    w.i64(f.episode.ms);
    w.spans(f.pauses);
    w.spans(f.done);
    // The actions, most of a pack: varints, each time as the step from the
    // one before (from the creation for the first), zigzag-coded.
    w.varint(f.agents.size());
    for (const std::string& a : f.agents) w.str(a);
    w.varint(f.actions.size());
    std::uint64_t before = std::uint64_t(f.created.ms);
    for (const Action& a : f.actions) {
      w.varint(a.agent);
      const std::uint64_t step = std::uint64_t(a.at.ms) - before;  // modulo 2^64: no overflow
      w.varint((step << 1) ^ (std::uint64_t(0) - (step >> 63)));
      before = std::uint64_t(a.at.ms);
    }
  }
  return w.finish(std::uint32_t(entries.size()));
}

void decode_pack(std::string_view blob, const std::function<void(const PackEntry&)>& fn) {
  Reader r(blob);
  if (r.u8() != version) throw Error(Exit::Failure, "cache: a facts pack has an unknown version");
  const std::uint32_t count = r.u32();
  if (count > blob.size()) throw Error(Exit::Failure, "cache: a facts pack is damaged");
  std::vector<std::string_view> strings;
  strings.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) strings.push_back(r.bytes(r.u32()));
  auto str = [&](std::string& into) {
    const std::uint32_t i = r.u32();
    if (i >= strings.size()) throw Error(Exit::Failure, "cache: a facts pack is damaged");
    into.assign(strings[i]);
  };
  auto spans = [&](std::vector<Pause>& into) {
    const std::uint32_t n = r.u32();
    if (n > blob.size()) throw Error(Exit::Failure, "cache: a facts pack is damaged");
    into.clear();
    for (std::uint32_t j = 0; j < n; ++j) {
      Pause p;
      p.from.ms = r.i64();
      if (r.u8()) p.to = Time{r.i64()};
      into.push_back(p);
    }
  };
  PackEntry e;
  Facts& f = e.facts;
  for (std::uint32_t n = r.u32(), i = 0; i < n; ++i) {
    const std::uint8_t kind = r.u8();
    if (kind == kind_problem) {
      e.is_problem = true;
      str(e.path);
      e.line = int(r.u32());
      str(e.message);
      fn(e);
      continue;
    }
    if (kind != kind_facts) throw Error(Exit::Failure, "cache: a facts pack is damaged");
    e.is_problem = false;
    str(f.id);
    f.created.ms = r.i64();
    const std::uint8_t priority = r.u8();
    if (priority > std::uint8_t(Priority::Urgent)) throw Error(Exit::Failure, "cache: a facts pack is damaged");
    f.priority = Priority(priority);
    str(f.intake_group);
    str(f.owner);
    str(f.organization);
    str(f.category);
    str(f.first_claimant);
    str(f.resolved_by);
    str(f.resolved_article);
    const std::uint8_t flags = r.u8();
    auto time_if = [&](std::uint8_t flag) { return flags & flag ? std::optional<Time>(Time{r.i64()}) : std::nullopt; };
    f.first_response_at = time_if(has_response_at);
    f.first_resolved_at = time_if(has_first_resolved);
    f.resolved_at = time_if(has_resolved_at);
    f.first_contact = (flags & first_contact) != 0;
    f.csat = flags & has_csat ? std::optional<int>(int(r.u32())) : std::nullopt;
    f.rated_at = time_if(has_rated_at);
    f.escalations = int(r.u32());
    f.tiers_reached = r.u32();
    f.escalated_from = r.u32();
    f.handbacks = int(r.u32());
    f.reopens = int(r.u32());
    f.episode.ms = r.i64();
    spans(f.pauses);
    spans(f.done);
    const std::uint64_t agents = r.varint();
    if (agents > blob.size()) throw Error(Exit::Failure, "cache: a facts pack is damaged");
    f.agents.resize(agents);
    for (std::string& a : f.agents) str(a);
    const std::uint64_t actions = r.varint();
    if (actions > blob.size()) throw Error(Exit::Failure, "cache: a facts pack is damaged");
    f.actions.resize(actions);
    std::uint64_t before = std::uint64_t(f.created.ms);
    for (Action& a : f.actions) {
      const std::uint64_t agent = r.varint();
      if (agent >= agents) throw Error(Exit::Failure, "cache: a facts pack is damaged");
      a.agent = std::uint32_t(agent);
      const std::uint64_t zigzag = r.varint();
      before += (zigzag >> 1) ^ (std::uint64_t(0) - (zigzag & 1));
      a.at.ms = std::int64_t(before);
    }
    fn(e);
  }
  if (!r.done()) throw Error(Exit::Failure, "cache: a facts pack is damaged");
}

}  // namespace tier::store
