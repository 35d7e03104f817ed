#!/bin/sh
# man-sync: the man pages say what the binary and the sources do (STYLE.md,
# section 7; git's t0450, with no allow-list).
#
#   man_sync.sh TIER SRC
#
# (a) every subcommand in `TIER --help` has SRC/man/tier-<cmd>.1, and every
#     tier-*.1 page names a subcommand;
# (b) the long options in `TIER <cmd> --help` (and its own subcommands' help)
#     equal the `.Fl` long options of the SYNOPSIS and DESCRIPTION of its
#     page; the global options are checked in tier.1 only;
# (c) the EXIT STATUS of tier.1 lists exactly the values of enum Exit
#     (core/error.hpp);
# (d) the `.It Sy <id>` rule ids of tier-workflow.7 are exactly the strings of
#     namespace rules (core/workflow.hpp);
# (e) every subcommand's page has the sections NAME, SYNOPSIS, DESCRIPTION,
#     EXIT STATUS, EXAMPLES and SEE ALSO, and its EXIT STATUS lists 0 and
#     otherwise only values of enum Exit.
#
# Prints each problem and exits 1, or prints "man-sync: ok".

set -u

die() {
	printf 'man-sync: %s\n' "$*"
	exit 1
}

[ $# -eq 2 ] || die "usage: man_sync.sh TIER SRC"
tier=$1
src=$2
man=$src/man
failed=0

# Problems go to the original standard output, also from functions whose
# output is captured.
exec 3>&1
problem() {
	printf 'man-sync: %s\n' "$*" >&3
	failed=1
}

need_file() {
	[ -f "$1" ] || die "missing file '$1'"
}

if [ ! -f "$tier" ] || [ ! -x "$tier" ]; then
	die "missing executable '$tier'"
fi
[ -d "$man" ] || die "missing directory '$man'"
need_file "$src/core/error.hpp"
need_file "$src/core/workflow.hpp"
need_file "$man/tier.1"
need_file "$man/tier-workflow.7"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/man-sync.XXXXXX") || die "cannot make a temporary directory"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# --- parsing -----------------------------------------------------------------

# CLI11's help on stdin: the names of the "Subcommands:" section, one a line.
subcommands_of_help() {
	awk '
		/^Subcommands:/ { on = 1; next }
		on && /^[^ \t]/ { on = 0 }
		on && /^  [A-Za-z0-9]/ { print $1 }
	'
}

# CLI11's help on stdin: every --word that starts an option line ("  --x ARG",
# "  -m,--message TEXT"), --help excepted; sorted.
long_options_of_help() {
	awk '
		/^  -/ {
			n = split($1, names, ",")
			for (i = 1; i <= n; i++)
				if (names[i] ~ /^--[A-Za-z0-9]/ && names[i] != "--help") print names[i]
		}
	' | sort -u
}

# A man page: the long options of its `Fl` macros in SYNOPSIS and DESCRIPTION,
# as mandoc prints them: `.Fl -json` and `.Fl \-json` are both --json. Every
# argument of Fl up to the next macro or delimiter is a flag
# (`.Fl q | Fl -quiet`, `.It Fl m Ar text , Fl -message Ar text`).
long_options_of_page() {
	awk '
		/^\.Sh[ \t]/ {
			sec = $0
			sub(/^\.Sh[ \t]+/, "", sec)
			gsub(/"/, "", sec)
			on = (sec == "SYNOPSIS" || sec == "DESCRIPTION")
			next
		}
		!on || !/^[.\047]/ { next }
		{
			line = $0
			gsub(/\\&/, "", line)
			gsub(/\\-/, "-", line)
			gsub(/"/, "", line)
			sub(/^[.\047][ \t]*/, "", line)
			n = split(line, tok, /[ \t]+/)
			fl = 0
			for (i = 1; i <= n; i++) {
				t = tok[i]
				if (t == "Fl") { fl = 1; continue }
				if (!fl) continue
				if (t ~ /^[A-Z][a-z][a-z]?$/ || t ~ /^[][|(),.;:?!]+$/) { fl = 0; continue }
				if (t ~ /^-[A-Za-z0-9]/) print "-" t
			}
		}
	' "$1" | grep -vx -e '--help' | sort -u
}

# The long options of `TIER WORDS... --help` and of its own subcommands.
long_options_of_command() {
	cmd_help=$("$tier" "$@" --help 2>&1) || {
		problem "'tier $* --help' failed: $cmd_help"
		return
	}
	printf '%s\n' "$cmd_help" | long_options_of_help
	for nested in $(printf '%s\n' "$cmd_help" | subcommands_of_help); do
		long_options_of_command "$@" "$nested"
	done
}

# Reports the differences of two sorted lists: what the first lacks and what
# the second lacks. $1 what, $2 file of the truth, $3 its name, $4 file of
# the page, $5 the page.
compare() {
	comm -23 "$2" "$4" | while IFS= read -r x; do
		printf 'man-sync: %s %s is in %s but not in %s\n' "$1" "$x" "$3" "$5"
	done
	comm -13 "$2" "$4" | while IFS= read -r x; do
		printf 'man-sync: %s %s is in %s but not in %s\n' "$1" "$x" "$5" "$3"
	done
	cmp -s "$2" "$4" || failed=1
}

# --- (a) a page for every command, a command for every page --------------------

main_help=$("$tier" --help 2>&1) || die "'$tier --help' failed: $main_help"
printf '%s\n' "$main_help" | subcommands_of_help | sort -u >"$tmp/commands"
[ -s "$tmp/commands" ] || die "no subcommands in the \"Subcommands:\" section of '$tier --help'"

while IFS= read -r cmd; do
	[ -f "$man/tier-$cmd.1" ] || problem "'tier $cmd' has no page: missing file '$man/tier-$cmd.1'"
done <"$tmp/commands"

for page in "$man"/tier-*.1; do
	[ -e "$page" ] || continue
	name=${page##*/}
	name=${name#tier-}
	name=${name%.1}
	grep -qxF -- "$name" "$tmp/commands" || problem "'$page' names no subcommand of '$tier --help'"
done

# --- (b) the long options of each command equal those of its page -------------

printf '%s\n' "$main_help" | long_options_of_help >"$tmp/global"
[ -s "$tmp/global" ] || die "no options in '$tier --help'"
long_options_of_page "$man/tier.1" >"$tmp/page"
compare "option" "$tmp/global" "'tier --help'" "$tmp/page" "tier.1"

while IFS= read -r cmd; do
	page=$man/tier-$cmd.1
	[ -f "$page" ] || continue
	long_options_of_command "$cmd" >"$tmp/raw"
	sort -u "$tmp/raw" | comm -23 - "$tmp/global" >"$tmp/help"
	long_options_of_page "$page" | comm -23 - "$tmp/global" >"$tmp/page"
	compare "option" "$tmp/help" "'tier $cmd --help'" "$tmp/page" "tier-$cmd.1"
done <"$tmp/commands"

# --- (c) tier.1's EXIT STATUS lists exactly the values of enum Exit -----------

awk '
	function take(text,    n, i, parts, e, value) {
		sub(/\/\/.*/, "", text)
		n = split(text, parts, ",")
		for (i = 1; i <= n; i++) {
			e = parts[i]
			gsub(/[ \t{};]/, "", e)
			if (e == "") continue
			if (e ~ /^[A-Za-z_][A-Za-z0-9_]*=[0-9]+$/) {
				value = e
				sub(/^[^=]*=/, "", value)
				next_value = value + 0
			} else if (e !~ /^[A-Za-z_][A-Za-z0-9_]*$/) {
				print "unparsed enumerator: " e > "/dev/stderr"
				exit 1
			}
			print next_value++
		}
	}
	/enum[ \t]+class[ \t]+Exit([ \t:{]|$)/ {
		on = 1
		line = $0
		sub(/\/\/.*/, "", line)
		if (index(line, "{") == 0) next
		sub(/^[^{]*\{/, "", line)
		done = index(line, "}") > 0
		sub(/\}.*/, "", line)
		take(line)
		if (done) exit
		next
	}
	on {
		line = $0
		sub(/\/\/.*/, "", line)
		done = index(line, "}") > 0
		sub(/\}.*/, "", line)
		take(line)
		if (done) exit
	}
' "$src/core/error.hpp" >"$tmp/codes.raw" || die "cannot parse enum Exit in '$src/core/error.hpp'"
[ -s "$tmp/codes.raw" ] || die "no enum class Exit in '$src/core/error.hpp'"
sort -n "$tmp/codes.raw" >"$tmp/codes"

awk '
	/^\.Sh[ \t]/ { on = ($0 ~ /^\.Sh[ \t]+"?EXIT STATUS"?[ \t]*$/); next }
	on && /^\.It[ \t]+[0-9]+[ \t]*$/ { print $2 }
' "$man/tier.1" | sort -n >"$tmp/page"
compare "exit status" "$tmp/codes" "enum Exit of core/error.hpp" "$tmp/page" "the EXIT STATUS of tier.1"

# --- (d) tier-workflow.7's rule ids equal namespace rules ---------------------

awk '
	/namespace[ \t]+rules[ \t]*\{/ { on = 1; next }
	on && /^[ \t]*}/ { exit }
	on && /constexpr[ \t]+std::string_view[ \t]+[A-Za-z_0-9]+[ \t]*=[ \t]*"/ {
		s = $0
		sub(/^[^"]*"/, "", s)
		sub(/".*$/, "", s)
		print s
	}
' "$src/core/workflow.hpp" | sort >"$tmp/rules"
[ -s "$tmp/rules" ] || die "no rule ids in namespace rules of '$src/core/workflow.hpp'"

awk '/^\.It[ \t]+Sy[ \t]/ { print $3 }' "$man/tier-workflow.7" | sort >"$tmp/page"
compare "rule" "$tmp/rules" "namespace rules of core/workflow.hpp" "$tmp/page" "tier-workflow.7"

# --- (e) every command's page is complete ------------------------------------

while IFS= read -r cmd; do
	page=$man/tier-$cmd.1
	[ -f "$page" ] || continue
	for section in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" EXAMPLES "SEE ALSO"; do
		awk -v want="$section" '
			/^\.Sh[ \t]/ {
				sec = $0
				sub(/^\.Sh[ \t]+/, "", sec)
				gsub(/"/, "", sec)
				sub(/[ \t]+$/, "", sec)
				if (sec == want) found = 1
			}
			END { exit !found }
		' "$page" || problem "'tier-$cmd.1' has no section $section"
	done
	awk '
		/^\.Sh[ \t]/ { on = ($0 ~ /^\.Sh[ \t]+"?EXIT STATUS"?[ \t]*$/); next }
		on && /^\.It[ \t]/ { print $2 }
	' "$page" >"$tmp/page-codes"
	grep -qx 0 "$tmp/page-codes" || problem "the EXIT STATUS of 'tier-$cmd.1' does not list 0"
	while IFS= read -r code; do
		grep -qxF -- "$code" "$tmp/codes" ||
			problem "exit status '$code' in the EXIT STATUS of 'tier-$cmd.1' is not a value of enum Exit"
	done <"$tmp/page-codes"
done <"$tmp/commands"

[ "$failed" -eq 0 ] || exit 1
echo "man-sync: ok"
