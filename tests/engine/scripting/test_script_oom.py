"""Writes from redis.call are refused with OOM when memory is over maxmemory under
noeviction, unless the script declares allow-oom; reads still work."""


def _fill(r):
    for i in range(200):
        r("SET", f"k{i}", "x" * 200)
    used = r.engine.extensions.get("used_memory")
    return used


def test_redis_call_write_refused_over_maxmemory(r):
    _fill(r)
    r("CONFIG", "SET", "maxmemory-policy", "noeviction")
    r("CONFIG", "SET", "maxmemory", "1")
    reply = r("EVAL", "return redis.call('SET', 'new', '1')", "0")
    assert "OOM command not allowed" in reply.message
    assert r("EVAL", "return redis.call('GET', 'k1')", "0") == b"x" * 200
    allowed = r("EVAL", "#!lua flags=allow-oom\nreturn redis.call('SET', 'new', '1')", "0")
    assert allowed == "OK" or allowed == b"OK" or getattr(allowed, "message", "") == ""
