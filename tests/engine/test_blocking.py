"""engine/blocking.py: parking callers, FIFO wake-ups, timeouts, threads and asyncio."""
import asyncio
import threading

import pytest

from redislab.engine import Engine, VirtualClock
from redislab.engine import blocking
from redislab.engine.blocking import Blocked, parse_timeout
from redislab.engine.replies import NULL_ARRAY
from redislab.errors import RedisError


def run(engine, s, *args):
    return engine.execute(s, [a if isinstance(a, bytes) else str(a).encode() for a in args])


@pytest.fixture
def eng():
    return Engine(clock=VirtualClock())


def test_two_threads_brpop_then_lpush():
    engine = Engine()                      # real clock: a real thread waits for real
    worker, producer = engine.session(), engine.session()
    got = []

    def consume():
        b = run(engine, worker, "BRPOP", "jobs", 5)
        got.append(b.wait(5) if isinstance(b, Blocked) else b)

    t = threading.Thread(target=consume)
    t.start()
    for _ in range(500):                   # until the worker is parked
        if blocking.info(engine)["blocked_clients"]:
            break
        threading.Event().wait(0.005)
    assert run(engine, producer, "LPUSH", "jobs", "job-1") == 1
    t.join(5)
    assert got == [[b"jobs", b"job-1"]]
    assert run(engine, producer, "LLEN", "jobs") == 0


def test_fifo_fairness_three_waiters(eng):
    ss = [eng.session() for _ in range(3)]
    bs = [run(eng, s, "BLPOP", "q", 0) for s in ss]
    assert all(isinstance(b, Blocked) for b in bs)
    assert blocking.info(eng) == {"blocked_clients": 3, "total_blocking_keys": 1, "total_blocking_keys_on_nokey": 0}
    p = eng.session()
    run(eng, p, "RPUSH", "q", "a")
    assert bs[0].done and not bs[1].done
    run(eng, p, "RPUSH", "q", "b", "c")
    assert [b.reply for b in bs] == [[b"q", b"a"], [b"q", b"b"], [b"q", b"c"]]
    assert blocking.info(eng)["blocked_clients"] == 0
    assert run(eng, p, "EXISTS", "q") == 0


def test_first_come_first_served_across_keys(eng):
    a, b = eng.session(), eng.session()
    ba = run(eng, a, "BLPOP", "k1", "k2", 0)
    bb = run(eng, b, "BLPOP", "k2", 0)
    run(eng, eng.session(), "RPUSH", "k2", "x")
    assert ba.reply == [b"k2", b"x"] and not bb.done


def test_timeout_with_virtual_clock(eng):
    s = eng.session()
    b = run(eng, s, "BLPOP", "k", "1.5")
    eng.clock.advance(1.4)
    assert not b.done
    eng.clock.advance(0.2)
    assert b.done and b.reply is NULL_ARRAY
    assert b.wait(0) is NULL_ARRAY
    assert s.blocked is None and blocking.info(eng)["blocked_clients"] == 0
    # After timing out, data goes to nobody.
    run(eng, s, "RPUSH", "k", "v")
    assert run(eng, s, "LLEN", "k") == 1


def test_zero_timeout_waits_forever(eng):
    b = run(eng, eng.session(), "BRPOP", "k", 0)
    eng.clock.advance(3600)
    assert not b.done


def test_sub_millisecond_timeout_rounds_up_and_negative_zero_is_forever(eng):
    b = run(eng, eng.session(), "BLPOP", "k", "0.0001")     # 7.2+: ceil to 1 ms (7.0: forever)
    eng.clock.advance(ms=100)
    assert b.done
    b = run(eng, eng.session(), "BLPOP", "k", "-0.0001")    # ceil(-0.1 ms) = 0: forever
    eng.clock.advance(10)
    assert not b.done


def test_timeout_parsing_74():
    assert parse_timeout(b"1.5") == 1.5
    assert parse_timeout(b"0x10") == 16.0                  # strtold reads hex
    assert parse_timeout(b".5") == 0.5 and parse_timeout(b"+1") == 1.0
    assert parse_timeout(b"-0") == 0.0
    for raw, err in [(b"inf", "ERR timeout is out of range"), (b"1e16", "ERR timeout is out of range"),
                     (b"1e300", "ERR timeout is out of range"), (b"-inf", "ERR timeout is negative"),
                     (b"-1", "ERR timeout is negative"), (b"abc", "ERR timeout is not a float or out of range"),
                     (b"nan", "ERR timeout is not a float or out of range"),
                     (b" 1", "ERR timeout is not a float or out of range")]:
        with pytest.raises(RedisError) as e:
            parse_timeout(raw)
        assert e.value.message == err
    with pytest.raises(RedisError, match="timeout is not an integer"):
        parse_timeout(b"1.5", unit_ms=True)
    assert parse_timeout(b"1500", unit_ms=True) == 1.5


def test_timeout_overflowing_the_clock_is_out_of_range(r):
    assert r("BLPOP", "k", "9223372036854775") == RedisError("ERR timeout is out of range")


def test_blpop_inside_multi_returns_nil_at_once(r):
    r("MULTI")
    assert r("BLPOP", "k", 0) == "QUEUED"
    assert r("BLMOVE", "k", "d", "LEFT", "LEFT", 0) == "QUEUED"
    assert r("EXEC") == [NULL_ARRAY, None]


def test_no_block_session_flag(r):
    r.session.no_block = True
    assert r("BRPOP", "k", 0) is NULL_ARRAY


def test_waiters_are_served_after_exec_not_during(eng):
    w = eng.session()
    b = run(eng, w, "BLPOP", "k", 0)
    p = eng.session()
    run(eng, p, "MULTI")
    run(eng, p, "LPUSH", "k", "a")
    run(eng, p, "LPOP", "k")
    assert run(eng, p, "EXEC") == [1, b"a"]
    assert not b.done
    run(eng, p, "MULTI")
    run(eng, p, "LPUSH", "k", "b")
    run(eng, p, "LPUSH", "k", "c")
    run(eng, p, "EXEC")
    assert b.reply == [b"k", b"c"]


def test_blmove_push_wakes_the_next_waiter(eng):
    b1 = run(eng, eng.session(), "BLMOVE", "src", "dst", "LEFT", "RIGHT", 0)
    b2 = run(eng, eng.session(), "BRPOP", "dst", 0)
    run(eng, eng.session(), "RPUSH", "src", "v")
    assert b1.reply == b"v" and b2.reply == [b"dst", b"v"]


def test_wrong_type_write_keeps_waiting_then_rename_wakes(eng):
    p = eng.session()
    b = run(eng, eng.session(), "BLPOP", "k", 0)
    run(eng, p, "SET", "k", "str")
    run(eng, p, "DEL", "k")
    run(eng, p, "SADD", "k", "member")
    assert not b.done
    run(eng, p, "DEL", "k")
    run(eng, p, "RPUSH", "other", "x")
    run(eng, p, "RENAME", "other", "k")
    assert b.reply == [b"k", b"x"]
    b = run(eng, eng.session(), "BLPOP", "k2", 0)
    run(eng, p, "RPUSH", "other", "y")
    run(eng, p, "COPY", "other", "k2")
    assert b.reply == [b"k2", b"y"]


def test_swapdb_wakes_waiters(eng):
    w = eng.session()
    b = run(eng, w, "BLPOP", "k", 0)
    p = eng.session()
    run(eng, p, "SELECT", 1)
    run(eng, p, "RPUSH", "k", "from-db1")
    assert not b.done
    run(eng, p, "SWAPDB", 0, 1)
    assert b.reply == [b"k", b"from-db1"]


def test_closed_session_is_removed(eng):
    s = eng.session()
    b = run(eng, s, "BLPOP", "k", 0)
    eng.close_session(s)
    assert b.done and b.cancelled and b.wait(0) is None
    assert blocking.info(eng)["blocked_clients"] == 0
    run(eng, eng.session(), "RPUSH", "k", "v")
    assert run(eng, eng.session(), "LLEN", "k") == 1


def test_cancel_and_wait_timeout(eng):
    b = run(eng, eng.session(), "BLPOP", "k", 0)
    with pytest.raises(TimeoutError):
        b.wait(0.01)
    assert b.cancel() is True and b.cancel() is False


def test_client_unblock_support(eng):
    s1, s2 = eng.session(), eng.session()
    b1 = run(eng, s1, "BLPOP", "k", 0)
    b2 = run(eng, s2, "BLMOVE", "k", "d", "LEFT", "LEFT", 0)
    m = eng.blocking
    assert m.unblock(s1.id) is True and b1.reply is NULL_ARRAY
    assert m.unblock(s2.id, error=True) is True
    assert b2.reply == RedisError("UNBLOCKED client unblocked via CLIENT UNBLOCK")
    assert m.unblock(s2.id) is False


def test_retry_that_finds_nothing_requeues_with_original_deadline(eng):
    calls = []
    s = eng.session()
    with eng.lock:
        b = blocking.block(s, [b"k"], 2.0, lambda: calls.append(1) or None, NULL_ARRAY, btype=None)
    run(eng, eng.session(), "SADD", "k", "m")    # any type wakes btype=None; attempt says no
    assert calls and not b.done
    eng.clock.advance(2.1)
    assert b.reply is NULL_ARRAY


def test_real_clock_waiter_times_itself_out():
    engine = Engine()
    b = run(engine, engine.session(), "BLPOP", "k", "0.05")
    assert b.wait(5) is NULL_ARRAY


def test_asyncio_two_waiters_served_in_order(eng):
    async def main():
        s1, s2 = eng.session(), eng.session()
        b1 = run(eng, s1, "BLPOP", "q", 0)
        b2 = run(eng, s2, "BLPOP", "q", 0)
        t1 = asyncio.create_task(b1.wait_async())
        t2 = asyncio.create_task(b2.wait_async())
        await asyncio.sleep(0)
        assert not t1.done()
        run(eng, eng.session(), "RPUSH", "q", "first", "second")
        return await asyncio.wait_for(asyncio.gather(t1, t2), 5)

    assert asyncio.run(main()) == [[b"q", b"first"], [b"q", b"second"]]


def test_asyncio_real_clock_timeout_and_thread_push():
    engine = Engine()

    async def main():
        b = run(engine, engine.session(), "BRPOP", "k", "0.05")
        timed_out = await asyncio.wait_for(b.wait_async(), 5)
        b2 = run(engine, engine.session(), "BRPOP", "k", 0)
        threading.Timer(0.02, lambda: run(engine, engine.session(), "LPUSH", "k", "v")).start()
        served = await asyncio.wait_for(b2.wait_async(), 5)
        b3 = run(engine, engine.session(), "BRPOP", "k", 0)
        with pytest.raises(TimeoutError):
            await b3.wait_async(timeout=0.01)
        return timed_out, served

    assert asyncio.run(main()) == (NULL_ARRAY, [b"k", b"v"])


def test_job_queue_example(eng):
    """The guide's job queue: producers LPUSH, a worker BRPOPs oldest-first."""
    producer, worker = eng.session(), eng.session()
    for job in (b"job:1", b"job:2"):
        run(eng, producer, "LPUSH", "queue", job)
    assert run(eng, worker, "BRPOP", "queue", 5) == [b"queue", b"job:1"]
    assert run(eng, worker, "BRPOP", "queue", 5) == [b"queue", b"job:2"]
    b = run(eng, worker, "BRPOP", "queue", 5)
    run(eng, producer, "LPUSH", "queue", "job:3")
    assert b.reply == [b"queue", b"job:3"]
    b = run(eng, worker, "BRPOP", "queue", 5)
    eng.clock.advance(5.1)
    assert b.reply is NULL_ARRAY
