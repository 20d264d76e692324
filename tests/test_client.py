"""redislab.Redis(): a real redis-py client on the in-process engine."""
import json
import threading

import pytest
import redis

import redislab
from redislab.engine import Engine, registry


def needs(*names):
    registry.load_all()
    missing = [n for n in names if registry.lookup(n) is None]
    if missing:
        pytest.skip(f"engine lacks {missing}")


def test_is_a_redis_py_client_with_its_own_engine():
    r = redislab.Redis()
    assert isinstance(r, redis.Redis) and isinstance(r.engine, Engine)
    assert redislab.Redis().engine is not r.engine
    assert r.ping() is True


def test_guide_cache_aside():
    needs("SETEX")
    r = redislab.Redis()

    def get_user(user_id, db_calls=[]):
        cached = r.get(f"user:{user_id}")
        if cached:
            return json.loads(cached)
        db_calls.append(user_id)
        user = {"id": user_id, "name": "Ada"}
        r.setex(f"user:{user_id}", 3600, json.dumps(user))
        return user

    calls = []
    assert get_user(1, calls) == {"id": 1, "name": "Ada"}
    assert get_user(1, calls) == {"id": 1, "name": "Ada"}
    assert calls == [1]
    assert 3590 < r.ttl("user:1") <= 3600


def test_guide_lock_and_counter():
    r = redislab.Redis()
    assert r.set("lock:job", "1", nx=True, ex=10) is True
    assert r.set("lock:job", "1", nx=True, ex=10) is None
    assert r.incr("visits") == 1 and r.incr("visits") == 2
    assert r.incrby("visits", 10) == 12


def test_pipelines_with_and_without_transaction():
    r = redislab.Redis()
    p = r.pipeline(transaction=False)
    for i in range(100):
        p.set(f"k{i}", i)
    p.get("k42")
    assert p.execute()[-2:] == [True, b"42"]
    with r.pipeline() as p:
        p.set("a", 1).incr("a").get("a")
        assert p.execute() == [True, 2, b"2"]


def test_transaction_errors_like_redis_py():
    r = redislab.Redis()
    r.set("s", "x")
    p = r.pipeline()
    p.set("t", 1).lpush("s", "x").incr("t")
    with pytest.raises(redis.ResponseError, match="WRONGTYPE"):
        p.execute()
    assert r.get("t") == b"2"           # the other commands of the EXEC ran
    p = r.pipeline()
    p.set("u", 1).incr("u")
    assert p.execute(raise_on_error=False) == [True, 2]


def test_watch_conflict_raises_watch_error():
    r = redislab.Redis()
    other = redislab.Redis(r.engine)
    r.set("bal", 10)
    with r.pipeline() as p:
        p.watch("bal")
        other.set("bal", 99)
        p.multi()
        p.set("bal", 0)
        with pytest.raises(redis.WatchError):
            p.execute()


def test_threads_share_one_engine():
    e = Engine()
    clients = [redislab.Redis(e) for _ in range(4)]

    def work(c):
        for _ in range(1000):
            c.incr("counter")

    threads = [threading.Thread(target=work, args=(c,)) for c in clients for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert clients[0].get("counter") == b"8000"


def test_one_client_many_threads_uses_pool_sessions():
    r = redislab.Redis()
    threads = [threading.Thread(target=lambda: [r.incr("n") for _ in range(500)]) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert int(r.get("n")) == 2000


def test_decode_responses_and_encoding():
    r = redislab.Redis(decode_responses=True)
    assert r.set("k", "café") is True
    assert r.get("k") == "café"
    assert r.mset({"a": 1, "b": 2.5}) is True
    assert r.mget("a", "b", "zz") == ["1", "2.5", None]
    assert r.echo("hi") == "hi"
    raw = redislab.Redis(r.engine)
    assert raw.get("k") == "café".encode()
    latin = redislab.Redis(r.engine, encoding="latin-1")
    latin.set("l", "é")
    assert raw.get("l") == b"\xe9"
    with pytest.raises(redis.DataError):
        r.set("k", True)


@pytest.mark.parametrize("proto", [2, 3])
def test_resp_versions_give_redis_py_shapes(proto):
    r = redislab.Redis(protocol=proto)
    r.hset("h", mapping={"f": "v"})
    r.zadd("z", {"m": 1.5})
    r.sadd("s", "a")
    assert r.hgetall("h") == {b"f": b"v"}
    assert r.zscore("z", "m") == 1.5
    assert r.smembers("s") == {b"a"}
    # redis-py itself gives pairs as lists under RESP3 and tuples under RESP2
    pair = [b"m", 1.5] if proto == 3 else (b"m", 1.5)
    assert r.zrange("z", 0, -1, withscores=True) == [pair]
    conn = r.connection_pool.get_connection()
    if proto == 3:
        assert conn.handshake_metadata[b"proto"] == 3
    r.connection_pool.release(conn)


def test_default_protocol_matches_redis_py():
    conn = redislab.Redis().connection_pool.get_connection()
    assert conn.protocol == redis.connection.DEFAULT_RESP_VERSION


@pytest.mark.parametrize("proto", [2, 3])
def test_pubsub(proto):
    r = redislab.Redis(protocol=proto)
    pub = redislab.Redis(r.engine, protocol=proto)
    ps = r.pubsub(ignore_subscribe_messages=True)
    ps.subscribe("news")
    assert ps.get_message(timeout=0.1) is None         # the confirmation is skipped
    assert pub.publish("news", "hi") == 1
    msg = ps.get_message(timeout=1)
    assert msg == {"type": "message", "pattern": None, "channel": b"news", "data": b"hi"}
    ps.close()
    got = []
    ps = r.pubsub()
    ps.psubscribe(**{"n*": lambda m: got.append(m["data"])})
    worker = ps.run_in_thread(sleep_time=0.01)
    try:
        pub.publish("nx", "from-thread")
        for _ in range(200):
            if got:
                break
            threading.Event().wait(0.01)
    finally:
        worker.stop()
        worker.join(2)
    assert got == [b"from-thread"]
    ps.close()


def test_sessions_close_with_connections():
    e = Engine()
    r = redislab.Redis(e)
    r.ping()
    assert len(e.clients) == 1
    r.connection_pool.disconnect()
    assert len(e.clients) == 0
    r.ping()                             # reconnects with a fresh session
    assert len(e.clients) == 1


def test_select_db_and_from_url():
    e = Engine()
    r1 = redislab.Redis(e, db=1)
    r1.set("k", "one")
    assert redislab.Redis(e).get("k") is None
    assert redislab.Redis.from_url("redis://localhost:6379/1", engine=e).get("k") == b"one"


def test_raw_packed_command_is_parsed():
    r = redislab.Redis(protocol=2)
    conn = r.connection_pool.get_connection()
    conn.send_packed_command(b"*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$1\r\n1\r\n*2\r\n$3\r\nGET\r\n$1\r\nx\r\n")
    assert conn.read_response() == b"OK" and conn.read_response() == b"1"
    assert not conn.can_read()
    r.connection_pool.release(conn)


def test_pipelines_mix_batched_and_other_commands_in_order():
    r = redislab.Redis()
    p = r.pipeline(transaction=False)
    p.set("a", 1).incr("a").config_get("maxmemory").get("a").lpush("q", "x").incr("q")
    out = p.execute(raise_on_error=False)
    assert out[:5] == [True, 2, {"maxmemory": "0"}, b"2", 1]
    assert isinstance(out[5], redis.ResponseError) and "WRONGTYPE" in str(out[5])
    with r.pipeline() as tx:                                  # MULTI/EXEC inside the packed batch
        tx.set("b", "x").get("b")
        assert tx.execute() == [True, b"x"]


def test_a_pipeline_waits_behind_its_blocking_command():
    e = Engine()
    r, pusher = redislab.Redis(engine=e), redislab.Redis(engine=e)
    p = r.pipeline(transaction=False)
    p.set("before", 1).blpop("jobs", 0).get("before").set("after", 2)
    t = threading.Timer(0.2, lambda: pusher.rpush("jobs", "j1"))
    t.start()
    assert p.execute() == [True, (b"jobs", b"j1"), b"1", True]
    t.join()
