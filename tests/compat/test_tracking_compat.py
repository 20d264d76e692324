"""Client-side caching (CLIENT TRACKING and friends) against a real redis-server 7.0.

Invalidations are out-of-band, so each check ends with a PING on the tracking
connection and compares everything that arrived before its PONG, byte for byte.
"""
from __future__ import annotations

import pytest

from redislab.protocol.resp import encode


def tracker(side):
    """Collect the engine session's pushes as RESP bytes, as a socket would see them."""
    side.pushes = []
    side.session.push = lambda msg: side.pushes.append(encode(msg, side.session.resp))
    return side


def drain(side) -> tuple[list, list]:
    """(engine frames, server frames) up to and including the reply to PING."""
    mine = side.pushes + [encode(side.engine.execute(side.session, [b"PING"]), side.session.resp)]
    side.pushes = []
    side.conn.send("PING")
    theirs = []
    while True:
        frame = side.conn.read_reply()
        theirs.append(frame)
        if frame in (b"+PONG\r\n",) or frame.startswith(b"*2\r\n$4\r\npong"):
            break
    return mine, theirs


def same_frames(side):
    mine, theirs = drain(side)
    assert mine == theirs, f"\n engine: {mine!r}\n redis:  {theirs!r}"


def ids(side) -> tuple[int, int]:
    """(engine id, server id) of one connection: REDIRECT arguments differ per side."""
    return side.session.id, int(side.conn.command("CLIENT", "ID")[1:-2])


def both(side, *args, redirect_to=None):
    """Run a command whose REDIRECT argument names ``redirect_to`` (its (engine id, server id))."""
    mine_id, real_id = redirect_to
    ea = [str(mine_id) if a == "{id}" else a for a in args]
    ra = [str(real_id) if a == "{id}" else a for a in args]
    mine = encode(side.engine.execute(side.session, [x.encode() for x in ea]), side.session.resp)
    theirs = side.conn.command(*ra)
    assert mine == theirs, f"{args}\n engine: {mine!r}\n redis:  {theirs!r}"


ERRORS = [
    ("maybe",), ("on", "redirect"), ("on", "redirect", "999999"), ("on", "redirect", "x"),
    ("on", "redirect", "0"), ("on", "prefix", "a"), ("on", "bcast", "prefix", "a", "prefix", "ab"),
    ("on", "bcast", "optin"), ("on", "optin", "optout"), ("on", "noloop", "foo"), ("off", "redirect", "999999"),
    ("on", "bcast", "prefix"), ("off", "bcast"), ("on",), ("off",), ("ON", "OPTIN"), ("on", "optout"),
]


@pytest.mark.parametrize("args", ERRORS, ids=lambda a: " ".join(a))
def test_tracking_argument_errors(oracle, args):
    oracle.same("CLIENT", "TRACKING", *args)
    oracle.same("CLIENT", "TRACKINGINFO")
    oracle.same("CLIENT", "GETREDIR")


@pytest.mark.parametrize("resp", ["2", "3"])
def test_modes_info_caching(oracle, resp):
    oracle.run("HELLO", resp)   # version and id differ
    for step in (("CLIENT", "TRACKINGINFO"), ("CLIENT", "CACHING", "yes"),
                 ("CLIENT", "TRACKING", "on", "optin"), ("CLIENT", "TRACKING", "on", "optout"),
                 ("CLIENT", "TRACKING", "on", "bcast"), ("CLIENT", "CACHING", "no"),
                 ("CLIENT", "CACHING", "yes"), ("CLIENT", "CACHING", "maybe"), ("CLIENT", "TRACKINGINFO"),
                 ("GET", "x"), ("CLIENT", "TRACKINGINFO"), ("CLIENT", "TRACKING", "on"),
                 ("CLIENT", "TRACKINGINFO"), ("CLIENT", "TRACKING", "off"),
                 ("CLIENT", "TRACKING", "on", "optout", "noloop"), ("CLIENT", "CACHING", "no"),
                 ("CLIENT", "TRACKINGINFO"), ("CLIENT", "GETREDIR"), ("CLIENT", "TRACKING", "off"),
                 ("CLIENT", "TRACKING", "on", "bcast", "prefix", "b", "prefix", "a", "noloop"),
                 ("CLIENT", "TRACKING", "on", "bcast", "prefix", "a"),
                 ("CLIENT", "TRACKING", "on", "bcast", "prefix", "c"),
                 ("CLIENT", "TRACKINGINFO"), ("CLIENT", "TRACKING", "on", "bcast"),
                 ("CLIENT", "TRACKINGINFO"), ("CLIENT", "TRACKING", "off"),
                 ("CLIENT", "TRACKING", "on", "bcast"), ("CLIENT", "TRACKING", "on", "bcast", "prefix", "x"),
                 ("CLIENT", "TRACKINGINFO"), ("RESET",), ("CLIENT", "TRACKINGINFO")):
        oracle.same(*step)


def test_resp3_default_mode_invalidations(oracle):
    c1 = tracker(oracle.client())
    c2 = oracle.client()
    c1.run("HELLO", "3")   # version and id differ
    c1.same("CLIENT", "TRACKING", "on")
    c1.same("GET", "k")
    c1.same("MGET", "a", "b", "c")
    c2.same("SET", "k", "1")
    same_frames(c1)
    c2.same("SET", "k", "2")                  # no longer tracked: nothing is sent
    same_frames(c1)
    c2.same("MSET", "a", "1", "b", "2")
    same_frames(c1)
    c1.same("SET", "c", "own")                # its own write invalidates it too (no NOLOOP)
    same_frames(c1)
    c1.same("GET", "x")
    c1.same("HGETALL", "h")
    c2.same("FLUSHALL")
    same_frames(c1)
    c2.same("HSET", "h", "f", "v")
    same_frames(c1)


def test_resp3_noloop_and_expire(oracle):
    c1 = tracker(oracle.client())
    c2 = oracle.client()
    c1.run("HELLO", "3")   # version and id differ
    c1.same("CLIENT", "TRACKING", "on", "noloop")
    c1.same("GET", "k")
    c1.same("SET", "k", "v")
    same_frames(c1)
    c1.same("GET", "k")
    c2.same("DEL", "k")
    same_frames(c1)
    c1.same("GET", "e")
    c2.same("SET", "e", "v")
    same_frames(c1)
    c1.same("GET", "e")
    c2.same("EXPIRE", "e", "100")
    same_frames(c1)


def test_optin_optout(oracle):
    c1 = tracker(oracle.client())
    c2 = oracle.client()
    c1.run("HELLO", "3")   # version and id differ
    c1.same("CLIENT", "TRACKING", "on", "optin")
    c1.same("GET", "a")                       # not tracked: no CACHING yes
    c1.same("CLIENT", "CACHING", "yes")
    c1.same("GET", "b")                       # tracked
    c1.same("GET", "c")                       # the yes applied to one command only
    c2.same("MSET", "a", "1", "b", "1", "c", "1")
    same_frames(c1)
    c1.same("CLIENT", "CACHING", "yes")
    c1.same("MULTI")
    c1.same("GET", "a")
    c1.same("GET", "c")
    c1.same("EXEC")
    c2.same("MSET", "a", "2", "c", "2")
    same_frames(c1)
    c1.same("CLIENT", "TRACKING", "off")
    c1.same("CLIENT", "TRACKING", "on", "optout")
    c1.same("CLIENT", "CACHING", "no")
    c1.same("GET", "a")
    c1.same("GET", "b")
    c2.same("MSET", "a", "3", "b", "3")
    same_frames(c1)


def test_bcast(oracle):
    c1 = tracker(oracle.client())
    c2 = oracle.client()
    c1.run("HELLO", "3")   # version and id differ
    c1.same("CLIENT", "TRACKING", "on", "bcast", "prefix", "user:", "prefix", "obj:")
    c2.same("SET", "user:1", "x")
    same_frames(c1)
    c2.same("MSET", "user:2", "x", "other", "y", "user:3", "z")
    same_frames(c1)
    c2.same("SET", "obj:1", "x")
    c2.same("SET", "nope", "x")
    same_frames(c1)
    c1.same("SET", "user:9", "mine")
    same_frames(c1)


def test_resp2_redirect_to_subscriber(oracle):
    listener = tracker(oracle.client())
    c1 = oracle.client()
    c2 = oracle.client()
    lid = ids(listener)
    listener.same("SUBSCRIBE", "__redis__:invalidate")
    both(c1, "CLIENT", "TRACKING", "on", "REDIRECT", "{id}", redirect_to=lid)
    mine, theirs = c1.engine.execute(c1.session, [b"CLIENT", b"GETREDIR"]), c1.conn.command("CLIENT", "GETREDIR")
    assert (mine == lid[0]) and theirs == b":%d\r\n" % lid[1]
    c1.same("GET", "k")
    c2.same("SET", "k", "v")
    same_frames(listener)
    c1.same("GET", "k")
    c2.same("FLUSHDB")
    same_frames(listener)


def test_resp3_redirect_and_broken_redirect(oracle):
    listener = tracker(oracle.client())
    c1 = tracker(oracle.client())
    c2 = oracle.client()
    listener.run("HELLO", "3")   # version and id differ
    c1.run("HELLO", "3")
    lid = ids(listener)
    both(c1, "CLIENT", "TRACKING", "on", "REDIRECT", "{id}", redirect_to=lid)
    c1.same("GET", "k")
    c2.same("SET", "k", "v")
    same_frames(listener)
    same_frames(c1)
    c1.same("GET", "k")
    both(c2, "CLIENT", "KILL", "ID", "{id}", redirect_to=lid)
    c2.same("SET", "k", "w")
    mine, theirs = drain(c1)
    # The broken-redirect push names the (side-specific) id of the vanished client.
    assert [f.replace(b":%d" % lid[0], b":ID") for f in mine] == \
        [f.replace(b":%d" % lid[1], b":ID") for f in theirs]
    mine, theirs = c1.run("CLIENT", "TRACKINGINFO")
    assert mine.replace(b":%d" % lid[0], b":ID") == theirs.replace(b":%d" % lid[1], b":ID")
