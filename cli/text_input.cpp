#include "cli/text_input.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/error.hpp"
#include "core/text.hpp"

namespace tier::cli {
namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && s[start] == '\n') ++start;
  return s.substr(start);
}

// A text past this is refused unread: far over any [limits] text.
constexpr std::size_t max_input = 64u << 20;

std::string slurp(std::istream& in) {
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, std::size_t(in.gcount()));
    if (text.size() > max_input)
      throw Error(Exit::Usage, "the text is over " + std::to_string(max_input >> 20) + " MiB; nothing was saved");
  }
  return text;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs $VISUAL, else $EDITOR, else vi on the file and waits for it.
void run_editor(const std::string& path) {
  const char* editor = std::getenv("VISUAL");
  if (!editor || !*editor) editor = std::getenv("EDITOR");
  if (!editor || !*editor) editor = "vi";
  const std::string cmd = std::string(editor) + " " + shell_quote(path);
  const int rc = std::system(cmd.c_str());
  if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) != 0)
    throw Error(Exit::Failure, "the editor '" + std::string(editor) + "' failed");
}

std::string from_editor(Context& ctx, const NoteTemplate& note) {
  const std::string path = ctx.store().git_dir() + "tier/EDITMSG";
  {
    std::ofstream out(path, std::ios::trunc);
    out << editor_template(note);
  }
  run_editor(path);
  std::ifstream in(path);
  std::string text, line;
  while (std::getline(in, line))
    if (line.empty() || line[0] != '#') text += line + "\n";
  std::remove(path.c_str());
  return text;
}

}  // namespace

std::string edit_file(Context& ctx, const std::string& name, const std::string& text) {
  const std::string path = ctx.store().git_dir() + "tier/" + name;
  {
    std::ofstream out(path, std::ios::trunc | std::ios::binary);
    out << text;
    if (!out.flush()) throw Error(Exit::Failure, "cannot write '" + path + "'");
  }
  run_editor(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Exit::Failure, "cannot read '" + path + "' back from the editor");
  return slurp(in);
}

std::string read_file_or_stdin(const std::string& file) {
  if (file == "-") return slurp(std::cin);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(Exit::NotFound, "cannot read '" + file + "'");
  return slurp(in);
}

std::string read_text(Context& ctx, const std::string& message, const std::string& file, const std::string& what) {
  return read_text(ctx, message, file, NoteTemplate{what, std::nullopt, {}});
}

std::string read_text(Context& ctx, const std::string& message, const std::string& file, const NoteTemplate& note) {
  const std::string& what = note.what;
  std::string text;
  if (!message.empty()) {
    text = message;
  } else if (file == "-") {
    text = slurp(std::cin);
  } else if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(Exit::NotFound, "cannot read '" + file + "'");
    text = slurp(in);
  } else if (ctx.interactive()) {
    text = from_editor(ctx, note);
  } else {
    throw Error(Exit::Usage, "the " + what + " needs -m TEXT or --file F when standard input is not a terminal");
  }
  // Control characters other than newline and tab never reach a ticket.
  text = clean_text(trimmed(text));
  if (text.empty()) throw Error(Exit::Usage, "the " + what + " is empty; nothing was saved");
  return text;
}

}  // namespace tier::cli
