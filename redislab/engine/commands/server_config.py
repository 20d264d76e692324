"""CONFIG GET / SET / RESETSTAT / REWRITE / HELP over the parameter table in config.py."""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from .. import info as info_mod
from .. import registry
from ..args import text
from ..registry import Block, Str, command
from ..replies import OK, help_reply

registry.container("CONFIG", group="server", summary="A container for the server configuration commands.",
                   since="2.0.0")

_ADMIN = dict(group="server", flags="admin noscript loading stale")
_GLOB_CHARS = (b"*", b"?", b"[")


def _match(pattern: bytes, name: str) -> bool:
    from ..glob import match

    return match(pattern, name.encode(), True)


def config_get(config, patterns) -> dict:
    """name -> value for every parameter (or alias) some pattern matches, each once."""
    out = {}
    seen = set()
    names = list(config.params) + list(config.aliases)
    for pat in patterns:
        if not any(c in pat for c in _GLOB_CHARS):
            # A plain name is looked up directly and answered under the spelling asked for.
            low = text(pat).lower()
            canon = config.aliases.get(low, low)
            if canon in config.params and low not in seen:
                seen.add(low)
                out[bytes(pat)] = config.render(canon)
            continue
        for name in names:
            if name not in seen and _match(pat, name):
                seen.add(name)
                out[name.encode()] = config.render(config.aliases.get(name, name))
    return out


@command("CONFIG|GET", arity=-3, **_ADMIN, summary="Read configuration parameters whose names match glob patterns.",
         complexity="O(N) when N is the number of configuration parameters provided", since="2.0.0",
         history=(("7.0.0", "Added the ability to pass multiple pattern parameters in one call"),),
         args=(Block("parameter", Str("parameter"), multiple=True),))
def config_get_cmd(s, argv):
    return config_get(s.engine.config, argv[2:])


@command("CONFIG|SET", arity=-4, **_ADMIN, tips="request_policy:all_nodes response_policy:all_succeeded",
         summary="Change configuration parameters at run time; all of them or none.",
         complexity="O(N) when N is the number of configuration parameters provided", since="2.0.0",
         history=(("7.0.0", "Added the ability to set multiple parameters in one call."),),
         args=(Block("data", Str("parameter"), Str("value"), multiple=True),))
def config_set(s, argv):
    if len(argv) % 2:
        raise errors.wrong_arity("config|set")
    config = s.engine.config
    pairs = []
    seen = set()
    # First every name is checked (unknown, immutable, repeated), then every value, then
    # all are applied: a failing pair leaves the configuration untouched.
    for i in range(2, len(argv), 2):
        given = text(argv[i])
        low = given.lower()
        canon = config.aliases.get(low, low)
        if canon not in config.params:
            raise errors.err(f"Unknown option or number of arguments for CONFIG SET - '{given}'")
        prefix = f"ERR CONFIG SET failed (possibly related to argument '{given}') - "
        if config.params[canon].immutable:
            raise RedisError(prefix + "can't set immutable config")
        if config.params[canon].protected:
            raise RedisError(prefix + "can't set protected config")
        if canon in seen:
            raise RedisError(prefix + "duplicate parameter")
        seen.add(canon)
        pairs.append((given, canon, argv[i + 1]))
    values = [(canon, config.parse(canon, raw, shown=given)) for given, canon, raw in pairs]
    for canon, v in values:
        config.set(canon, v)
    return OK


@command("CONFIG|RESETSTAT", arity=2, **_ADMIN, summary="Zero the statistics INFO reports.",
         complexity="O(1)", since="2.0.0")
def config_resetstat(s, argv):
    info_mod.reset_stats(s.engine)
    return OK


@command("CONFIG|REWRITE", arity=2, **_ADMIN, summary="Write the running configuration back to the config file.",
         complexity="O(1)", since="2.8.0")
def config_rewrite(s, argv):
    # The lab's server always starts without a configuration file.
    raise RedisError(errors.CONFIG_NO_FILE)


@command("CONFIG|HELP", arity=2, group="server", flags="loading stale",
         summary="Explain the CONFIG subcommands.", complexity="O(1)", since="5.0.0")
def config_help(s, argv):
    return help_reply(
        "CONFIG",
        "GET <pattern> [<pattern> ...]",
        "    Return the parameters whose names match the glob-style patterns, with their values.",
        "SET <directive> <value> [<directive> <value> ...]",
        "    Change parameters; either all of them change or none does.",
        "RESETSTAT",
        "    Zero the statistics INFO reports.",
        "REWRITE",
        "    Write the running configuration to the configuration file.",
    )
