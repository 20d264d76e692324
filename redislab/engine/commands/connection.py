"""Connection commands: PING, ECHO, SELECT, HELLO, AUTH, CLIENT, QUIT, RESET."""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import text, to_int, upper
from ..registry import Block, Int, Str, command
from ..replies import OK, PONG, Push, Status


@command("PING", arity=-1, flags="fast", group="connection",
         tips="request_policy:all_shards response_policy:all_succeeded",
         summary="Check the connection is alive; the server answers PONG or echoes the message.",
         complexity="O(1)", since="1.0.0", args=(Str("message", optional=True),))
def ping(s, argv):
    if len(argv) > 2:
        raise errors.wrong_arity("ping")
    if s.resp == 2 and (s.channels or s.patterns or s.shard_channels):
        return Push([b"pong", argv[1] if len(argv) == 2 else b""])
    return argv[1] if len(argv) == 2 else PONG


@command("ECHO", arity=2, flags="loading stale fast", group="connection",
         summary="Return the given message unchanged.", complexity="O(1)", since="1.0.0",
         args=(Str("message"),))
def echo(s, argv):
    return argv[1]


@command("SELECT", arity=2, flags="loading stale fast", group="connection",
         summary="Switch this connection to another numbered database.",
         complexity="O(1)", since="1.0.0", args=(Int("index"),))
def select(s, argv):
    n = to_int(argv[1], errors.NOT_INTEGER)
    # Redis reads the index as a C int first: outside it is a range error, not a db one.
    if not -2**31 <= n < 2**31:
        raise RedisError(errors.INT_RANGE)
    if n < 0 or n >= len(s.engine.keyspace.dbs):
        raise RedisError(errors.DB_INDEX_OUT_OF_RANGE)
    s.select(n)
    return OK


# ------------------------------------------------------------- HELLO / AUTH

def check_password(s, user: bytes, password: bytes) -> bool:
    """True when ``user``/``password`` may log in. The ACL module, when loaded, installs
    its own check as ``engine.extensions["auth"]``; without it there is one user,
    ``default``, guarded by ``requirepass`` (no password: anything goes)."""
    hook = s.engine.extensions.get("auth")
    if hook is not None:
        return hook(s, user, password)
    if user != b"default":
        return False
    required = s.engine.config.values.get("requirepass") or ""
    return not required or password == (required.encode() if isinstance(required, str) else required)


def default_user_nopass(engine) -> bool:
    hook = engine.extensions.get("default_nopass")
    if hook is not None:
        return hook()
    return not engine.config.values.get("requirepass")


def valid_client_attr(v: bytes) -> bool:
    # Names travel inside CLIENT LIST lines, so only printable ASCII without spaces is allowed.
    return all(33 <= c <= 126 for c in v)


def _auth(s, user: bytes, password: bytes) -> None:
    if not check_password(s, user, password):
        raise RedisError(errors.WRONGPASS)
    s.user = text(user)
    s.authenticated = True


@command("AUTH", arity=-2, flags="noscript loading stale fast no_auth allow_busy", group="connection",
         summary="Log this connection in, with a password or a user name and password.",
         complexity="O(N) where N is the number of passwords defined for the user", since="1.0.0",
         history=(("6.0.0", "Added ACL style (username and password)."),),
         args=(Str("username", optional=True, since="6.0.0"), Str("password")))
def auth(s, argv):
    if len(argv) > 3:
        raise RedisError(errors.SYNTAX)
    if len(argv) == 2:
        if default_user_nopass(s.engine):
            raise RedisError(errors.AUTH_NO_PASSWORD)
        _auth(s, b"default", argv[1])
    else:
        _auth(s, argv[1], argv[2])
    return OK


def hello_reply(s) -> dict:
    from ...cluster.cluster import replication_of
    from ...modules import entries
    from ..info import REDIS_VERSION

    rep = replication_of(s.engine)
    role = b"replica" if rep is not None and rep[0] is not None else b"master"
    return {b"server": b"redis", b"version": REDIS_VERSION.encode(), b"proto": s.resp,
            b"id": s.id, b"mode": b"cluster" if s.engine.config.get("cluster-enabled") else b"standalone",
            b"role": role, b"modules": entries()}


@command("HELLO", arity=-1, flags="noscript loading stale fast no_auth allow_busy", group="connection",
         summary="Pick the protocol version (RESP2 or RESP3), optionally logging in and naming the "
                 "connection, and describe the server.",
         complexity="O(1)", since="6.0.0",
         history=(("6.2.0", "`protover` made optional; without arguments the command only reports "
                            "the connection's context."),),
         args=(Block("arguments", Int("protover"),
                     Block("username-password", Str("username"), Str("password"), token="AUTH", optional=True),
                     Str("clientname", token="SETNAME", optional=True), optional=True),))
def hello(s, argv):
    ver = None
    if len(argv) >= 2:
        try:
            ver = to_int(argv[1])
        except RedisError:
            raise errors.err("Protocol version is not an integer or out of range") from None
        if ver < 2 or ver > 3:
            raise RedisError("NOPROTO unsupported protocol version")
    user = password = name = None
    i = 2
    while i < len(argv):
        opt = upper(argv[i])
        more = len(argv) - i - 1
        if opt == b"AUTH" and more >= 2:
            user, password = argv[i + 1], argv[i + 2]
            i += 3
        elif opt == b"SETNAME" and more >= 1:
            name = argv[i + 1]
            if not valid_client_attr(name):
                raise RedisError(errors.CLIENT_NAME_CHARS)
            i += 2
        else:
            raise errors.err(f"Syntax error in HELLO option '{text(argv[i])}'")
    if user is not None:
        _auth(s, user, password)
    if not s.authenticated:
        raise RedisError(errors.NOAUTH_HELLO)
    if name is not None:
        s.name = text(name) if name else None
    if ver is not None:
        s.resp = ver
    return hello_reply(s)


@command("QUIT", arity=-1, flags="noscript loading stale fast no_auth allow_busy", group="connection",
         summary="Close the connection once the reply has been sent.", complexity="O(1)", since="1.0.0",
         doc_flags="deprecated", deprecated_since="7.2.0", replaced_by="just closing the connection")
def quit_(s, argv):
    # The front end (RESP server, in-process client) closes after delivering this reply.
    s.flags.add("close_after_reply")
    return OK


@command("RESET", arity=1, flags="noscript loading stale fast no_auth allow_busy", group="connection",
         summary="Return the connection to the state of a fresh one.", complexity="O(1)", since="6.2.0")
def reset(s, argv):
    engine = s.engine
    s.multi = None
    s.multi_error = False
    engine.unwatch(s)
    hooks = engine.extensions.get("on_reset", ())
    for hook in hooks:             # pub/sub, tracking, ... undo their own per-session state
        hook(s)
    s.channels.clear()
    s.patterns.clear()
    s.shard_channels.clear()
    s.tracking = None
    if s.monitor:
        s.monitor = False
        engine.monitors.discard(s)
    s.select(0)
    s.resp = 2
    s.name = None
    s.no_evict = s.no_touch = False
    s.reply_mode = "on"
    s.flags.discard("asking")
    s.flags.discard("readonly")
    s.user = "default"
    s.authenticated = default_user_nopass(engine)
    return Status("RESET")


from . import connection_client  # noqa: E402,F401  (CLIENT subcommands register themselves)
