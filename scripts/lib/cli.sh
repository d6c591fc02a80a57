# shellcheck shell=bash
# Command-line handling the scripts share. Source this file; it defines functions only.
#
#   script_usage             prints the running script's leading comment (from the line after #! to the first line
#                            that is not a comment) without its "# ": every script's --help
#   program_args NAME ARG... for the scripts that build and run one of this repository's Java programs
#                            (scripts/local-pipeline.sh, benchmarks/pipeline.sh): -h/--help prints the usage and
#                            exits 0; --rebuild is taken out (REBUILD=true, else false) and the other arguments are
#                            left in ARGS for the program; exits 2 naming NAME when java is not on the PATH
#   need_tool NAME TOOL WHAT exits 2 naming NAME when TOOL (WHAT: e.g. "Maven 3.8+") is not on the PATH

script_usage() { sed -n '2,/^[^#]/s/^# \{0,1\}\(.*\)/\1/p' "$0"; }

need_tool() {
  command -v "$2" >/dev/null || { echo "$1: $2 ($3) is not on the PATH" >&2; exit 2; }
}

program_args() {
  local name="$1" a
  shift
  declare -g REBUILD=false
  declare -ga ARGS=()
  for a in "$@"; do
    case "$a" in
      (-h|--help) script_usage; exit 0 ;;
      (--rebuild) REBUILD=true ;;
      (*) ARGS+=("$a") ;;
    esac
  done
  need_tool "$name" java "17+"
}
