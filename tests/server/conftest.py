"""Fixtures for the RESP server tests: a served engine on a free loopback port, raw sockets."""
from __future__ import annotations

import shutil
import socket
import time

import pytest

from redislab.engine import Engine
from redislab.server import ServerThread
from tests.support.realredis import RealRedis


@pytest.fixture
def served():
    """A ServerThread serving a fresh Engine on 127.0.0.1 (port chosen by the OS)."""
    st = ServerThread(Engine(), port=0).start()
    yield st
    st.stop()


@pytest.fixture(scope="module")
def real():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    srv = RealRedis()
    yield srv
    srv.stop()


def exchange(port: int, data: bytes, settle: float = 0.3, chunks=None) -> tuple[bytes, bool]:
    """Send ``data`` (or each of ``chunks``) and collect the reply bytes until the peer
    closes (-> closed=True) or stays quiet for ``settle`` seconds."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        for part in (chunks if chunks is not None else [data]):
            sock.sendall(part)
        got = b""
        sock.settimeout(settle)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                b = sock.recv(65536)
            except socket.timeout:
                return got, False
            except ConnectionResetError:
                return got, True
            if not b:
                return got, True
            got += b
        return got, False
    finally:
        sock.close()


def read_until(sock: socket.socket, n_bytes_or_marker, timeout: float = 5.0) -> bytes:
    """Read from ``sock`` until ``marker`` (bytes) is in the data or ``n`` bytes arrived."""
    sock.settimeout(timeout)
    got = b""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if isinstance(n_bytes_or_marker, int):
            if len(got) >= n_bytes_or_marker:
                return got
        elif n_bytes_or_marker in got:
            return got
        b = sock.recv(65536)
        if not b:
            return got
        got += b
    return got
