#include "core/store/fts_words.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/search.hpp"

namespace tier::store {
namespace {

// A run longer than this is cut into joined words of this many parts: a
// dotted line of a log ("a.b.c.d...") stays a few words, not one huge one.
constexpr std::size_t max_parts = 16;

struct Words {
  fts5_tokenizer parent{};
  Fts5Tokenizer* inner = nullptr;
};

struct Part {
  std::string token;
  int start = 0, end = 0;
};

// One call of xTokenize: the parts of the word being joined, and where to
// send the words.
struct Run {
  std::string_view text;
  int flags = 0;
  void* ctx = nullptr;
  int (*emit)(void*, int, const char*, int, int, int) = nullptr;
  std::vector<Part> parts;
  std::string joined;

  int flush() {
    int rc = SQLITE_OK;
    if (parts.size() == 1) {
      rc = emit(ctx, 0, parts[0].token.data(), int(parts[0].token.size()), parts[0].start, parts[0].end);
    } else if (!parts.empty()) {
      joined.clear();
      for (const auto& p : parts) joined += p.token;
      rc = emit(ctx, 0, joined.data(), int(joined.size()), parts.front().start, parts.back().end);
      if ((flags & FTS5_TOKENIZE_QUERY) == 0)
        for (const auto& p : parts) {
          if (rc != SQLITE_OK) break;
          rc = emit(ctx, FTS5_TOKEN_COLOCATED, p.token.data(), int(p.token.size()), p.start, p.end);
        }
    }
    parts.clear();
    return rc;
  }

  // Whether the text after a word could join it to the next: only a mark
  // that joins_words() accepts can ('-', '\'', '.', or U+2010, U+2011 and
  // U+2019, which start with 0xE2 in UTF-8).
  bool may_join_next(int end) const {
    if (end < 0 || std::size_t(end) >= text.size()) return false;
    const char c = text[std::size_t(end)];
    return c == '-' || c == '\'' || c == '.' || c == '\xE2';
  }

  int token(const char* token, int size, int start, int end) {
    if (!parts.empty()) {
      const int from = parts.back().end;
      const bool joins = parts.size() < max_parts && from <= start &&
                         joins_words(text.substr(std::size_t(from), std::size_t(start - from)));
      if (!joins)
        if (int rc = flush(); rc != SQLITE_OK) return rc;
    }
    // Most words stand alone: passed on as they come, without a copy.
    if (parts.empty() && !may_join_next(end)) return emit(ctx, 0, token, size, start, end);
    parts.push_back(Part{std::string(token, std::size_t(size)), start, end});
    return SQLITE_OK;
  }
};

int on_token(void* ctx, int /*tflags*/, const char* token, int size, int start, int end) {
  return static_cast<Run*>(ctx)->token(token, size, start, end);
}

int create(void* api_ptr, const char** /*args*/, int /*n*/, Fts5Tokenizer** out) {
  auto* api = static_cast<fts5_api*>(api_ptr);
  auto* w = new Words;
  void* user = nullptr;
  int rc = api->xFindTokenizer(api, "unicode61", &user, &w->parent);
  const char* args[] = {"remove_diacritics", "2"};
  if (rc == SQLITE_OK) rc = w->parent.xCreate(user, args, 2, &w->inner);
  if (rc != SQLITE_OK) {
    delete w;
    return rc;
  }
  *out = reinterpret_cast<Fts5Tokenizer*>(w);
  return SQLITE_OK;
}

void destroy(Fts5Tokenizer* t) {
  auto* w = reinterpret_cast<Words*>(t);
  if (w->inner) w->parent.xDelete(w->inner);
  delete w;
}

int tokenize(Fts5Tokenizer* t, void* ctx, int flags, const char* text, int size,
             int (*emit)(void*, int, const char*, int, int, int)) {
  auto* w = reinterpret_cast<Words*>(t);
  Run run;
  run.text = std::string_view(text ? text : "", text ? std::size_t(size) : 0);
  run.flags = flags;
  run.ctx = ctx;
  run.emit = emit;
  const int rc = w->parent.xTokenize(w->inner, &run, flags, text, size, on_token);
  if (rc != SQLITE_OK) return rc;
  return run.flush();
}

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  return api;
}

}  // namespace

void register_fts_words(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (!api) throw Error(Exit::Failure, "this SQLite has no FTS5, which search needs");
  fts5_tokenizer words{create, destroy, tokenize};
  if (api->xCreateTokenizer(api, "tier_words", api, &words, nullptr) != SQLITE_OK)
    throw Error(Exit::Failure, std::string("cannot add the search tokenizer: ") + sqlite3_errmsg(db));
}

}  // namespace tier::store
