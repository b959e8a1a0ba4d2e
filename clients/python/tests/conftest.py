"""Fixtures for the SDK's tests. They run against a live gateway that the test harness started
(test/clients/python-sdk*.test.ts) and names in the environment; a missing variable is an error,
never a skip."""
from __future__ import annotations

import os
import uuid
from typing import Iterator

import pytest

from quire import Client


def env(name: str) -> str:
    v = os.environ.get(name)
    if not v:
        pytest.fail(f"{name} is not set: these tests run against a live gateway (node scripts/run-tests.mjs test/clients/python-sdk.test.ts)")
    return v


@pytest.fixture
def endpoint() -> str:
    return env("QUIRE_GRPC_ENDPOINT")


@pytest.fixture
def client(endpoint: str) -> Iterator[Client]:
    with Client(endpoint, timeout=60) as c:
        yield c


@pytest.fixture
def name() -> str:
    """A fresh object name per test."""
    return f"pytest/{uuid.uuid4().hex[:12]}"
