#include "formats/kb_markdown.hpp"

#include <cmark.h>

#include <memory>
#include <vector>

#include "core/error.hpp"

namespace tier::formats {
namespace {

struct NodeFree {
  void operator()(cmark_node* n) const noexcept { cmark_node_free(n); }
};
using Node = std::unique_ptr<cmark_node, NodeFree>;

struct IterFree {
  void operator()(cmark_iter* i) const noexcept { cmark_iter_free(i); }
};

// A string cmark allocated, freed with its allocator.
struct CmarkFree {
  void operator()(char* p) const noexcept { cmark_get_default_mem_allocator()->free(p); }
};

// A text node holding `literal`.
cmark_node* text_node(const char* literal) {
  cmark_node* t = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(t, literal ? literal : "");
  return t;
}

// Raw HTML becomes the text it is: inline HTML a text node, an HTML block
// a paragraph of its text. cmark then escapes it like any other text.
void escape_raw_html(cmark_node* doc) {
  std::vector<cmark_node*> raw;
  {
    std::unique_ptr<cmark_iter, IterFree> it(cmark_iter_new(doc));
    for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
      cmark_node* n = cmark_iter_get_node(it.get());
      const cmark_node_type type = cmark_node_get_type(n);
      if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_HTML_BLOCK))
        raw.push_back(n);
    }
  }
  for (cmark_node* n : raw) {
    cmark_node* replacement = nullptr;
    if (cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE) {
      replacement = text_node(cmark_node_get_literal(n));
    } else {
      std::string literal = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
      while (!literal.empty() && literal.back() == '\n') literal.pop_back();
      replacement = cmark_node_new(CMARK_NODE_PARAGRAPH);
      // Its lines stay lines: a soft break between each.
      std::size_t start = 0;
      while (start <= literal.size()) {
        std::size_t end = literal.find('\n', start);
        if (end == std::string::npos) end = literal.size();
        if (start > 0) cmark_node_append_child(replacement, cmark_node_new(CMARK_NODE_SOFTBREAK));
        cmark_node_append_child(replacement, text_node(literal.substr(start, end - start).c_str()));
        start = end + 1;
      }
    }
    cmark_node_replace(n, replacement);
    cmark_node_free(n);
  }
}

bool is_block(cmark_node_type t) {
  return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_CODE_BLOCK ||
         t == CMARK_NODE_ITEM || t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_THEMATIC_BREAK;
}

// The words of the document: text, code and code blocks; a space for a line
// break, a newline after a block.
std::string plain_text(cmark_node* doc) {
  std::string out;
  std::unique_ptr<cmark_iter, IterFree> it(cmark_iter_new(doc));
  for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(it.get());
    const cmark_node_type type = cmark_node_get_type(n);
    if (ev == CMARK_EVENT_ENTER) {
      if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK) {
        if (const char* lit = cmark_node_get_literal(n)) out += lit;
      } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
        out += ' ';
      }
    }
    if ((ev == CMARK_EVENT_EXIT || type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_THEMATIC_BREAK) &&
        is_block(type) && !out.empty() && out.back() != '\n')
      out += '\n';
  }
  return out;
}

}  // namespace

Rendered render_markdown(std::string_view markdown) {
  // CMARK_OPT_UNSAFE is not set: cmark's safe mode drops dangerous URLs.
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
  Node doc(cmark_parse_document(markdown.data(), markdown.size(), options));
  if (!doc) throw Error(Exit::Failure, "cannot parse the article's Markdown");
  escape_raw_html(doc.get());
  Rendered out;
  std::unique_ptr<char, CmarkFree> html(cmark_render_html(doc.get(), options));
  if (!html) throw Error(Exit::Failure, "cannot render the article's Markdown");
  out.html = html.get();
  out.text = plain_text(doc.get());
  return out;
}

}  // namespace tier::formats
