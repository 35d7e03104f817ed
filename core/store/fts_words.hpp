#pragma once

#include <sqlite3.h>

namespace tier::store {

/// Registers the FTS5 tokenizer `tier_words` on a connection: unicode61
/// with remove_diacritics 2 (lower case, no accents), whose words are joined
/// where one mark of joins_words() (core/search.hpp) stands between them:
/// "Wi-Fi" is the word "wifi". In a document the parts are kept too, at the
/// same place ("wi", "fi"), so that a search for a part still finds it; a
/// query reads the joined word alone. Tables name it under porter:
/// `tokenize='porter tier_words'`. Throws Error(Exit::Failure) when the
/// connection has no FTS5.
void register_fts_words(sqlite3* db);

}  // namespace tier::store
