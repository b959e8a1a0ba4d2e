# The Quire image: one image for every role (bookie, gateway, shell, local); the command picks it.
#   docker build -t quire .
#   docker run --rm quire --help
# Build stage: full toolchain (the zookeeper npm package compiles its native client).
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: same Debian release as the build (glibc of the native modules), no compilers.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    QUIRE_LOG_LEVEL=info
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The launcher: the Node.js flags of each role (BOOKIE_GC_OPTS for bookies, docs/operations.md).
COPY --from=build /app/bin ./bin
# Contracts read at run time: the gRPC service definition and the OpenAPI document the gateway
# validates against and serves (looked up next to the sources and next to dist/).
COPY --from=build /app/proto ./proto
COPY --from=build /app/openapi ./openapi
COPY --from=build /app/openapi ./dist/openapi
# The web console's browser modules (served as files from the source tree: docs/console.md).
COPY --from=build /app/gateway/console ./gateway/console
RUN chmod +x bin/quire dist/cli/main.js \
 && ln -s /app/bin/quire /usr/local/bin/quire \
 && mkdir -p /data \
 && chown 1000:1000 /data
# 1000 is the node user of the official node image.
USER 1000:1000
VOLUME ["/data"]
# 3181 bookie protocol, 8000 bookie HTTP (/heartbeat, /metrics), 8080 gateway REST, 9090 gateway gRPC
EXPOSE 3181 8000 8080 9090
ENTRYPOINT ["quire"]
CMD ["--help"]
