#!/usr/bin/env bash
# `npm run lint`'s shell part: shellcheck over every shell script the repository holds (*.sh and
# any tracked file whose first line names bash or sh, such as .ci/run). A missing shellcheck is a
# failure with the way to get it, never a skip.
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/steps.sh
source "$ROOT/scripts/lib/steps.sh"
cd "$ROOT"
STEP="shellcheck"
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "shellcheck is not installed: bash scripts/ensure-test-deps.sh (or apt-get install -y shellcheck)" >&2
  exit 1
fi
files=()
while IFS= read -r f; do
  if [[ "$f" == *.sh ]]; then
    files+=("$f")
  elif [ -f "$f" ]; then
    # The first line, read without a pipeline (grep -q closing it early would fail it under pipefail).
    first=""
    IFS= read -r first <"$f" || true
    if [[ "$first" =~ ^\#!.*(bash|/sh)([[:space:]]|$) ]]; then files+=("$f"); fi
  fi
done < <(git ls-files --cached --others --exclude-standard)
shellcheck --external-sources --source-path=SCRIPTDIR --source-path="$ROOT" "${files[@]}"
echo "shellcheck: ${#files[@]} scripts clean"
