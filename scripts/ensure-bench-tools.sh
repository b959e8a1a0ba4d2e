#!/usr/bin/env bash
# Installs the load tools `npm run bench` drives that npm does not bring (autocannon is an npm
# devDependency): ghz, the gRPC load generator (Go module proxy, pinned), into the project's GOBIN
# (.tools/go/bin, scripts/toolchain-env.mjs). A gRPC generator written in Go costs far less per call
# than grpc-js (a grpc-js client spends ~165 µs per unary call on this machine and tops out near
# 6k calls/s), so the gateway, not the generator, is what the gateway-load suite's ghz rows measure.
# Idempotent: the pinned version already in GOBIN is "found" and kept. bench/gateway-load-bench.ts
# runs this before its ghz rows.
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/steps.sh
source "$ROOT/scripts/lib/steps.sh"
load_toolchain_env "$ROOT"

GHZ=v0.120.0

step "bench tools: ghz into $GOBIN"
mkdir -p "$GOBIN" "$GOMODCACHE"
have=""
# `go version -m` names the module version a binary was built from (ghz built by `go install`
# prints "dev" for --version). A missing binary is the expected case: checked in a condition.
if [ -x "$GOBIN/ghz" ]; then have="$(go version -m "$GOBIN/ghz" 2>/dev/null || true)"; fi
if [[ "$have" == *"github.com/bojand/ghz"*"$GHZ"* ]]; then
  report ghz "$GHZ (found in $GOBIN)"
else
  go install "github.com/bojand/ghz/cmd/ghz@$GHZ"
  report ghz "$GHZ (installed in $GOBIN)"
fi
