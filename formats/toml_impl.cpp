// toml++'s implementation, compiled once here and linked into tier, in
// place of Debian's libtomlplusplus.so (see CMakeLists.txt): one shared
// library fewer to load and relocate at every start.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
