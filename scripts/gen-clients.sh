#!/usr/bin/env bash
# Generates every client stub from the gateway's two contracts, in one go:
#   openapi/quire.yaml        -> openapi/gen/quire.d.ts                     (openapi-typescript; the gateway and the TS SDK share it)
#   proto/quire/v1/*.proto    -> clients/typescript/gen/grpc/               (proto-loader-gen-types)
#                             -> clients/python/gen/quire/v1/               (grpcio-tools; installed as quire.v1 by clients/python/pyproject.toml)
#                             -> clients/go/gen/quire/v1/                   (protoc + protoc-gen-go + protoc-gen-go-grpc)
#                             -> clients/java/gen/io/quire/v1/              (protoc + protoc-gen-grpc-java from Maven Central)
# The output is committed; test/clients/generated-drift.test.ts runs this script with --out <tmp>
# and fails when the committed files differ. Toolchains: scripts/install-client-toolchains.sh.
#
# Usage: scripts/gen-clients.sh [--out DIR] [--only ts,python,go,java]
#   --out DIR  write under DIR instead of the repository (DIR/clients/...), for the drift check.
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/steps.sh
source "$ROOT/scripts/lib/steps.sh"
# The project-local toolchains (.venv, .tools/go/bin, .tools/m2) come first on PATH.
load_toolchain_env "$ROOT"
OUT="$ROOT"
ONLY="ts,python,go,java"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    *) echo "gen-clients: unknown argument $1" >&2; exit 2 ;;
  esac
done
want() { [[ ",$ONLY," == *",$1,"* ]]; }

PROTO_DIR="$ROOT/proto"
PROTOS=(quire/v1/ledger.proto quire/v1/blob.proto quire/v1/log.proto)

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "gen-clients: '$1' not found ($2). Run: bash scripts/install-client-toolchains.sh" >&2; exit 1; }
}

# Replaces a generated directory wholesale, so files for removed messages do not linger.
fresh() { rm -rf "$1"; mkdir -p "$1"; }

if want ts; then
  echo "gen-clients: typescript"
  fresh "$OUT/openapi/gen"
  "$ROOT/node_modules/.bin/openapi-typescript" "$ROOT/openapi/quire.yaml" -o "$OUT/openapi/gen/quire.d.ts" >/dev/null
  fresh "$OUT/clients/typescript/gen"
  # Run from the root with a relative include: the files name their source, and must not name this checkout.
  (cd "$ROOT" && node_modules/.bin/proto-loader-gen-types --longs=String --enums=String --bytes=Buffer --defaults --oneofs \
    --includeComments --grpcLib=@grpc/grpc-js -I proto -O "$OUT/clients/typescript/gen/grpc" "${PROTOS[@]}" >/dev/null)
  # The repository is ESM with NodeNext resolution: relative imports need their .js suffix.
  # shellcheck disable=SC2016 # the single-quoted text is JavaScript, not shell: nothing to expand
  node -e '
    const fs = require("node:fs"), path = require("node:path");
    const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
    for (const f of walk(process.argv[1]).filter((f) => f.endsWith(".ts"))) {
      const src = fs.readFileSync(f, "utf8");
      fs.writeFileSync(f, src.replace(/from (["\x27])(\.{1,2}\/[^"\x27]+?)(?<!\.js)\1/g, "from $1$2.js$1"));
    }' "$OUT/clients/typescript/gen/grpc"
fi

if want python; then
  echo "gen-clients: python"
  python3 -c 'import grpc_tools' 2>/dev/null || { echo "gen-clients: python3 has no grpcio-tools. Run: bash scripts/install-client-toolchains.sh" >&2; exit 1; }
  fresh "$OUT/clients/python/gen"
  python3 -m grpc_tools.protoc -I "$PROTO_DIR" --python_out="$OUT/clients/python/gen" --pyi_out="$OUT/clients/python/gen" \
    --grpc_python_out="$OUT/clients/python/gen" "${PROTOS[@]}"
  touch "$OUT/clients/python/gen/quire/__init__.py" "$OUT/clients/python/gen/quire/v1/__init__.py"
fi

if want go; then
  echo "gen-clients: go"
  need protoc "Debian: apt-get install -y protobuf-compiler"
  need protoc-gen-go "go install google.golang.org/protobuf/cmd/protoc-gen-go"
  need protoc-gen-go-grpc "go install google.golang.org/grpc/cmd/protoc-gen-go-grpc"
  fresh "$OUT/clients/go/gen"
  # clients/go is module github.com/quire/quire/clients/go; the stubs are its gen/quire/v1 package.
  # M flags set the import path here rather than in the protos' go_package, whose change would
  # alter every language's embedded descriptors.
  GOMOD=github.com/quire/quire/clients/go
  GOMAP=()
  for p in "${PROTOS[@]}"; do GOMAP+=("M$p=$GOMOD/gen/quire/v1;quirev1"); done
  GOOPTS="module=$GOMOD,$(IFS=,; echo "${GOMAP[*]}")"
  protoc -I "$PROTO_DIR" --go_out="$OUT/clients/go" --go_opt="$GOOPTS" \
    --go-grpc_out="$OUT/clients/go" --go-grpc_opt="$GOOPTS" "${PROTOS[@]}"
fi

if want java; then
  echo "gen-clients: java"
  need mvn "a JDK 17+ and Maven"
  POM="$ROOT/clients/java/pom.xml"
  prop() { sed -n "s|.*<$1>\(.*\)</$1>.*|\1|p" "$POM" | sed -n 1p; }
  PROTOC_V="$(prop protobuf.version)"
  PLUGIN_V="$(prop grpc.plugin.version)"
  case "$(uname -m)" in x86_64) ARCH=x86_64 ;; aarch64 | arm64) ARCH=aarch_64 ;; *) echo "gen-clients: no protoc artifact for $(uname -m)" >&2; exit 1 ;; esac
  TOOLS="$ROOT/clients/java/target/gen-tools"
  JPROTOC="$TOOLS/protoc-$PROTOC_V-linux-$ARCH.exe"
  JPLUGIN="$TOOLS/protoc-gen-grpc-java-$PLUGIN_V-linux-$ARCH.exe"
  # protoc for Java comes from Maven Central at exactly protobuf-java's version, so the
  # generated code and the runtime library always match.
  for art in "com.google.protobuf:protoc:$PROTOC_V:exe:linux-$ARCH" "io.grpc:protoc-gen-grpc-java:$PLUGIN_V:exe:linux-$ARCH"; do
    file="$TOOLS/$(echo "$art" | awk -F: '{print $2"-"$3"-"$5".exe"}')"
    if [ ! -x "$file" ]; then
      (cd "$ROOT/clients/java" && mvn -B -q dependency:copy -Dartifact="$art" -DoutputDirectory="$TOOLS") ||
        { echo "gen-clients: Maven could not fetch $art" >&2; exit 1; }
      chmod +x "$file"
    fi
  done
  fresh "$OUT/clients/java/gen/io/quire/v1"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  "$JPROTOC" -I "$PROTO_DIR" --plugin=protoc-gen-grpc-java="$JPLUGIN" --java_out="$tmp" --grpc-java_out="$tmp" "${PROTOS[@]}"
  cp "$tmp"/io/quire/v1/*.java "$OUT/clients/java/gen/io/quire/v1/"
fi

echo "gen-clients: done (${ONLY})"
