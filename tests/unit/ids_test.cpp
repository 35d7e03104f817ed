#include "core/ids.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include <doctest/doctest.h>

using namespace tier;

TEST_CASE("ids: make_id takes 8 Crockford characters from the low 40 bits") {
  CHECK(make_id("T", 0) == "T-00000000");
  CHECK(make_id("T", 1) == "T-00000001");
  CHECK(make_id("T", 31) == "T-0000000z");
  CHECK(make_id("T", 32) == "T-00000010");
  CHECK(make_id("T", (std::uint64_t{1} << 40) - 1) == "T-zzzzzzzz");
  CHECK(make_id("T", 0x3cc544dfaa) == "T-7k2m9qxa");
  CHECK(make_id("HD", 0x3cc544dfaa) == "HD-7k2m9qxa");

  // Bits above the 40th do not matter; the same bits give the same id.
  CHECK(make_id("T", 0x3cc544dfaa | (std::uint64_t{0xabcdef} << 40)) == "T-7k2m9qxa");
  CHECK(make_id("T", ~std::uint64_t{0}) == "T-zzzzzzzz");
  CHECK(make_id("T", 123456789) == make_id("T", 123456789));

  std::set<std::string> ids;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const std::string id = make_id("T", i * 0x9e3779b97f4a7c15ULL);
    CHECK(is_valid_id(id, "T"));
    ids.insert(id);
  }
  CHECK(ids.size() == 1000);
}

TEST_CASE("ids: is_valid_id") {
  CHECK(is_valid_id("T-7k2m9qxa", "T"));
  CHECK(is_valid_id("HD2-00000000", "HD2"));
  CHECK(is_valid_id("T-zzzzzzzz", "T"));

  CHECK_FALSE(is_valid_id("", "T"));
  CHECK_FALSE(is_valid_id("T-7k2m9qx", "T"));     // too short
  CHECK_FALSE(is_valid_id("T-7k2m9qxab", "T"));   // too long
  CHECK_FALSE(is_valid_id("X-7k2m9qxa", "T"));    // another prefix
  CHECK_FALSE(is_valid_id("t-7k2m9qxa", "T"));    // the prefix's case
  CHECK_FALSE(is_valid_id("T_7k2m9qxa", "T"));    // no dash
  CHECK_FALSE(is_valid_id("T7k2m9qxa0", "T"));
  CHECK_FALSE(is_valid_id("T-7K2M9QXA", "T"));    // the body is lower-case
  CHECK_FALSE(is_valid_id("T-7k2m9qxi", "T"));    // not in Crockford's alphabet
  CHECK_FALSE(is_valid_id("T-7k2m9qxl", "T"));
  CHECK_FALSE(is_valid_id("T-7k2m9qxo", "T"));
  CHECK_FALSE(is_valid_id("T-7k2m9qxu", "T"));
  CHECK_FALSE(is_valid_id("T-7k2m-qxa", "T"));
  CHECK_FALSE(is_valid_id("HD-7k2m9qxa", "T"));
  CHECK_FALSE(is_valid_id("T-7k2m9qxa", "HD"));
}

TEST_CASE("ids: id_body reads what a user typed") {
  using B = std::optional<std::string>;
  // The prefix is stripped, in either case.
  CHECK(id_body("T-7k2m9qxa", "T") == B{"7k2m9qxa"});
  CHECK(id_body("t-7k2m9qxa", "T") == B{"7k2m9qxa"});
  CHECK(id_body("T-7k2m", "T") == B{"7k2m"});
  CHECK(id_body("hd-7k2m", "HD") == B{"7k2m"});
  CHECK(id_body("Hd-7k2m", "HD") == B{"7k2m"});
  // A bare body, any case.
  CHECK(id_body("7k2m", "T") == B{"7k2m"});
  CHECK(id_body("7K2M9QXA", "T") == B{"7k2m9qxa"});
  // Crockford's readings: i and l are 1, o is 0.
  CHECK(id_body("7kim", "T") == B{"7k1m"});
  CHECK(id_body("7kLm", "T") == B{"7k1m"});
  CHECK(id_body("O0oo", "T") == B{"0000"});
  CHECK(id_body("T-ILOo", "T") == B{"1100"});
  // Too long, empty, or not Crockford.
  CHECK(id_body("7k2m9qxab", "T") == std::nullopt);
  CHECK(id_body("T-7k2m9qxab", "T") == std::nullopt);
  CHECK(id_body("", "T") == std::nullopt);
  CHECK(id_body("T-", "T") == std::nullopt);
  CHECK(id_body("7k2u", "T") == std::nullopt);
  CHECK(id_body("7k 2m", "T") == std::nullopt);
  CHECK(id_body("7k-2m", "T") == std::nullopt);
  CHECK(id_body("X-7k2m", "T") == std::nullopt);   // another prefix is not stripped
  CHECK(id_body("HD-7k2m", "T") == std::nullopt);
  CHECK(id_body("T-7k2m", "HD") == std::nullopt);
  CHECK(id_body("7k2m!", "T") == std::nullopt);
  // A whole id made by make_id reads back as its body.
  CHECK(id_body(make_id("T", 0x3cc544dfaa), "T") == B{"7k2m9qxa"});
}
