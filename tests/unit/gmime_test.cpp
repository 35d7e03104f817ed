#include "formats/gmime.hpp"

#include <string>

#include "core/error.hpp"
#include "support.hpp"

namespace tier {

TEST_CASE("gmime: a library that cannot be loaded is an error naming it") {
  try {
    (void)formats::gmime::load("libgmime-0.0.so.404");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::Failure);
    CHECK(std::string(e.what()) ==
          "cannot load the mail library 'libgmime-0.0.so.404': cannot open shared object file: No such file or directory");
    CHECK(e.hint() == "tier reads and writes mail with GMime 3: install the package libgmime-3.0-0");
  }
}

TEST_CASE("gmime: a library without GMime's functions is an error naming the first one missing") {
  try {
    (void)formats::gmime::load("libc.so.6");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::Failure);
    CHECK(std::string(e.what()) == "the mail library 'libc.so.6' has no function 'g_mime_init'");
  }
}

TEST_CASE("gmime: the library loads, with every function") {
  const formats::gmime::Api& g = formats::gmime::api();
  CHECK((g.g_mime_init != nullptr));
  CHECK((g.internet_address_set_charset != nullptr));
  CHECK(formats::gmime::is_a(g, nullptr, g.g_mime_text_part_get_type()) == false);
}

}  // namespace tier
