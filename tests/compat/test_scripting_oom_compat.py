"""redis.call of a write while over maxmemory (noeviction), compared with redis-server."""


def test_script_write_over_maxmemory(oracle):
    oracle.same("SET", "k", "v")
    try:
        oracle.same("CONFIG", "SET", "maxmemory-policy", "noeviction")
        oracle.same("CONFIG", "SET", "maxmemory", "1")
        oracle.same("EVAL", "return redis.call('SET', 'new', '1')", "0")
        oracle.same("EVAL", "return redis.pcall('SET', 'new', '1')", "0")
        oracle.same("EVAL", "return redis.call('GET', 'k')", "0")
        oracle.same("EXISTS", "new")
    finally:
        oracle.same("CONFIG", "SET", "maxmemory", "0")
