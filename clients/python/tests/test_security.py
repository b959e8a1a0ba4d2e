"""Token and TLS: gateways run with --auth-secret-file and --tls-cert, one also with
--tls-client-ca (started by test/clients/python-sdk.test.ts). The token is an HS256 JWT minted here with the standard library,
as a service holding the shared secret would; without it, or with a badly signed one, every call is
refused with UNAUTHENTICATED; a token without write is PERMISSION_DENIED on append."""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from typing import Any, Dict, List

import grpc
import pytest

from conftest import env
from quire import AsyncClient, Client, PermissionDenied, QuireError, Tls, Unauthenticated


def b64url(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def hs256(secret: bytes, claims: Dict[str, Any]) -> str:
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64url(json.dumps(claims).encode())
    sig = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64url(sig)}"


def token(actions: List[str], secret: bytes = b"") -> str:
    with open(env("QUIRE_SECRET_FILE"), "rb") as f:
        key = secret or f.read().strip()
    now = int(time.time())
    return hs256(key, {"sub": "pytest", "aud": env("QUIRE_AUDIENCE"), "iat": now, "exp": now + 600,
                       "quire": {"perms": [{"actions": actions}]}})


@pytest.fixture
def tls() -> Tls:
    return Tls.files(ca=env("QUIRE_CA_FILE"))


def test_tls_with_a_token_is_served(tls: Tls, name: str) -> None:
    with Client(env("QUIRE_TLS_ENDPOINT"), tls=tls, token=lambda: token(["read", "write"])) as c:
        log = c.log(name)
        log.create()
        assert log.append([b"secret"])[0].offset == 0
        b = c.blob(name)
        b.upload(b"over tls")
        assert b.read() == b"over tls"


def test_no_token_or_a_bad_signature_is_refused(tls: Tls, name: str) -> None:
    with Client(env("QUIRE_TLS_ENDPOINT"), tls=tls) as anon:
        with pytest.raises(Unauthenticated) as e:
            anon.log(name).create()
        assert e.value.code == "UNAUTHENTICATED" and not e.value.retryable
    forged = token(["admin"], secret=b"x" * 32)
    with Client(env("QUIRE_TLS_ENDPOINT"), tls=tls, token=forged) as bad:
        with pytest.raises(Unauthenticated):
            bad.create_ledger()


def test_a_read_only_token_cannot_append(tls: Tls, name: str) -> None:
    with Client(env("QUIRE_TLS_ENDPOINT"), tls=tls, token=token(["read", "write"])) as rw:
        rw.log(name).create()
    with Client(env("QUIRE_TLS_ENDPOINT"), tls=tls, token=token(["read"])) as ro:
        assert ro.log(name).info().name == name
        with pytest.raises(PermissionDenied) as e:
            ro.log(name).append([b"no"])
        assert e.value.code == "PERMISSION_DENIED"


def test_plaintext_to_a_tls_port_fails_as_a_transport_error(name: str) -> None:
    with Client(env("QUIRE_TLS_ENDPOINT"), token=token(["read"]), timeout=10) as plain:
        with pytest.raises(QuireError) as e:
            plain.log(name).info()
        assert not e.value.reached_gateway and e.value.status in (grpc.StatusCode.UNAVAILABLE.name, "DEADLINE_EXCEEDED")


def test_async_client_over_tls_with_a_token(tls: Tls, name: str) -> None:
    async def run() -> None:
        async with AsyncClient(env("QUIRE_TLS_ENDPOINT"), tls=tls, token=token(["read", "write"])) as c:
            await c.log(name).create()
            assert (await c.log(name).append([b"a"]))[0].offset == 0
        async with AsyncClient(env("QUIRE_TLS_ENDPOINT"), tls=tls) as anon:
            with pytest.raises(Unauthenticated):
                await anon.log(name).info()
    asyncio.run(run())


def test_mutual_tls_needs_a_client_certificate(name: str) -> None:
    ca, target = env("QUIRE_CA_FILE"), env("QUIRE_MTLS_ENDPOINT")
    with Client(target, tls=Tls.files(ca=ca, cert=env("QUIRE_CLIENT_CERT"), key=env("QUIRE_CLIENT_KEY")),
                token=token(["read", "write"])) as c:
        c.log(name).create()
        assert c.log(name).append([b"mtls"])[0].offset == 0
    with Client(target, tls=Tls.files(ca=ca), token=token(["read"]), timeout=10) as no_cert:
        with pytest.raises(QuireError) as e:
            no_cert.log(name).info()
        assert not e.value.reached_gateway, "refused in the TLS handshake, before any call"
