"""Schemathesis hooks for openapi/quire.yaml: the rules between parameters that OpenAPI cannot
express (each is written in the spec's descriptions), applied to the generated requests that are
meant to be valid, so that "schema-valid" means valid for the server too. Requests meant to be
invalid (negative mode) are sent untouched, but for the blob media type (below)."""
import base64
from collections.abc import MutableMapping
import hashlib
import json

import schemathesis


def _positive(case):
    meta = getattr(case, "meta", None)
    return meta is not None and meta.generation.mode.is_positive


def _phase(case):
    meta = getattr(case, "meta", None)
    return str(getattr(getattr(meta, "phase", None), "name", "")).lower()


def _key(headers, name):
    for k in headers:
        if k.lower() == name:
            return k
    return None


@schemathesis.hook
def before_call(ctx, case, kwargs):
    # Both the case (what checks and reproductions see) and kwargs (what the HTTP client sends).
    header_sets = [h for h in (case.headers, kwargs.get("headers")) if isinstance(h, MutableMapping)]
    query_sets = [q for q in (case.query, kwargs.get("params")) if isinstance(q, MutableMapping)]
    for headers in header_sets:
        _fix_headers(case, kwargs, headers)
    if _positive(case) and case.operation.method.upper() == "POST" and case.operation.path in ("/v1/ledgers", "/v1/logs") and isinstance(case.body, MutableMapping):
        _fit_quorum(case.body)
    if _positive(case) and "stateful" not in _phase(case):
        # A pageToken is opaque: only one the server issued is valid (the stateful phase passes those).
        for q in query_sets:
            q.pop("pageToken", None)


BOOKIES = 3  # the cluster under test (test/contract/openapi-fuzz.test.ts)


def _fit_quorum(body):
    """ackQuorumSize <= writeQuorumSize <= ensembleSize <= the bookies there are (else 400, or 503
    NOT_ENOUGH_BOOKIES): each size is bounded in the schema, their order and the cluster are not."""
    e = body.get("ensembleSize")
    if isinstance(e, int) and not isinstance(e, bool) and e > BOOKIES:
        body["ensembleSize"] = e = BOOKIES
    e = e if isinstance(e, int) and not isinstance(e, bool) else BOOKIES
    w = body.get("writeQuorumSize")
    if isinstance(w, int) and not isinstance(w, bool) and w > e:
        body["writeQuorumSize"] = w = e
    w = w if isinstance(w, int) and not isinstance(w, bool) else min(2, e)
    a = body.get("ackQuorumSize")
    if isinstance(a, int) and not isinstance(a, bool) and a > w:
        body["ackQuorumSize"] = w


def _json_object_of_strings(text):
    try:
        v = json.loads(text)
    except ValueError:
        return False
    return isinstance(v, dict) and all(isinstance(x, str) for x in v.values())


def _fix_headers(case, kwargs, headers):
    # A blob's bytes are opaque and GET serves them back with the media type they were stored
    # under; schemathesis would then parse random bytes as YAML/JSON/XML. Store them as bytes.
    if case.operation.method.upper() == "PUT" and case.operation.path == "/v1/blobs/{name}":
        ct = _key(headers, "content-type")
        if ct:
            headers[ct] = "application/octet-stream"
    if not _positive(case):
        return
    text_key = _key(headers, "quire-ledger-password")
    b64_key = _key(headers, "quire-ledger-password-base64")
    # Both password headers may be sent only when they carry the same bytes.
    if text_key and b64_key:
        try:
            headers[b64_key] = base64.b64encode(str(headers[text_key]).encode("latin-1")).decode()
        except UnicodeEncodeError:
            del headers[b64_key]
    # Quire-Producer-Id and Quire-Sequence go together (exactly-once): add the missing partner.
    producer = _key(headers, "quire-producer-id")
    sequence = _key(headers, "quire-sequence")
    if producer and not sequence:
        headers["Quire-Sequence"] = "0"
    if sequence and not producer:
        headers["Quire-Producer-Id"] = "p"
    # Quire-Blob-Metadata is a JSON object of strings in a header (a string to OpenAPI).
    meta = _key(headers, "quire-blob-metadata")
    if meta and not _json_object_of_strings(str(headers[meta])):
        headers[meta] = '{"k":"v"}'
    # Content-Digest must be the digest of the body sent (else 400 BLOB_DIGEST_MISMATCH).
    digest = _key(headers, "content-digest")
    if digest:
        body = kwargs.get("data")
        if body is None:
            body = case.body
        if isinstance(body, str):
            body = body.encode()
        if isinstance(body, (bytes, bytearray)) and len(body) > 0:
            headers[digest] = "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"
        else:
            # The bytes are made after this hook (schemathesis puts a sample file in place of an empty
            # binary body): send no digest then (it is optional).
            del headers[digest]
