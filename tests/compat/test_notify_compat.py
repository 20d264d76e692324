"""Keyspace notifications: the stream of __keyspace@/__keyevent@ messages each
command fires, compared message by message with redis-server."""
import time

from redislab.protocol.resp import encode

COMMANDS = [
    ("SET", "s", "1"), ("APPEND", "s", "2"), ("INCR", "s"), ("INCRBYFLOAT", "s", "1.5"),
    ("SETRANGE", "s", "0", "9"), ("EXPIRE", "s", "100"), ("PERSIST", "s"), ("GETDEL", "s"),
    ("LPUSH", "l", "a", "b"), ("RPOP", "l"), ("LSET", "l", "0", "z"), ("LTRIM", "l", "1", "0"),
    ("HSET", "h", "f", "v", "g", "w"), ("HINCRBY", "h", "n", "1"), ("HDEL", "h", "f", "g", "n"),
    ("SADD", "st", "a", "b"), ("SREM", "st", "a"), ("SPOP", "st"),
    ("ZADD", "z", "1", "a", "2", "b"), ("ZINCRBY", "z", "1", "a"), ("ZREM", "z", "a"), ("ZPOPMIN", "z"),
    ("SET", "r", "v"), ("RENAME", "r", "r2"), ("COPY", "r2", "r3"), ("DEL", "r2", "r3", "nothing"),
    ("XADD", "x", "1-1", "f", "v"), ("XTRIM", "x", "MAXLEN", "0"), ("XDEL", "x", "1-1"),
    ("SET", "e", "v", "EX", "100"), ("EXPIRE", "e", "0"),
]


def _collect(sink, conn, n_engine_before):
    mine = [encode(m) for m in sink[n_engine_before:]]
    theirs = [conn.read_reply() for _ in mine]
    return mine, theirs


def test_notification_stream(oracle):
    sub = oracle.client()
    sink = []
    sub.session.push = sink.append
    try:
        oracle.same("CONFIG", "SET", "notify-keyspace-events", "KEA")
        mine = encode(oracle.engine.execute(sub.session, [b"PSUBSCRIBE", b"__key*__:*"]))
        sub.conn.send("PSUBSCRIBE", "__key*__:*")
        assert mine == sub.conn.read_reply()
        for cmd in COMMANDS:
            before = len(sink)
            oracle.same(*cmd)
            mine, theirs = _collect(sink, sub.conn, before)
            assert mine == theirs, cmd
        # lazy expiry: the key is found expired when touched
        before = len(sink)
        oracle.same("SET", "t", "v", "PX", "30")
        mine, theirs = _collect(sink, sub.conn, before)
        assert mine == theirs
        before = len(sink)
        time.sleep(0.1)
        sub.conn.sock.settimeout(2)
        oracle.same("GET", "t")
        mine, theirs = _collect(sink, sub.conn, before)
        assert mine and mine == theirs
    finally:
        oracle.same("CONFIG", "SET", "notify-keyspace-events", "")
