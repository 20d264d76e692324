"""The in-process client raises what redis-py raises against a real redis-server."""
import shutil
import threading
import time

import pytest
import redis

import redislab
from redislab.engine import registry


@pytest.fixture(scope="module")
def real():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    from tests.support.realredis import RealRedis
    srv = RealRedis()
    yield srv
    srv.stop()


CASES = [
    ("LPUSH", "str", "x"),                 # WRONGTYPE -> ResponseError
    ("EVALSHA", "0" * 40, "0"),            # NOSCRIPT -> NoScriptError
    ("NOSUCHCMD", "a"),                    # unknown command
    ("GET",),                              # wrong arity
    ("INCR", "str"),                       # not an integer
    ("SET", "k", "v", "EX", "0"),          # invalid expire
    ("AUTH", "nopass"),                    # AuthenticationError (no password configured)
    ("SELECT", "99"),
]


@pytest.mark.parametrize("proto", [2, 3])
def test_error_classes_match_real_server(real, proto):
    registry.load_all()
    from redis.backoff import NoBackoff
    from redis.retry import Retry
    # no retries: redis-py retries connection-class errors (AUTH) with back-off
    theirs = redis.Redis(port=real.port, protocol=proto, retry=Retry(NoBackoff(), 0))
    ours = redislab.Redis(protocol=proto)
    theirs.flushall()
    for c in (theirs, ours):
        c.set("str", "abc")
    for args in CASES:
        if registry.lookup(args[0]) is None and args[0] != "NOSUCHCMD":
            continue
        got = []
        for c in (theirs, ours):
            try:
                got.append(("ok", c.execute_command(*args)))
            except redis.RedisError as e:
                got.append((type(e), str(e)))
        assert got[0] == got[1], args
    # EXECABORT after a queuing error
    results = []
    for c in (theirs, ours):
        p = c.pipeline()
        p.set("a", 1)
        p.execute_command("GET")             # arity error while queuing
        with pytest.raises(redis.ResponseError) as ei:
            p.execute()
        results.append((type(ei.value), str(ei.value)))
    assert results[0] == results[1]
    theirs.close()


def test_blocking_pop_served_by_another_thread():
    registry.load_all()
    if registry.lookup("BLPOP") is None:
        pytest.skip("BLPOP not implemented yet")
    r = redislab.Redis()
    pusher = redislab.Redis(r.engine)
    t = threading.Timer(0.05, lambda: pusher.rpush("q", "job"))
    t.start()
    assert tuple(r.blpop(["q"], timeout=2)) == (b"q", b"job")
    t.join()
    assert r.blpop(["q"], timeout=0.05) is None


def test_blocking_honours_socket_timeout():
    registry.load_all()
    if registry.lookup("BLPOP") is None:
        pytest.skip("BLPOP not implemented yet")
    r = redislab.Redis(socket_timeout=0.1)
    t0 = time.monotonic()
    with pytest.raises(redis.TimeoutError):
        r.blpop(["never"], timeout=0)
    assert time.monotonic() - t0 < 2
    assert r.ping()
