"""CLIENT and its subcommands: naming, listing, killing and tuning connections.

Sessions are the engine's clients (``engine.clients``). Things only a front end can
do are left as flags on the session for it to act on:
  * ``"close_after_reply"`` in ``s.flags`` (QUIT, CLIENT KILL of oneself): send the
    reply, then close;
  * ``s.reply_mode`` "on" | "off" | "skip_next" | "skip" (CLIENT REPLY): the front end
    drops replies while it is "off"; "skip_next" drops this reply and becomes "skip",
    which drops the next one and turns back to "on".
Killed sessions are closed through ``engine.close_session``; a front end notices
``s.closed`` and hangs up.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from .. import pause, registry
from ..args import INT64_MAX, text, to_int, upper
from ..registry import Block, Int, OneOf, Str, Token, command
from ..replies import OK, Verbatim, help_reply
from .connection import valid_client_attr

registry.container("CLIENT", group="connection", summary="A container for connection management commands.",
                   since="2.4.0")

_CLIENT = dict(group="connection", flags="noscript loading stale")
_ADMIN = dict(group="connection", flags="admin noscript loading stale")
_TYPES = {b"normal": "normal", b"master": "master", b"replica": "replica", b"slave": "replica",
          b"pubsub": "pubsub"}


def client_type(c) -> str:
    if c.channels or c.patterns or c.shard_channels:
        return "pubsub"
    return c.extra.get("client_type", "normal")


def _flag_letters(c) -> str:
    f = ""
    if c.monitor:
        f += "O"
    if c.subscriptions:
        f += "P"
    if c.multi is not None:
        f += "x"
    if c.blocked is not None:
        f += "b"
    if c.tracking:
        f += "t"
    if c.dirty_cas:
        f += "d"
    if "close_after_reply" in c.flags:
        f += "c"
    if c.kind == "unix":
        f += "U"
    if "readonly" in c.flags:
        f += "r"
    if c.no_evict:
        f += "e"
    if c.no_touch:
        f += "T"
    return f or "N"


def client_line(c, current=None, cmd: str | None = None) -> str:
    """One CLIENT LIST / CLIENT INFO line, with the fields of Redis 7.4 in its order.
    Buffer sizes are the values an idle connection shows: the engine keeps none."""
    now = c.engine.clock.time_ms()
    if cmd is None:
        cmd = c.last_cmd
    redir = getattr(c.tracking, "redirect", -1) if c.tracking else -1
    return (
        f"id={c.id} addr={c.addr} laddr={c.laddr} fd={c.extra.get('fd', -1)} name={c.name or ''} "
        f"age={max(0, now - c.created_ms) // 1000} idle={max(0, now - c.last_ms) // 1000} "
        f"flags={_flag_letters(c)} db={c.dbnum} sub={len(c.channels)} psub={len(c.patterns)} "
        f"ssub={len(c.shard_channels)} multi={-1 if c.multi is None else len(c.multi)} "
        f"watch={len(c.watched)} qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 "
        f"obl=0 oll=0 omem=0 tot-mem=1024 events=r cmd={cmd} user={c.user} redir={redir} "
        f"resp={c.resp} lib-name={c.lib_name} lib-ver={c.lib_ver}"
    )


def _parse_type(v) -> str:
    t = _TYPES.get(bytes(v).lower())
    if t is None:
        raise errors.err(f"Unknown client type '{text(v)}'")
    return t


@command("CLIENT|ID", arity=2, **_CLIENT, summary="Return this connection's unique id.",
         complexity="O(1)", since="5.0.0")
def client_id(s, argv):
    return s.id


@command("CLIENT|SETNAME", arity=3, **_CLIENT, summary="Give this connection a name (empty clears it).",
         complexity="O(1)", since="2.6.9", args=(Str("connection-name"),))
def client_setname(s, argv):
    name = argv[2]
    if not valid_client_attr(name):
        raise RedisError(errors.CLIENT_NAME_CHARS)
    s.name = text(name) if name else None
    return OK


@command("CLIENT|GETNAME", arity=2, **_CLIENT, summary="Return this connection's name, or nil.",
         complexity="O(1)", since="2.6.9")
def client_getname(s, argv):
    return s.name.encode() if s.name else None


@command("CLIENT|SETINFO", arity=4, group="connection", flags="noscript loading stale allow_busy",
         summary="Record which client library (and version) this connection uses.",
         complexity="O(1)", since="7.2.0",
         args=(OneOf("attr", Str("libname", token="LIB-NAME"), Str("libver", token="LIB-VER")),))
def client_setinfo(s, argv):
    attr = upper(argv[2])
    if attr not in (b"LIB-NAME", b"LIB-VER"):
        raise errors.err(f"Unrecognized option '{text(argv[2])}'")
    if not valid_client_attr(argv[3]):
        raise errors.err(f"{text(argv[2])} cannot contain spaces, newlines or special characters.")
    if attr == b"LIB-NAME":
        s.lib_name = text(argv[3])
    else:
        s.lib_ver = text(argv[3])
    return OK


@command("CLIENT|INFO", arity=2, **_CLIENT, tips="nondeterministic_output",
         summary="Describe this connection, as one CLIENT LIST line.", complexity="O(1)", since="6.2.0")
def client_info(s, argv):
    return Verbatim(client_line(s, cmd="client|info") + "\n")


@command("CLIENT|LIST", arity=-2, **_ADMIN, tips="nondeterministic_output",
         summary="Describe the connected clients, one line each, optionally filtered by type or id.",
         complexity="O(N) where N is the number of client connections", since="2.4.0",
         history=(("2.8.12", "Added unique client `id` field."), ("5.0.0", "Added optional `TYPE` filter."),
                  ("6.0.0", "Added `user` field."),
                  ("6.2.0", "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter."),
                  ("7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields."), ("7.0.3", "Added `ssub` field."),
                  ("7.2.0", "Added `lib-name` and `lib-ver` fields."), ("7.4.0", "Added `watch` field.")),
         args=(OneOf("client-type", Token("NORMAL"), Token("MASTER"), Token("REPLICA"), Token("PUBSUB"),
                     token="TYPE", optional=True, since="5.0.0"),
               Int("client-id", token="ID", optional=True, multiple=True, since="6.2.0")))
def client_list(s, argv):
    clients = list(s.engine.clients.values())
    if len(argv) == 4 and upper(argv[2]) == b"TYPE":
        t = _parse_type(argv[3])
        clients = [c for c in clients if client_type(c) == t]
    elif len(argv) >= 4 and upper(argv[2]) == b"ID":
        by_id = s.engine.clients
        chosen = []
        for raw in argv[3:]:
            try:
                cid = to_int(raw)
            except RedisError:
                raise errors.err("Invalid client ID") from None
            c = by_id.get(cid)
            if c is not None and c not in chosen:
                chosen.append(c)
        clients = chosen
    elif len(argv) != 2:
        raise RedisError(errors.SYNTAX)
    lines = [client_line(c, cmd="client|list" if c is s else None) + "\n" for c in clients]
    return Verbatim("".join(lines))


def _kill(s, victim) -> None:
    if victim is s:
        # Killing oneself: the reply still goes out, then the connection closes.
        s.flags.add("close_after_reply")
        return
    victim.kill_reason = "killed"
    s.engine.close_session(victim)


@command("CLIENT|KILL", arity=-3, **_ADMIN,
         summary="Disconnect clients chosen by address, id, type, user or age.",
         complexity="O(N) where N is the number of client connections", since="2.4.0",
         history=(("2.8.12", "Added new filter format."), ("2.8.12", "`ID` option."),
                  ("3.2.0", "Added `master` type in for `TYPE` option."),
                  ("5.0.0", "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility."),
                  ("6.2.0", "`LADDR` option."), ("7.4.0", "`MAXAGE` option.")),
         args=(OneOf("filter", Str("old-format", display="ip:port"),
                     Block("new-format",
                           Int("client-id", token="ID", optional=True, since="2.8.12"),
                           OneOf("client-type", Token("NORMAL"), Token("MASTER"), Token("SLAVE"),
                                 Token("REPLICA"), Token("PUBSUB"), token="TYPE", optional=True, since="2.8.12"),
                           Str("username", token="USER", optional=True),
                           Str("addr", token="ADDR", display="ip:port", optional=True),
                           Str("laddr", token="LADDR", display="ip:port", optional=True, since="6.2.0"),
                           OneOf("skipme", Token("YES"), Token("NO"), token="SKIPME", optional=True),
                           Int("maxage", token="MAXAGE", optional=True, since="7.4.0"),
                           multiple=True)),))
def client_kill(s, argv):
    engine = s.engine
    if len(argv) == 3:
        addr = text(argv[2])
        for c in list(engine.clients.values()):
            if c.addr == addr:
                _kill(s, c)
                return OK
        raise RedisError(errors.NO_SUCH_CLIENT)
    cid = ctype = user = addr = laddr = maxage = None
    skipme = True
    i = 2
    while i < len(argv):
        if i + 1 >= len(argv):
            raise RedisError(errors.SYNTAX)
        opt, val = upper(argv[i]), argv[i + 1]
        if opt == b"ID":
            try:
                cid = to_int(val)
            except RedisError:
                cid = 0
            if not 1 <= cid <= INT64_MAX:
                raise errors.err("client-id should be greater than 0")
        elif opt == b"TYPE":
            ctype = _parse_type(val)
        elif opt == b"USER":
            user = text(val)
            known = engine.extensions.get("acl_users")
            if user not in (known() if known else ("default",)):
                raise errors.err(f"No such user '{user}'")
        elif opt == b"ADDR":
            addr = text(val)
        elif opt == b"LADDR":
            laddr = text(val)
        elif opt == b"SKIPME":
            low = bytes(val).lower()
            if low not in (b"yes", b"no"):
                raise RedisError(errors.SYNTAX)
            skipme = low == b"yes"
        elif opt == b"MAXAGE":
            maxage = to_int(val)
        else:
            raise RedisError(errors.SYNTAX)
        i += 2
    now = engine.clock.time_ms()
    killed = 0
    for c in list(engine.clients.values()):
        if (cid is not None and c.id != cid) or (ctype is not None and client_type(c) != ctype) \
                or (user is not None and c.user != user) or (addr is not None and c.addr != addr) \
                or (laddr is not None and c.laddr != laddr) \
                or (maxage is not None and (now - c.created_ms) // 1000 < maxage) \
                or (skipme and c is s):
            continue
        _kill(s, c)
        killed += 1
    return killed


def _on_off(v) -> bool:
    low = bytes(v).lower()
    if low not in (b"on", b"off"):
        raise RedisError(errors.SYNTAX)
    return low == b"on"


@command("CLIENT|NO-EVICT", arity=3, **_ADMIN, summary="Keep this connection out of client eviction, or not.",
         complexity="O(1)", since="7.0.0", args=(OneOf("enabled", Token("ON"), Token("OFF")),))
def client_no_evict(s, argv):
    s.no_evict = _on_off(argv[2])
    return OK


@command("CLIENT|NO-TOUCH", arity=3, **_CLIENT,
         summary="Let this connection's commands leave keys' last-access time alone, or not.",
         complexity="O(1)", since="7.2.0", args=(OneOf("enabled", Token("ON"), Token("OFF")),))
def client_no_touch(s, argv):
    s.no_touch = _on_off(argv[2])
    return OK


@command("CLIENT|REPLY", arity=3, **_CLIENT, summary="Turn the server's replies to this connection on or off.",
         complexity="O(1)", since="3.2.0", args=(OneOf("action", Token("ON"), Token("OFF"), Token("SKIP")),))
def client_reply(s, argv):
    mode = upper(argv[2])
    if mode == b"ON":
        s.reply_mode = "on"
        return OK
    if mode == b"OFF":
        s.reply_mode = "off"
    elif mode == b"SKIP":
        if s.reply_mode != "off":
            s.reply_mode = "skip_next"
    else:
        raise RedisError(errors.SYNTAX)
    return OK   # dropped by the front end, as Redis sends nothing for OFF and SKIP


@command("CLIENT|PAUSE", arity=-3, **_ADMIN, summary="Hold back clients' commands (all, or only writes) for a while.",
         complexity="O(1)", since="3.0.0",
         history=(("6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option."),),
         args=(Int("timeout"), OneOf("mode", Token("WRITE"), Token("ALL"), optional=True, since="6.2.0")))
def client_pause(s, argv):
    try:
        ms = to_int(argv[2])
    except RedisError:
        raise errors.err("timeout is not an integer or out of range") from None
    if ms < 0:
        raise errors.err("timeout is negative")
    mode = "all"
    if len(argv) == 4:
        m = upper(argv[3])
        if m not in (b"WRITE", b"ALL"):
            raise errors.err("CLIENT PAUSE mode must be WRITE or ALL")
        mode = m.decode().lower()
    elif len(argv) > 4:
        raise RedisError(errors.SYNTAX)
    pause.start(s.engine, ms, mode)
    return OK


@command("CLIENT|UNPAUSE", arity=2, **_ADMIN, summary="End a pause started by CLIENT PAUSE.",
         complexity="O(N) Where N is the number of paused clients", since="6.2.0")
def client_unpause(s, argv):
    pause.end(s.engine)
    return OK


@command("CLIENT|UNBLOCK", arity=-3, **_ADMIN,
         summary="Wake a client blocked in BLPOP, XREAD BLOCK, ... as if it timed out, or with an error.",
         complexity="O(log N) where N is the number of client connections", since="5.0.0",
         args=(Int("client-id"), OneOf("unblock-type", Token("TIMEOUT"), Token("ERROR"), optional=True)))
def client_unblock(s, argv):
    if len(argv) > 4:
        raise errors.subcommand_syntax(argv[1], "client")
    error = False
    if len(argv) == 4:
        reason = argv[3].upper()
        if reason == b"ERROR":
            error = True
        elif reason != b"TIMEOUT":
            raise RedisError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
    client_id = to_int(argv[2])
    m = s.engine.blocking
    return 1 if m is not None and m.unblock(client_id, error) else 0


@command("CLIENT|HELP", arity=2, group="connection", flags="loading stale",
         summary="Explain the CLIENT subcommands.", complexity="O(1)", since="5.0.0")
def client_help(s, argv):
    return help_reply(
        "CLIENT",
        "GETNAME", "    Return this connection's name.",
        "ID", "    Return this connection's id.",
        "INFO", "    Describe this connection.",
        "KILL <ip:port>", "    Disconnect the client connected from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Disconnect every client matching all the filters:",
        "    * ADDR (<ip:port>|<unixsocket>:0)  the client's address",
        "    * LADDR (<ip:port>|<unixsocket>:0) the local address it connected to",
        "    * ID <client-id>                   its id",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "    * USER <username>                  the user it is logged in as",
        "    * SKIPME (YES|NO)                  leave this connection alone (default: yes)",
        "    * MAXAGE <maxage>                  connected at least <maxage> seconds ago",
        "LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB)] [ID <id> [<id> ...]]",
        "    Describe the connected clients.",
        "UNPAUSE", "    End a client pause now.",
        "PAUSE <timeout> [WRITE|ALL]", "    Hold back all commands, or only writes, for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)", "    Turn replies to this connection on, off, or off for the next command.",
        "SETNAME <name>", "    Name this connection.",
        "SETINFO <LIB-NAME|LIB-VER> <value>", "    Record the client library's name or version.",
        "NO-EVICT (ON|OFF)", "    Keep this connection out of client eviction.",
        "NO-TOUCH (ON|OFF)", "    Leave keys' last-access time alone for this connection's commands.",
    )
