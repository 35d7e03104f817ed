#pragma once

#include <dlfcn.h>

namespace tier::store {

/// The function `name` of a library loaded with dlopen (nullptr when the
/// library is not loaded or has no such function), typed as `F`: the type of
/// the function that stands in for it (core/store/gssapi.cpp, ssh2.cpp).
template <class F>
F* library_function(void* library, const char* name, F*) {
  return library ? reinterpret_cast<F*>(dlsym(library, name)) : nullptr;
}

}  // namespace tier::store
