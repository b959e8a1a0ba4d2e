"""Blobs through the SDK: streamed round trips from bytes, a file and a one-pass iterator, the
gateway refusing a digest mismatch (nothing visible), and the download check."""
from __future__ import annotations

import asyncio
import hashlib
import io
import os
from types import SimpleNamespace

import pytest

from quire import AsyncClient, BlobReader, Client, DataLoss, InvalidArgument, NotFound
from quire.types import BlobInfo


def test_round_trip_bytes_file_and_stream(client: Client, name: str) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)  # several chunks and a tail
    b = client.blob(name)
    info = b.upload(data, content_type="application/x-test", metadata={"app": "pytest"}, chunk_bytes=256 * 1024)
    assert info.size == len(data) and info.sha256 == hashlib.sha256(data).hexdigest()
    assert b.read() == data
    st = b.stat()
    assert st.content_type == "application/x-test" and st.metadata == {"app": "pytest"}
    r = b.open(offset=10, length=100)
    assert r.read() == data[10:110]

    f = client.blob(name + "-file")
    f.upload(io.BytesIO(data))
    out = io.BytesIO()
    assert f.download_to(out).sha256 == info.sha256
    assert out.getvalue() == data

    s = client.blob(name + "-stream")
    s.upload(iter([data[:1000], data[1000:]]))  # one pass: hashed as it goes, checked after commit
    assert s.read() == data
    s.delete()
    with pytest.raises(NotFound) as e:
        s.stat()
    assert e.value.code == "BLOB_NOT_FOUND"


def test_digest_mismatch_is_refused_and_nothing_is_visible(client: Client, name: str) -> None:
    b = client.blob(name)
    with pytest.raises(InvalidArgument) as e:
        b.upload(b"the real bytes", sha256=hashlib.sha256(b"other bytes").digest())
    assert e.value.code == "BLOB_DIGEST_MISMATCH" and not e.value.retryable
    with pytest.raises(NotFound):
        b.stat()


def test_download_check_refuses_corrupted_bytes() -> None:
    # Fault injection: the stream a gateway would send, with one byte flipped in transit.
    good = b"chunk-one" + b"chunk-two"
    info = BlobInfo("x", len(good), hashlib.sha256(good).hexdigest(), "application/octet-stream")
    msgs = iter([SimpleNamespace(data=b"chunk-one"), SimpleNamespace(data=b"chunk-twO")])
    reader = BlobReader("x", info, msgs, SimpleNamespace(cancel=lambda: None), whole=True)
    with pytest.raises(DataLoss) as e:
        reader.read()
    assert e.value.code == "DIGEST_MISMATCH"


def test_async_blob_round_trip(endpoint: str, name: str) -> None:
    async def run() -> None:
        async with AsyncClient(endpoint) as client:
            data = os.urandom(2 * 1024 * 1024 + 5)
            b = client.blob(name)
            info = await b.upload(data)
            assert info.sha256 == hashlib.sha256(data).hexdigest()
            assert await b.read() == data
            with pytest.raises(InvalidArgument):
                await client.blob(name + "-bad").upload(data, sha256=b"\0" * 32)
    asyncio.run(run())
