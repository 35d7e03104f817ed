#include "formats/gmime.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <string>

#include "core/error.hpp"

namespace tier::formats::gmime {
namespace {

const char* const install_hint = "tier reads and writes mail with GMime 3: install the package libgmime-3.0-0";

// dlerror()'s text without the file name it starts with.
std::string why(const char* file) {
  const char* e = dlerror();
  std::string text = e ? e : "unknown error";
  const std::string prefix = std::string(file) + ": ";
  if (text.compare(0, prefix.size(), prefix) == 0) text.erase(0, prefix.size());
  return text;
}

}  // namespace

Api load(const char* file) {
  // Bound now: a missing symbol is reported here, not as a crash mid-message.
  // Local: nothing loaded later binds to GMime by accident.
  void* handle = dlopen(file, RTLD_NOW | RTLD_LOCAL);
  if (!handle) throw Error(Exit::Failure, "cannot load the mail library '" + std::string(file) + "': " + why(file), install_hint);
  Api g;
  // A handle's lookups cover the library and its dependencies (GLib, GObject).
#define TIER_GMIME_LOOKUP(name)                                                                                  \
  g.name = reinterpret_cast<decltype(g.name)>(dlsym(handle, #name));                                            \
  if (!g.name)                                                                                                   \
    throw Error(Exit::Failure, "the mail library '" + std::string(file) + "' has no function '" #name "'", install_hint);
  TIER_GMIME_FUNCTIONS(TIER_GMIME_LOOKUP)
#undef TIER_GMIME_LOOKUP
  return g;
}

const Api& api() {
  static const Api g = [] {
    Api loaded = load(library);
    loaded.g_mime_init();
    // Never unloaded: the shutdown frees GMime's tables before exit, so that
    // a leak check sees only real leaks.
    static const auto shutdown = loaded.g_mime_shutdown;
    std::atexit([] { shutdown(); });
    return loaded;
  }();
  return g;
}

}  // namespace tier::formats::gmime
