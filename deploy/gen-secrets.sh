#!/usr/bin/env bash
# Makes the secrets the docker-compose cluster runs with (never committed: deploy/secrets/ is
# git-ignored). Everything is generated fresh with openssl:
#   ca.pem / ca.key            a private CA (clients trust ca.pem)
#   gateway.pem / gateway.key  the gateways' TLS certificate (HTTPS and gRPC over TLS), signed by
#                              the CA, for gateway, gateway-1, gateway-2, localhost and 127.0.0.1
#   token-secret               the HS256 key the gateways verify bearer tokens with (--auth-secret-file)
#   peer-secret                the credential gateways sign peer calls with (--peer-secret-file)
#   admin.jwt                  an admin token for the operator (aud quire, valid TOKEN_DAYS days)
# Usage: bash deploy/gen-secrets.sh [dir]    (default deploy/secrets; refuses to overwrite)
#        TOKEN_DAYS=7 bash deploy/gen-secrets.sh
set -euo pipefail
DIR="${1:-$(cd "$(dirname "$0")" && pwd)/secrets}"
DAYS="${TOKEN_DAYS:-30}"
command -v openssl >/dev/null || { echo "gen-secrets: openssl is required" >&2; exit 1; }
if [ -e "$DIR/ca.key" ]; then
  echo "gen-secrets: $DIR already holds secrets; remove it first to make new ones" >&2
  exit 1
fi
mkdir -p "$DIR"
chmod 700 "$DIR"
cd "$DIR"
umask 077

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem \
  -days 825 -subj "/CN=quire-compose-ca" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout gateway.key -out gateway.csr \
  -subj "/CN=quire-gateway" 2>/dev/null
printf 'subjectAltName=DNS:gateway,DNS:gateway-1,DNS:gateway-2,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > gateway.ext
openssl x509 -req -in gateway.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out gateway.pem -days 825 -extfile gateway.ext 2>/dev/null
rm -f gateway.csr gateway.ext ca.srl

openssl rand -hex 32 > token-secret
openssl rand -hex 32 > peer-secret

# An HS256 JWT by hand: base64url(header).base64url(payload).base64url(HMAC-SHA256).
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"sub":"operator","aud":"quire","iat":%d,"exp":%d,"quire":{"perms":[{"actions":["admin"]}]}}' "$now" $((now + DAYS * 86400)) | b64url)
sig=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$(cat token-secret)" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$sig" > admin.jwt

# The containers run as uid 1000 (the Dockerfile's USER). As root the files are handed to that
# uid and kept 0600; otherwise they must be readable by others for the container to read them.
OWNER_UID="${QUIRE_SECRETS_UID:-1000}"
if [ "$(id -u)" = 0 ]; then
  chown "$OWNER_UID:$OWNER_UID" . ./*
  chmod 600 ./*
  chmod 700 .
else
  chmod 644 ./*
  chmod 755 .
  echo "gen-secrets: not root, so the keys are readable by every local user; run as root to keep them 0600 for uid $OWNER_UID" >&2
fi
echo "secrets written to $DIR (CA: ca.pem; admin token: admin.jwt, valid $DAYS days)"
