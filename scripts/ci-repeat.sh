#!/usr/bin/env bash
# Runs .ci/run on N fresh clean clones of one commit, one after another, stopping at the first
# failure: the check behind "CI passes N times in a row" (issue 10). Each clone has no .venv,
# .tools or node_modules, so every project-local install step runs every time.
# Usage: scripts/ci-repeat.sh [N=5] [commit=HEAD] [workdir=/tmp/quire-ci-repeat]
set -Eeuo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-5}"
COMMIT="$(git -C "$ROOT" rev-parse "${2:-HEAD}")"
WORK="${3:-/tmp/quire-ci-repeat}"
mkdir -p "$WORK"
for i in $(seq 1 "$N"); do
  dir="$WORK/run-$i"
  rm -rf "$dir"
  git clone -q "$ROOT" "$dir"
  git -C "$dir" checkout -q "$COMMIT"
  start=$(date +%s)
  rc=0
  (cd "$dir" && CI=true bash .ci/run </dev/null >"$WORK/log-$i" 2>&1) || rc=$?
  echo "run $i of $N, commit $COMMIT: rc=$rc, $(( $(date +%s) - start )) s, log $WORK/log-$i"
  if [ "$rc" -ne 0 ]; then exit "$rc"; fi
done
echo "all $N runs passed"
