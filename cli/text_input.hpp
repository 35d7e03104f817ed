#pragma once

#include <string>

#include "cli/context.hpp"
#include "core/view.hpp"

namespace tier::cli {

/// The text of a note: -m, else --file (- for standard input), else $EDITOR
/// when standard input is a terminal, opened on editor_template(note)
/// (core/view.hpp: PUBLIC or private, the missing escalation fields), whose
/// '#' lines are left out. Never prompts otherwise: then Usage. Trailing
/// white space is dropped; an empty text is Usage, and nothing is changed.
std::string read_text(Context& ctx, const std::string& message, const std::string& file, const NoteTemplate& note);
/// The same, for a text whose template says no more than what it is.
std::string read_text(Context& ctx, const std::string& message, const std::string& file, const std::string& what);

/// Writes `text` to .git/tier/<name>, opens it in $VISUAL, else $EDITOR,
/// else vi, and returns what the file holds when the editor exits (the file
/// stays, for the caller to point at when the text is refused). Failure
/// when the editor fails. Every line is kept: a '#' is Markdown's heading.
std::string edit_file(Context& ctx, const std::string& name, const std::string& text);

/// The whole of a file, or of standard input for "-"; NotFound when it
/// cannot be read, Usage past 64 MiB.
std::string read_file_or_stdin(const std::string& file);

}  // namespace tier::cli
