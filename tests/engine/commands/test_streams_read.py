"""XREAD / XREADGROUP on the engine: BLOCK with VirtualClock timeouts, FIFO wake-ups,
7.4's '+' ID and the 7.2+ error texts the 7.0 oracle does not have."""
import pytest

from redislab.engine.replies import NULL_ARRAY
from redislab.errors import RedisError


@pytest.fixture
def other(engine):
    s = engine.session()

    def run(*args):
        return engine.execute(s, [a if isinstance(a, bytes) else str(a).encode() for a in args])

    run.session = s
    return run


def test_xread_plus_reads_the_last_entry(r):
    assert r("XREAD", "STREAMS", "s", "+") is NULL_ARRAY
    r("XADD", "s", "1-0", "a", "1")
    r("XADD", "s", "2-0", "b", "2")
    assert r("XREAD", "STREAMS", "s", "+") == [[b"s", [[b"2-0", [b"b", b"2"]]]]]
    assert r("XREAD", "COUNT", "5", "STREAMS", "s", "nokey", "+", "+") == [[b"s", [[b"2-0", [b"b", b"2"]]]]]
    assert r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "+") == RedisError(
        "NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option")


def test_unbalanced_texts_74(r):
    assert r("XREAD", "STREAMS", "a", "b", "0") == RedisError(
        "ERR Unbalanced 'xread' list of streams: for each stream key an ID, '+', or '$' must be specified.")
    assert r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "a", "b", "0") == RedisError(
        "ERR Unbalanced 'xreadgroup' list of streams: for each stream key an ID or '>' must be specified.")


def test_block_timeout_on_virtual_clock(r):
    b = r("XREAD", "BLOCK", "1500", "STREAMS", "s", "$")
    assert type(b).__name__ == "Blocked" and not b.done
    r.engine.clock.advance(1)
    assert not b.done
    r.engine.clock.advance(0.6)
    assert b.done and b.reply is NULL_ARRAY


def test_block_overflowing_timeout_is_out_of_range(r):
    assert r("XREAD", "BLOCK", "9223372036854775807", "STREAMS", "s", "0") == RedisError(
        "ERR timeout is out of range")


def test_dollar_is_pinned_when_blocking(r, other):
    r("XADD", "s", "1-0", "f", "v")
    b = r("XREAD", "BLOCK", "0", "STREAMS", "s", "$")
    other("XADD", "s", "2-0", "f", "w")
    assert b.done and b.reply == [[b"s", [[b"2-0", [b"f", b"w"]]]]]


def test_plus_on_empty_stream_waits_for_the_next_entry(r, other):
    b = r("XREAD", "BLOCK", "0", "STREAMS", "s", "+")
    other("XADD", "s", "3-0", "f", "v")
    assert b.done and b.reply == [[b"s", [[b"3-0", [b"f", b"v"]]]]]


def test_xreadgroup_blocked_consumers_are_served_in_order(r, other, engine):
    r("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
    b1 = r("XREADGROUP", "GROUP", "g", "one", "BLOCK", "0", "STREAMS", "s", ">")
    b2 = other("XREADGROUP", "GROUP", "g", "two", "BLOCK", "0", "STREAMS", "s", ">")
    third = engine.session()
    engine.execute(third, [b"XADD", b"s", b"1-0", b"f", b"v"])
    assert b1.done and b1.reply == [[b"s", [[b"1-0", [b"f", b"v"]]]]]
    assert not b2.done
    engine.execute(third, [b"XADD", b"s", b"2-0", b"f", b"v"])
    assert b2.done
    assert r("XPENDING", "s", "g")[3] == [[b"one", b"1"], [b"two", b"1"]]


def test_xreadgroup_unblocked_when_key_or_group_goes(r, other):
    r("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
    b = r("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">")
    other("DEL", "s")
    assert b.done and b.reply == RedisError("UNBLOCKED the stream key no longer exists")
    other("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
    b = r("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">")
    other("XGROUP", "DESTROY", "s", "g")
    assert b.done and b.reply == RedisError(
        "NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option")


def test_xread_not_woken_by_other_types_or_old_entries(r, other):
    r("XADD", "s", "5-0", "f", "v")
    b = r("XREAD", "BLOCK", "0", "STREAMS", "s", "$")
    other("XDEL", "s", "5-0")
    other("XGROUP", "CREATE", "s", "g", "0")
    assert not b.done
    other("XADD", "s", "6-0", "f", "v")
    assert b.done


def test_blocking_inside_multi_and_scripts(r):
    r("MULTI")
    r("XREAD", "BLOCK", "0", "STREAMS", "s", "$")
    assert r("EXEC") == [NULL_ARRAY]
    r.session.in_script = True
    try:
        assert r("XREAD", "BLOCK", "0", "STREAMS", "s", "$") == RedisError(
            "ERR XREAD command is not allowed with BLOCK option from scripts")
    finally:
        r.session.in_script = False


def test_resp3_map_reply(r):
    r("HELLO", "3")
    r("XADD", "s", "1-0", "f", "v")
    reply = r("XREAD", "STREAMS", "s", "0")
    assert type(reply).__name__ == "MapReply"
    assert list(reply) == [(b"s", [[b"1-0", [b"f", b"v"]]])]
