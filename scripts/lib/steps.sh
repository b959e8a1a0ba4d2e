# shellcheck shell=bash
# Sourced by the install scripts: strict mode, named steps, and a failure that names its step.
# Under `set -e` a failing command substitution or pipeline ends the script; the ERR trap makes
# that loud ("FAILED: step ..."), never a silent exit 1. Checks whose failure is an expected
# answer ("is it installed?") must therefore run in a condition (`if`, `||`), never bare.
set -Eeuo pipefail

STEP="start"
step() {
  STEP="$1"
  echo "== $1"
}
on_err() {
  local rc=$?
  # Inside a subshell or command substitution, leave the message to the outer shell.
  if [ "${BASH_SUBSHELL:-0}" -eq 0 ]; then
    echo "FAILED: step '${STEP}' (exit ${rc}, ${BASH_SOURCE[1]:-?}:${BASH_LINENO[0]:-?}: ${BASH_COMMAND})" >&2
  fi
  exit "$rc"
}
trap on_err ERR

# One line per toolchain for the summary that `npm test` prints before the suites.
report() {
  local line
  line="$(printf 'toolchain %-26s %s' "$1" "$2")"
  echo "$line"
  if [ -n "${QUIRE_TOOLCHAIN_REPORT:-}" ]; then echo "$line" >>"$QUIRE_TOOLCHAIN_REPORT"; fi
}

# The first line a command prints (stdout and stderr), without `| head` (which can SIGPIPE the
# command and so fail the pipeline under pipefail).
first_line() {
  local out
  out="$("$@" 2>&1)"
  out="${out%%$'\n'*}"
  # Maven 3.8 colours its banner even with -B; strip ANSI escapes so logs stay plain text.
  printf '%s\n' "$out" | sed 's/\x1b\[[0-9;]*m//g'
}

# Debian packages: the one global install. `apt-get update` once per run, only when needed.
APT_UPDATED=""
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "need root to apt-get install $* (or install them yourself)" >&2
    return 1
  fi
  if [ -z "$APT_UPDATED" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# Loads the project-local toolchain paths (scripts/toolchain-env.mjs is their one definition).
load_toolchain_env() {
  local root="$1" exports
  exports="$(node "$root/scripts/toolchain-env.mjs" --sh)"
  eval "$exports"
}
