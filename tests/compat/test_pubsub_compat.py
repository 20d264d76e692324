"""Pub/Sub replies and message order, compared with a real redis-server.

Raw connections on both sides: subscriber confirmations are read one reply at a
time, and published messages arrive on the subscriber's connection."""
from redislab.protocol.resp import encode


class PushSink:
    def __init__(self):
        self.frames = []

    def __call__(self, msg):
        self.frames.append(msg)


def _engine_sub(oracle):
    side = oracle.client()
    sink = PushSink()
    side.session.push = sink
    return side, sink


def test_subscribe_publish_unsubscribe(oracle):
    sub, sink = _engine_sub(oracle)
    mine = encode(oracle.engine.execute(sub.session, [b"SUBSCRIBE", b"news", b"sport"]))
    sub.conn.send("SUBSCRIBE", "news", "sport")
    theirs = sub.conn.read_reply() + sub.conn.read_reply()
    assert mine == theirs
    assert oracle.same("PUBLISH", "news", "hello") == 1
    assert oracle.same("PUBLISH", "nobody", "x") == 0
    assert encode(sink.frames[0]) == sub.conn.read_reply()
    # RESP2 subscribed mode refuses ordinary commands
    assert sub.same("GET", "k")[1].startswith("ERR Can't execute 'get'")
    sub.same("PING")
    sub.same("PING", "hi")
    mine = oracle.engine.execute(sub.session, [b"UNSUBSCRIBE"])
    sub.conn.send("UNSUBSCRIBE")
    theirs = [sub.conn.read_reply(), sub.conn.read_reply()]
    # Redis walks its channel hash table: the order carries no meaning, the counts do.
    assert sorted(encode(m)[:-4] for m in mine) == sorted(t[:-4] for t in theirs)
    assert [encode(m)[-4:] for m in mine] == [t[-4:] for t in theirs]
    sub.same("GET", "k")


def test_patterns_and_introspection(oracle):
    sub, sink = _engine_sub(oracle)
    mine = encode(oracle.engine.execute(sub.session, [b"PSUBSCRIBE", b"news.*", b"h?llo"]))
    sub.conn.send("PSUBSCRIBE", "news.*", "h?llo")
    assert mine == sub.conn.read_reply() + sub.conn.read_reply()
    mine = encode(oracle.engine.execute(sub.session, [b"SUBSCRIBE", b"news.it"]))
    sub.conn.send("SUBSCRIBE", "news.it")
    assert mine == sub.conn.read_reply()
    assert oracle.same("PUBLISH", "news.it", "m") == 2
    assert [encode(f) for f in sink.frames] == [sub.conn.read_reply(), sub.conn.read_reply()]
    oracle.same("PUBSUB", "NUMPAT")
    oracle.same("PUBSUB", "NUMSUB", "news.it", "none")
    oracle.same("PUBSUB", "CHANNELS")
    oracle.same("PUBSUB", "CHANNELS", "news*")
    oracle.same("PUBSUB", "CHANNELS", "a", "b")
    oracle.same("PUBSUB", "NOPE")
    oracle.same("PUBSUB")
    mine = encode(oracle.engine.execute(sub.session, [b"PUNSUBSCRIBE", b"nothere"]))
    sub.conn.send("PUNSUBSCRIBE", "nothere")
    assert mine == sub.conn.read_reply()


def test_unsubscribe_when_not_subscribed(oracle):
    oracle.same("UNSUBSCRIBE")
    oracle.same("PUNSUBSCRIBE")
    oracle.same("SUBSCRIBE")


def test_keyspace_notifications(oracle):
    sub, sink = _engine_sub(oracle)
    oracle.same("CONFIG", "SET", "notify-keyspace-events", "KEA")
    oracle.same("CONFIG", "GET", "notify-keyspace-events")
    mine = encode(oracle.engine.execute(sub.session, [b"PSUBSCRIBE", b"__key*__:*"]))
    sub.conn.send("PSUBSCRIBE", "__key*__:*")
    assert mine == sub.conn.read_reply()
    oracle.same("SET", "k", "v")
    oracle.same("DEL", "k")
    theirs = [sub.conn.read_reply() for _ in range(4)]
    assert [encode(f) for f in sink.frames] == theirs
