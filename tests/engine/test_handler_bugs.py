"""A bug in a handler (any exception but RedisError) costs that one reply, through
every way in: the in-process client, MULTI/EXEC, Lua. The engine stays usable."""
import pytest
import redis

import redislab
from redislab.engine import registry


@pytest.fixture
def broken_get(monkeypatch):
    spec = registry.load_all()["get"]

    def boom(s, argv):
        raise ZeroDivisionError("kaboom")

    monkeypatch.setattr(spec, "fn", boom)


def test_client_gets_an_error_reply_and_the_engine_goes_on(broken_get):
    r = redislab.Redis()
    with pytest.raises(redis.ResponseError, match="internal error in 'GET': ZeroDivisionError: kaboom"):
        r.get("k")
    assert r.set("k", "v") is True            # the lock was released, the engine answers
    assert r.info("errorstats")["errorstat_ERR"]["count"] == 1


def test_inside_exec_and_lua_it_is_that_commands_error(broken_get):
    r = redislab.Redis()
    p = r.pipeline(transaction=True)
    p.set("a", 1).get("a").set("b", 2)
    res = p.execute(raise_on_error=False)
    assert res[0] is True and res[2] is True and isinstance(res[1], redis.ResponseError)
    with pytest.raises(redis.ResponseError, match="internal error in 'GET'"):
        r.eval("return redis.call('GET', KEYS[1])", 1, "a")
    assert r.eval("return redis.pcall('GET', KEYS[1])['err'] ~= nil", 1, "a") == 1
