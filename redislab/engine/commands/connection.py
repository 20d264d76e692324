"""Connection commands: PING, ECHO, SELECT, HELLO, AUTH, CLIENT, QUIT, RESET."""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import to_int
from ..registry import Int, Str, command
from ..replies import OK, PONG, Push


@command("PING", arity=-1, flags="fast", group="connection",
         summary="Check the connection is alive; the server answers PONG or echoes the message.",
         complexity="O(1)", since="1.0.0", args=(Str("message", optional=True),))
def ping(s, argv):
    if len(argv) > 2:
        raise errors.wrong_arity("ping")
    if s.resp == 2 and (s.channels or s.patterns or s.shard_channels):
        return Push([b"pong", argv[1] if len(argv) == 2 else b""])
    return argv[1] if len(argv) == 2 else PONG


@command("ECHO", arity=2, flags="fast", group="connection",
         summary="Return the given message unchanged.", complexity="O(1)", since="1.0.0",
         args=(Str("message"),))
def echo(s, argv):
    return argv[1]


@command("SELECT", arity=2, flags="loading stale fast", group="connection",
         summary="Switch this connection to another numbered database.",
         complexity="O(1)", since="1.0.0", args=(Int("index"),))
def select(s, argv):
    n = to_int(argv[1], errors.NOT_INTEGER)
    if n < 0 or n >= len(s.engine.keyspace.dbs):
        raise RedisError(errors.DB_INDEX_OUT_OF_RANGE)
    s.select(n)
    return OK
