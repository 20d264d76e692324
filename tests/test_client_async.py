"""redislab.asyncio.Redis(): redis.asyncio on the in-process engine."""
import asyncio

import pytest
import redis.asyncio

import redislab.asyncio as ra
from redislab.engine import registry


@pytest.mark.parametrize("proto", [2, 3])
async def test_commands_pipeline_pubsub(proto):
    r = ra.Redis(protocol=proto)
    assert isinstance(r, redis.asyncio.Redis)
    assert await r.set("k", "v") is True
    assert await r.get("k") == b"v"
    assert await r.incr("c") == 1
    with pytest.raises(redis.ResponseError, match="WRONGTYPE"):
        await r.hget("k", "f")
    async with r.pipeline() as p:
        p.set("a", 1).incr("a").get("a")
        assert await p.execute() == [True, 2, b"2"]
    ps = r.pubsub()
    await ps.subscribe("ch")
    assert (await ps.get_message(timeout=1))["type"] == "subscribe"
    other = ra.Redis(r.engine, protocol=proto)
    assert await other.publish("ch", "hi") == 1
    msg = await ps.get_message(timeout=1)
    assert msg["data"] == b"hi"
    await ps.aclose()
    await other.aclose()
    await r.aclose()


async def test_decode_and_concurrency():
    r = ra.Redis(decode_responses=True)
    async def worker():
        for _ in range(20):
            await r.incr("n")

    await asyncio.gather(*(worker() for _ in range(10)))
    assert await r.get("n") == "200"
    await r.aclose()


async def test_blocking_does_not_block_the_loop():
    registry.load_all()
    if registry.lookup("BLPOP") is None:
        pytest.skip("BLPOP not implemented yet")
    r = ra.Redis()
    pusher = ra.Redis(r.engine)

    async def push_later():
        await asyncio.sleep(0.05)
        await pusher.rpush("q", "job")

    res, _ = await asyncio.gather(r.blpop(["q"], timeout=2), push_later())
    assert tuple(res) == (b"q", b"job")
    await r.aclose()
    await pusher.aclose()


async def test_a_pipeline_waits_behind_its_blocking_command():
    # On a socket the commands after BLPOP wait in the server's input buffer: the
    # SET after it must not run before the pop is served (it would read "early").
    r = ra.Redis()
    pusher = ra.Redis(r.engine)
    probe = ra.Redis(r.engine)
    p = r.pipeline(transaction=False)
    p.set("before", 1).blpop(["jobs"], 0).set("after", 2).get("after")

    async def push_later():
        await asyncio.sleep(0.1)
        assert await probe.get("after") is None           # still held behind the BLPOP
        await pusher.rpush("jobs", "j1")

    res, _ = await asyncio.gather(p.execute(), push_later())
    assert res == [True, (b"jobs", b"j1"), True, b"2"]
    for c in (r, pusher, probe):
        await c.aclose()


async def test_pipelines_run_as_one_batch_in_order():
    r = ra.Redis()
    calls = []
    real = r.engine.execute_batch

    def spy(s, cmds, i, replies):
        calls.append(i)
        return real(s, cmds, i, replies)

    r.engine.execute_batch = spy
    p = r.pipeline(transaction=False)
    p.set("a", 1).incr("a").config_get("maxmemory").get("a").lpush("q", "x").incr("q")
    out = await p.execute(raise_on_error=False)
    assert out[:5] == [True, 2, {"maxmemory": "0"}, b"2", 1]
    assert isinstance(out[5], redis.ResponseError) and "WRONGTYPE" in str(out[5])
    assert calls == [0, 2, 3]       # CONFIG GET (index 2) is no data command: run on its own
    async with r.pipeline() as tx:  # MULTI/EXEC inside the packed batch
        tx.set("b", "x").incr("b").get("b")
        res = await tx.execute(raise_on_error=False)
    assert res[0] is True and isinstance(res[1], redis.ResponseError) and res[2] == b"x"
    await r.aclose()


async def test_a_wrapped_execute_sees_every_pipelined_command():
    # The code lab wraps Engine.execute to record a program's commands: then the
    # pipeline must go through it one by one, not around it.
    r = ra.Redis()
    seen = []
    real = r.engine.execute

    def wrapped(s, argv):
        seen.append(argv[0])
        return real(s, argv)

    r.engine.execute = wrapped
    p = r.pipeline(transaction=False)
    p.set("a", 1).get("a")
    assert await p.execute() == [True, b"1"]
    assert seen[-2:] == [b"SET", b"GET"]
    await r.aclose()
