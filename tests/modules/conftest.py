"""Fixtures the module tests share (the engine and ``r`` come from tests/conftest.py)."""
import pytest

import redislab


@pytest.fixture
def c(engine):
    """A RESP2 redis-py client on a fresh engine with a virtual clock (decoded replies)."""
    return redislab.Redis(engine, protocol=2, decode_responses=True)


@pytest.fixture
def c3(engine):
    return redislab.Redis(engine, protocol=3, decode_responses=True)


@pytest.fixture
def x(c):
    return c.execute_command
