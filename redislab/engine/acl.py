"""ACL users, rules, selectors, permission checks and the ACL LOG.

State lives in one ``Acl`` per engine (``engine.extensions["acl"]``), created on
first use. It plugs into the connection commands through their hooks:
``extensions["auth"]`` (AUTH/HELLO password check), ``["default_nopass"]`` (may a
fresh connection skip AUTH) and ``["acl_users"]`` (CLIENT KILL USER). Permission
checks run as an ``engine.gates`` entry, installed only while some user is
restricted, so the GET/SET hot path pays nothing in the common case.

Rule text follows Redis 7.2+ (rules kept in the order given, duplicates dropped,
``+@all``/``-@all`` start over); error and NOPERM wording follows 7.0, the oracle.
"""
from __future__ import annotations

import hashlib
import re

from .. import errors
from ..errors import RedisError
from . import registry
from .glob import match

READ, WRITE = 1, 2
CATEGORY_ORDER = ("keyspace", "read", "write", "set", "sortedset", "list", "hash", "string",
                  "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow",
                  "blocking", "dangerous", "connection", "transaction", "scripting")
# The Stack modules' categories: ACL CAT lists those in use after the core ones.
MODULE_CATEGORIES = ("search", "json", "timeseries", "bloom", "cuckoo", "cms", "topk", "tdigest")
_HEX64 = re.compile(rb"[0-9a-f]{64}")

# SETUSER errors, keyed by the kind of mistake.
E_SYNTAX = "Syntax error"
E_UNKNOWN = "Unknown command or category name in ACL"
E_ALLKEYS = ("Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have "
             "any effect. Try 'resetkeys' to start with an empty list of patterns")
E_ALLCHANNELS = ("Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does "
                 "not have any effect. Try 'resetchannels' to start with an empty list of channels")
E_NOPASS = "The password you are trying to remove from the user does not exist"
E_HASH = "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters"
E_SUBFIRSTARG = "Allowing first-arg of a subcommand is not supported"


class RuleError(Exception):
    pass


def _categories(spec) -> list[str]:
    from .commands.introspection import acl_categories

    return acl_categories(spec)


def all_names() -> list[str]:
    """Every command and subcommand name that a rule can grant."""
    return [sp.name for sp in registry.all_specs()]


def all_categories() -> tuple:
    used = {c for sp in registry.all_specs() if sp.module for c in _categories(sp)}
    return CATEGORY_ORDER + tuple(c for c in MODULE_CATEGORIES if c in used)


def category_members(cat: str) -> list[str]:
    return [sp.name for sp in registry.all_specs() if sp.fn is not None and cat in _categories(sp)]


def sha256_hex(password: bytes) -> bytes:
    return hashlib.sha256(password).hexdigest().encode()


# ------------------------------------------------------------------ selectors
class Selector:
    """One set of command, key and channel permissions (a user's root, or one "(...)")."""

    __slots__ = ("keys", "allkeys", "channels", "allchannels", "allowed", "future", "firstargs", "rules")

    def __init__(self):
        self.keys: dict[bytes, int] = {}     # pattern -> READ|WRITE, in the order added
        self.allkeys = False
        self.channels: list[bytes] = []
        self.allchannels = False
        self.allowed: set[str] = set()
        self.future = False                  # set by +@all: commands added later are allowed too
        self.firstargs: dict[str, set] = {}  # "+select|0": command -> allowed first arguments
        self.rules: list[str] = []           # command rules after the +@all/-@all base

    def copy(self) -> "Selector":
        c = Selector()
        c.keys, c.allkeys = dict(self.keys), self.allkeys
        c.channels, c.allchannels = list(self.channels), self.allchannels
        c.allowed, c.future = set(self.allowed), self.future
        c.firstargs = {k: set(v) for k, v in self.firstargs.items()}
        c.rules = list(self.rules)
        return c

    @property
    def unrestricted(self) -> bool:
        return self.allkeys and self.allchannels and self.future and not self.rules

    # -- rule application
    def apply(self, op: bytes) -> None:
        low = op.lower()
        if low in (b"allkeys", b"~*"):
            self.allkeys, self.keys = True, {}
        elif low == b"resetkeys":
            self.allkeys, self.keys = False, {}
        elif low in (b"allchannels", b"&*"):
            self.allchannels, self.channels = True, []
        elif low == b"resetchannels":
            self.allchannels, self.channels = False, []
        elif low in (b"allcommands", b"+@all"):
            self.allowed, self.future, self.rules, self.firstargs = set(all_names()), True, [], {}
        elif low in (b"nocommands", b"-@all"):
            self.allowed, self.future, self.rules, self.firstargs = set(), False, [], {}
        elif op[:1] == b"~" or op[:1] == b"%":
            self._add_key_pattern(op)
        elif op[:1] == b"&":
            if self.allchannels:
                raise RuleError(E_ALLCHANNELS)
            pat = op[1:]
            if b" " in pat:
                raise RuleError(E_SYNTAX)
            if pat not in self.channels:
                self.channels.append(pat)
        elif op[:2] in (b"+@", b"-@"):
            cat = low[2:].decode("utf-8", "replace")
            if cat not in all_categories():
                raise RuleError(E_UNKNOWN)
            members = category_members(cat)
            if op[:1] == b"+":
                self.allowed.update(members)
            else:
                self.allowed.difference_update(members)
                for m in members:
                    self.firstargs.pop(m, None)
            self._note_rule(low.decode())
        elif op[:1] in (b"+", b"-"):
            self._command_rule(op[:1] == b"+", low[1:].decode("utf-8", "replace"))
        else:
            raise RuleError(E_SYNTAX)

    def _add_key_pattern(self, op: bytes) -> None:
        if op[:1] == b"%":
            flags, i = 0, 1
            while i < len(op) and op[i:i + 1] != b"~":
                bit = {b"R": READ, b"W": WRITE}.get(op[i:i + 1].upper(), 0)
                if bit and not flags & bit:
                    flags |= bit
                else:
                    raise RuleError(E_ALLKEYS if self.allkeys else E_SYNTAX)
                i += 1
            if not flags:
                raise RuleError(E_ALLKEYS if self.allkeys else E_SYNTAX)
            pat = op[i + 1:]
        else:
            flags, pat = READ | WRITE, op[1:]
        if self.allkeys:
            raise RuleError(E_ALLKEYS)
        if b" " in pat:
            raise RuleError(E_SYNTAX)
        self.keys[pat] = self.keys.get(pat, 0) | flags

    def _command_rule(self, allow: bool, name: str) -> None:
        if "|" in name:
            parent_name, sub = name.split("|", 1)
            parent = registry.lookup(parent_name)
            if not allow:
                spec = registry.lookup_sub(parent, sub) if parent is not None and parent.subcommands else None
                if spec is None:
                    raise RuleError(E_UNKNOWN)
                self.allowed.discard(spec.name)
                self._note_rule("-" + spec.name)
                return
            if parent is None or "|" in sub:
                if parent is not None and parent.subcommands and "|" in sub:
                    raise RuleError(E_SUBFIRSTARG)
                raise RuleError(E_UNKNOWN)
            if not sub:
                raise RuleError(E_SYNTAX)
            if parent.subcommands:
                spec = registry.lookup_sub(parent, sub)
                if spec is None:
                    raise RuleError(E_UNKNOWN)
                self.allowed.add(spec.name)
            else:
                # "+select|0": allow one first argument of an otherwise denied command.
                self.firstargs.setdefault(parent.name, set()).add(sub.encode())
            self._note_rule("+" + name)
            return
        spec = registry.lookup(name)
        if spec is None:
            raise RuleError(E_UNKNOWN)
        names = [spec.name] + [sp.name for sp in spec.subcommands.values()]
        if allow:
            self.allowed.update(names)
        else:
            self.allowed.difference_update(names)
        self.firstargs.pop(spec.name, None)
        self._note_rule(("+" if allow else "-") + spec.name)

    def _note_rule(self, rule: str) -> None:
        # Redis 7.2+ keeps rules as given but drops an earlier rule about the same thing;
        # a rule about a whole command also drops its subcommand rules.
        body = rule[1:]
        self.rules = [r for r in self.rules
                      if r[1:] != body and not (not body.startswith("@") and r[1:].startswith(body + "|"))]
        self.rules.append(rule)

    # -- description
    def command_text(self) -> str:
        return " ".join(["+@all" if self.future else "-@all"] + self.rules)

    def keys_text(self) -> str:
        if self.allkeys:
            return "~*"
        return " ".join(_pattern_text(p, f) for p, f in self.keys.items())

    def channels_text(self) -> str:
        if self.allchannels:
            return "&*"
        return " ".join("&" + c.decode("utf-8", "replace") for c in self.channels)

    def describe(self) -> str:
        parts = []
        if self.allkeys:
            parts.append("~*")
        else:
            parts += [_pattern_text(p, f) for p, f in self.keys.items()]
        if self.allchannels:
            parts.append("&*")
        else:
            parts.append("resetchannels")
            parts += ["&" + c.decode("utf-8", "replace") for c in self.channels]
        parts.append(self.command_text())
        return " ".join(parts)

    # -- checks: (reason, object index or name) or None
    def check(self, spec, argv):
        if spec.name not in self.allowed:
            fa = self.firstargs.get(spec.name)
            if not (fa and len(argv) > 1 and argv[1].lower() in fa):
                return ("command", None)
        if not self.allkeys and (spec.first_key or spec.keynum or spec.getkeys):
            perms = key_permissions(spec)
            varying = getattr(spec.fn, "key_flags_for", None)
            if varying is not None:
                perms = [_need(varying(argv))]
            for n, i in enumerate(spec.key_indexes(argv)):
                need = perms[min(n, len(perms) - 1)] if perms else 0
                key = argv[i]
                if not any((f & need) == need and match(p, key) for p, f in self.keys.items()):
                    return ("key", key)
        if not self.allchannels:
            for ch, literal in channels_of(spec, argv):
                ok = any((c == ch) if literal else match(c, ch) for c in self.channels)
                if not ok:
                    return ("channel", ch)
        return None


def _pattern_text(p: bytes, f: int) -> str:
    prefix = "~" if f == READ | WRITE else ("%R~" if f == READ else "%W~")
    return prefix + p.decode("utf-8", "replace")


_KEY_PERMS: dict = {}


def _need(flags) -> int:
    """READ/WRITE a key with these key-spec flags needs, as Redis maps them."""
    fl = flags.split() if isinstance(flags, str) else list(flags)
    need = READ if "access" in fl else 0
    if any(f in fl for f in ("insert", "delete", "update")):
        need |= WRITE
    return need


def key_permissions(spec) -> list[int]:
    """READ/WRITE needed for each key-spec of a command, from its key-spec flags."""
    perms = _KEY_PERMS.get(spec.name)
    if perms is None:
        from .commands.introspection import key_specs

        perms = []
        unknown = None
        for flags, bs, *_ in key_specs(spec):
            need = _need(flags)
            if bs[0] == "unknown":
                # Keys past the fixed positions come from the command's getkeys function,
                # and the last "unknown" spec describes them (SORT: STORE's destination),
                # as COMMAND GETKEYSANDFLAGS reports.
                unknown = need
            else:
                perms.append(need)
        if unknown is not None:
            perms.append(unknown)
        _KEY_PERMS[spec.name] = perms
    return perms


_CHANNEL_CMDS = {"publish": (1, False), "spublish": (1, False), "subscribe": (None, False),
                 "ssubscribe": (None, False), "psubscribe": (None, True)}


def channels_of(spec, argv):
    """(channel, literal?) pairs a pub/sub command names; PSUBSCRIBE patterns must match
    an allowed pattern literally, as in Redis."""
    entry = _CHANNEL_CMDS.get(spec.name)
    if entry is None:
        return ()
    idx, literal = entry
    if idx is not None:
        return [(argv[idx], literal)] if len(argv) > idx else []
    return [(a, literal) for a in argv[1:]]


# ---------------------------------------------------------------------- users
class User:
    __slots__ = ("name", "enabled", "nopass", "passwords", "sanitize", "root", "selectors")

    def __init__(self, name: str):
        self.name = name
        self.enabled = False
        self.nopass = False
        self.passwords: dict[bytes, None] = {}    # sha256 hex -> None, insertion ordered
        self.sanitize = None                      # None | "sanitize-payload" | "skip-sanitize-payload"
        self.root = Selector()
        self.selectors: list[Selector] = []

    def copy(self) -> "User":
        u = User(self.name)
        u.enabled, u.nopass, u.sanitize = self.enabled, self.nopass, self.sanitize
        u.passwords = dict(self.passwords)
        u.root = self.root.copy()
        u.selectors = [s.copy() for s in self.selectors]
        return u

    @property
    def unrestricted(self) -> bool:
        return self.root.unrestricted

    def flags(self) -> list[str]:
        out = ["on" if self.enabled else "off"]
        if self.nopass:
            out.append("nopass")
        if self.sanitize:
            out.append(self.sanitize)
        return out

    def describe(self) -> str:
        parts = [f"user {self.name}"] + self.flags()
        parts += ["#" + h.decode() for h in self.passwords]
        parts.append(self.root.describe())
        text = " ".join(parts)
        for sel in self.selectors:
            text += f" ({sel.describe()})"
        return text

    def apply(self, op: bytes) -> None:
        low = op.lower()
        if low == b"on":
            self.enabled = True
        elif low == b"off":
            self.enabled = False
        elif low == b"skip-sanitize-payload":
            self.sanitize = "skip-sanitize-payload"
        elif low == b"sanitize-payload":
            self.sanitize = "sanitize-payload"
        elif low == b"nopass":
            self.nopass, self.passwords = True, {}
        elif low == b"resetpass":
            self.nopass, self.passwords = False, {}
        elif op[:1] == b">":
            self.passwords[sha256_hex(op[1:])] = None
            self.nopass = False
        elif op[:1] == b"#":
            if not _HEX64.fullmatch(op[1:]):
                raise RuleError(E_HASH)
            self.passwords[op[1:]] = None
            self.nopass = False
        elif op[:1] == b"<":
            if self.passwords.pop(sha256_hex(op[1:]), 0) is not None:
                raise RuleError(E_NOPASS)
        elif op[:1] == b"!":
            if not _HEX64.fullmatch(op[1:]):
                raise RuleError(E_HASH)
            if self.passwords.pop(op[1:], 0) is not None:
                raise RuleError(E_NOPASS)
        elif low == b"reset":
            self.nopass, self.passwords, self.enabled = False, {}, False
            self.sanitize = "sanitize-payload"
            self.root, self.selectors = Selector(), []
        elif low == b"clearselectors":
            self.selectors = []
        elif op[:1] == b"(" and op[-1:] == b")":
            sel = Selector()
            for part in op[1:-1].split(b" "):
                if part:
                    sel.apply(part)
            self.selectors.append(sel)
        else:
            self.root.apply(op)

    def check_password(self, password: bytes) -> bool:
        if not self.enabled:
            return False
        return self.nopass or sha256_hex(password) in self.passwords

    def check(self, spec, argv):
        """None when allowed, else the (reason, object) Redis reports: the command when
        no selector runs it, otherwise the last key or channel none could access."""
        best = None
        rank = {"command": 1, "key": 2, "channel": 4}
        for sel in [self.root] + self.selectors:
            r = sel.check(spec, argv)
            if r is None:
                return None
            if best is None or rank[r[0]] > rank[best[0]]:
                best = r
        return best


def merge_selector_args(args: list[bytes]) -> list[bytes]:
    """Join "(~x*" "+get)" into one "(~x* +get)" operation, as SETUSER's arguments may split
    a selector at its spaces."""
    out, i = [], 0
    while i < len(args):
        a = args[i]
        if a[:1] == b"(" and a[-1:] != b")":
            j = i + 1
            parts = [a]
            while j < len(args):
                parts.append(args[j])
                if args[j][-1:] == b")":
                    break
                j += 1
            else:
                raise RedisError(f"ERR Unmatched parenthesis in acl selector starting at "
                                 f"'{a.decode('utf-8', 'replace')}'.")
            out.append(b" ".join(parts))
            i = j + 1
        else:
            out.append(a)
            i += 1
    return out


# ------------------------------------------------------------- engine state
_NOPERM = {
    "command": "NOPERM this user has no permissions to run the '{}' command",
    "key": "NOPERM this user has no permissions to access one of the keys used as arguments",
    "channel": "NOPERM this user has no permissions to access one of the channels used as arguments",
}
_DRYRUN = {
    "command": "This user has no permissions to run the '{}' command",
    "key": "This user has no permissions to access the '{}' key",
    "channel": "This user has no permissions to access the '{}' channel",
}
LOG_GROUP_MS = 60_000     # similar denials within a minute share one ACL LOG entry


class Acl:
    """Users of one engine, its ACL LOG, and the hooks into AUTH/HELLO and the gate."""

    def __init__(self, engine):
        self.engine = engine
        default = User("default")
        for op in (b"on", b"nopass", b"~*", b"&*", b"+@all"):
            default.apply(op)
        self.users: dict[str, User] = {"default": default}
        self.log: list[dict] = []          # newest first
        self.next_entry_id = 0
        self._gate_on = False
        ext = engine.extensions
        ext["auth"] = self.authenticate
        ext["default_nopass"] = lambda: self.users["default"].nopass
        ext["acl_users"] = lambda: list(self.users)
        engine.config.on_change("requirepass", self._requirepass)
        self._requirepass(engine.config.values.get("requirepass") or "", None)

    @classmethod
    def of(cls, engine) -> "Acl":
        acl = engine.extensions.get("acl")
        if acl is None:
            with engine.lock:
                acl = engine.extensions.get("acl")
                if acl is None:
                    acl = engine.extensions["acl"] = cls(engine)
        return acl

    # -- requirepass is the default user's password
    def _requirepass(self, value, old) -> None:
        d = self.users["default"]
        pw = value.encode() if isinstance(value, str) else value
        d.apply(b"resetpass")
        d.apply(b">" + pw if pw else b"nopass")
        self.refresh()

    # -- users
    def setuser(self, name: str, ops: list[bytes]) -> None:
        """Apply every rule to a copy and keep it only if all succeed, as Redis does."""
        old = self.users.get(name)
        u = old.copy() if old is not None else User(name)
        if old is None:
            u.sanitize = None
        for op in merge_selector_args(ops):
            try:
                u.apply(op)
            except RuleError as e:
                raise RedisError(f"ERR Error in ACL SETUSER modifier '{op.decode('utf-8', 'replace')}': {e}") from None
        self.users[name] = u
        self.refresh()

    def deluser(self, names) -> int:
        n = 0
        for name in names:
            if name == "default":
                raise errors.err("The 'default' user cannot be removed")
        for name in names:
            if self.users.pop(name, None) is not None:
                n += 1
                # Connections logged in as a deleted user are closed, as in Redis.
                for c in list(self.engine.clients.values()):
                    if c.user == name:
                        c.kill_reason = "user deleted"
                        self.engine.close_session(c)
        self.refresh()
        return n

    def refresh(self) -> None:
        """Install the permission gate only while some user is restricted."""
        need = any(not u.unrestricted for u in self.users.values())
        gates = self.engine.gates
        if need and not self._gate_on:
            gates.append(self.gate)
            self._gate_on = True
        elif not need and self._gate_on:
            gates.remove(self.gate)
            self._gate_on = False

    # -- AUTH / HELLO
    def authenticate(self, s, user: bytes, password: bytes) -> bool:
        name = user.decode("utf-8", "replace")
        u = self.users.get(name)
        if u is not None and u.check_password(password):
            return True
        # Redis logs the command name as the client sent it; clients send it upper case.
        self.add_log(s, "auth", "AUTH", name)
        return False

    # -- permission checks
    def gate(self, s, spec, argv):
        u = self.users.get(s.user)
        if u is None or u.unrestricted:
            return None
        denied = u.check(spec, argv)
        if denied is None:
            return None
        reason, obj = denied
        if reason == "command":
            self.add_log(s, reason, spec.name, u.name, spec.name)
            return RedisError(_NOPERM["command"].format(spec.name))
        self.add_log(s, reason, obj.decode("utf-8", "replace"), u.name, spec.name)
        return RedisError(_NOPERM[reason])

    def dryrun(self, u: User, spec, argv):
        denied = u.check(spec, argv)
        if denied is None:
            return None
        reason, obj = denied
        return _DRYRUN[reason].format(spec.name if obj is None else obj.decode("utf-8", "replace"))

    # -- ACL LOG
    def add_log(self, s, reason: str, obj: str, username: str, cmd: str = "auth") -> None:
        from .commands.connection_client import client_line

        if s.in_script:
            context = "lua"
        elif s.multi is not None or s.in_exec:
            context = "multi"
        else:
            context = "toplevel"
        now = self.engine.clock.time_ms()
        info = client_line(s, cmd=cmd)
        for e in self.log:
            if (e["reason"], e["context"], e["object"], e["username"]) == (reason, context, obj, username) \
                    and now - e["updated"] < LOG_GROUP_MS:
                e["count"] += 1
                e["updated"] = now
                e["client_info"] = info
                self.log.remove(e)
                self.log.insert(0, e)
                return
        self.log.insert(0, {"count": 1, "reason": reason, "context": context, "object": obj,
                            "username": username, "created": now, "updated": now,
                            "client_info": info, "entry_id": self.next_entry_id})
        self.next_entry_id += 1
        maxlen = self.engine.config.values.get("acllog-max-len", 128)
        del self.log[maxlen:]
