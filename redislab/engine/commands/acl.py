"""ACL and its subcommands. The users, rules and checks live in engine/acl.py."""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from .. import registry
from ..acl import Acl, all_categories, category_members
from ..args import text, to_int, upper
from ..registry import Int, Str, command
from ..replies import OK, help_reply

registry.container("ACL", group="server", summary="A container for Access List Control commands.",
                   since="6.0.0")

_ADMIN = dict(group="server", flags="admin noscript loading stale")
_PLAIN = dict(group="server", flags="noscript loading stale")


def _user_name(b) -> str:
    return text(b)


@command("ACL|SETUSER", arity=-3, **_ADMIN, summary="Create a user or change its rules.",
         complexity="O(N). Where N is the number of rules provided.", since="6.0.0",
         history=(("6.2.0", "Added Pub/Sub channel patterns."),
                  ("7.0.0", "Added selectors and key based permissions.")),
         args=(Str("username"), Str("rule", optional=True, multiple=True)))
def acl_setuser(s, argv):
    Acl.of(s.engine).setuser(_user_name(argv[2]), list(argv[3:]))
    return OK


@command("ACL|GETUSER", arity=3, **_ADMIN, summary="Describe one user's flags, passwords and rules.",
         complexity="O(N). Where N is the number of password, command and pattern rules that the user has.",
         since="6.0.0",
         history=(("6.2.0", "Added Pub/Sub channel patterns."),
                  ("7.0.0", "Added selectors and changed the format of key and channel patterns from a list "
                            "to their rule representation.")),
         args=(Str("username"),))
def acl_getuser(s, argv):
    u = Acl.of(s.engine).users.get(_user_name(argv[2]))
    if u is None:
        return None
    root = u.root
    return {
        b"flags": [f.encode() for f in u.flags()],
        b"passwords": list(u.passwords),
        b"commands": root.command_text().encode(),
        b"keys": root.keys_text().encode(),
        b"channels": root.channels_text().encode(),
        b"selectors": [{b"commands": sel.command_text().encode(), b"keys": sel.keys_text().encode(),
                        b"channels": sel.channels_text().encode()} for sel in u.selectors],
    }


@command("ACL|DELUSER", arity=-3, **_ADMIN, summary="Delete users, closing their connections.",
         complexity="O(1) amortized time considering the typical user.", since="6.0.0",
         args=(Str("username", multiple=True),))
def acl_deluser(s, argv):
    return Acl.of(s.engine).deluser([_user_name(a) for a in argv[2:]])


@command("ACL|LIST", arity=2, **_ADMIN, summary="List every user with its rules, one line each.",
         complexity="O(N). Where N is the number of configured users.", since="6.0.0")
def acl_list(s, argv):
    users = Acl.of(s.engine).users
    return [users[n].describe().encode() for n in sorted(users, key=str.encode)]


@command("ACL|USERS", arity=2, **_ADMIN, summary="List the user names.",
         complexity="O(N). Where N is the number of configured users.", since="6.0.0")
def acl_users(s, argv):
    return [n.encode() for n in sorted(Acl.of(s.engine).users, key=str.encode)]


@command("ACL|WHOAMI", arity=2, **_PLAIN, summary="Return the user this connection is logged in as.",
         complexity="O(1)", since="6.0.0")
def acl_whoami(s, argv):
    return s.user.encode()


@command("ACL|CAT", arity=-2, **_PLAIN, summary="List the ACL categories, or the commands in one of them.",
         complexity="O(1) since the categories and commands are a fixed set.", since="6.0.0",
         args=(Str("category", optional=True),))
def acl_cat(s, argv):
    if len(argv) > 3:
        raise errors.subcommand_syntax(argv[1], "ACL")
    if len(argv) == 2:
        return [c.encode() for c in all_categories()]
    cat = text(argv[2]).lower()
    if cat not in all_categories():
        raise errors.err(f"Unknown category '{text(argv[2])}'")
    return [n.encode() for n in category_members(cat)]


@command("ACL|LOG", arity=-2, **_ADMIN, summary="Show recent permission denials and failed logins, or clear them.",
         complexity="O(N) with N being the number of entries shown.", since="6.0.0",
         history=(("7.2.0", "Added entry ID, timestamp created, and timestamp last updated."),),
         args=(Int("count", optional=True),))
def acl_log(s, argv):
    acl = Acl.of(s.engine)
    if len(argv) > 3:
        raise errors.subcommand_syntax(argv[1], "ACL")
    count = 10
    if len(argv) == 3:
        if upper(argv[2]) == b"RESET":
            acl.log.clear()
            return OK
        count = to_int(argv[2])
    now = s.engine.clock.time_ms()
    out = []
    for e in acl.log[:max(count, 0)]:
        out.append({
            b"count": e["count"], b"reason": e["reason"].encode(), b"context": e["context"].encode(),
            b"object": e["object"].encode(), b"username": e["username"].encode(),
            b"age-seconds": (now - e["created"]) / 1000.0, b"client-info": e["client_info"].encode(),
            b"entry-id": e["entry_id"], b"timestamp-created": e["created"],
            b"timestamp-last-updated": e["updated"],
        })
    return out


@command("ACL|GENPASS", arity=-2, **_PLAIN, summary="Generate a random password, as hexadecimal text.",
         complexity="O(1)", since="6.0.0", args=(Int("bits", optional=True),))
def acl_genpass(s, argv):
    bits = 256
    if len(argv) > 3:
        raise errors.subcommand_syntax(argv[1], "ACL")
    if len(argv) == 3:
        bits = to_int(argv[2])
        if bits <= 0 or bits > 4096:
            raise errors.err("ACL GENPASS argument must be the number of bits for the output password, "
                             "a positive number up to 4096")
    chars = (bits + 3) // 4
    rng = s.engine.clock.rng
    return ("%0*x" % (chars, rng.getrandbits(chars * 4))).encode()


@command("ACL|DRYRUN", arity=-4, **_ADMIN, summary="Tell whether a user could run a command, without running it.",
         complexity="O(1).", since="7.0.0",
         args=(Str("username"), Str("command"), Str("arg", optional=True, multiple=True)))
def acl_dryrun(s, argv):
    acl = Acl.of(s.engine)
    u = acl.users.get(_user_name(argv[2]))
    if u is None:
        raise errors.err(f"User '{text(argv[2])}' not found")
    spec = registry.lookup(argv[3])
    if spec is None:
        raise errors.err(f"Command '{text(argv[3])}' not found")
    cmd = list(argv[3:])
    if spec.subcommands and len(cmd) > 1:
        sub = registry.lookup_sub(spec, cmd[1])
        if sub is not None:
            spec = sub
    n = spec.arity
    if (n > 0 and len(cmd) != n) or len(cmd) < -n:
        raise errors.wrong_arity(spec.name)
    denied = acl.dryrun(u, spec, cmd)
    return OK if denied is None else denied.encode()


_NO_ACL_FILE = ("ERR This Redis instance is not configured to use an ACL file. You may want to specify users "
                "via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis "
                "configuration file set) in order to store users in the Redis configuration.")


@command("ACL|LOAD", arity=2, **_ADMIN, summary="Reload the users from the ACL file.",
         complexity="O(N). Where N is the number of configured users.", since="6.0.0")
def acl_load(s, argv):
    raise RedisError(_NO_ACL_FILE)


@command("ACL|SAVE", arity=2, **_ADMIN, summary="Write the current users to the ACL file.",
         complexity="O(N). Where N is the number of configured users.", since="6.0.0")
def acl_save(s, argv):
    raise RedisError(_NO_ACL_FILE)


@command("ACL|HELP", arity=2, group="server", flags="loading stale",
         summary="Explain the ACL subcommands.", complexity="O(1)", since="6.0.0")
def acl_help(s, argv):
    return help_reply(
        "ACL",
        "CAT [<category>]", "    List the categories, or the commands in <category>.",
        "DELUSER <username> [<username> ...]", "    Delete users and close their connections.",
        "DRYRUN <username> <command> [<arg> ...]", "    Tell whether <username> may run the command.",
        "GETUSER <username>", "    Describe one user.",
        "GENPASS [<bits>]", "    Make a random password of <bits> bits (256 by default).",
        "LIST", "    Every user with its rules.",
        "LOAD", "    Reload users from the ACL file.",
        "LOG [<count> | RESET]", "    Recent denials and failed logins, or clear them.",
        "SAVE", "    Write users to the ACL file.",
        "SETUSER <username> <rule> [<rule> ...]", "    Create a user or change its rules.",
        "USERS", "    The user names.",
        "WHOAMI", "    The user this connection is logged in as.",
    )
