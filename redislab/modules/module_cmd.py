"""MODULE LIST / LOAD / LOADEX / UNLOAD / HELP.

The Stack modules are part of this engine, so MODULE LIST names them as a Redis
Stack server does. Loading a shared library is impossible here; with
``enable-module-command`` at its default "no" Redis refuses LOAD/LOADEX/UNLOAD
with the same text, so a learner sees what a stock server says.
"""
from __future__ import annotations

from ..engine.registry import Str, command, container
from ..engine.replies import help_reply
from ..errors import RedisError

NOT_ALLOWED = ("ERR MODULE command not allowed. If the enable-module-command option is set to "
               "\"local\", you can run it from a local connection, otherwise you need to set "
               "this option in the configuration file, and then restart the server.")
LOAD_FAILED = "ERR Error loading the extension. Please check the server logs."
HAS_TYPES = ("ERR Error unloading module: the module exports one or more module-side data "
             "types, can't unload")
NO_SUCH = "ERR Error unloading module: no such module with that name"

container("MODULE", group="server", since="4.0.0",
          summary="Manage the server's modules (a container for subcommands).")


def _allowed(s) -> None:
    if s.engine.config.values.get("enable-module-command", "no") == "no":
        raise RedisError(NOT_ALLOWED)


@command("MODULE|LIST", arity=2, flags="admin noscript", group="server", since="4.0.0",
         summary="Name the loaded modules and their versions (here: the built-in Stack modules).",
         complexity="O(N) where N is the number of loaded modules.",
         tips="nondeterministic_output_order")
def module_list(s, argv):
    from . import entries

    return entries()


@command("MODULE|LOAD", arity=-3, flags="admin noscript no_async_loading", group="server",
         since="4.0.0", summary="Load a module from a shared library (not possible in this engine).",
         complexity="O(1)", args=(Str("path"), Str("arg", optional=True, multiple=True)))
def module_load(s, argv):
    _allowed(s)
    raise RedisError(LOAD_FAILED)


@command("MODULE|LOADEX", arity=-3, flags="admin noscript no_async_loading", group="server",
         since="7.0.0", summary="Load a module with configuration values (not possible in this engine).",
         complexity="O(1)", args=(Str("path"),))
def module_loadex(s, argv):
    _allowed(s)
    raise RedisError(LOAD_FAILED)


@command("MODULE|UNLOAD", arity=3, flags="admin noscript no_async_loading", group="server",
         since="4.0.0", summary="Unload a module by name.", complexity="O(1)", args=(Str("name"),))
def module_unload(s, argv):
    from . import LOADED

    _allowed(s)
    # Every built-in module owns data types, which Redis never unloads.
    if any(name.encode() == argv[2] for name, _ in LOADED):
        raise RedisError(HAS_TYPES)
    raise RedisError(NO_SUCH)


_HELP = (
    "LIST",
    "    Name every loaded module with its version.",
    "LOAD <path> [<arg> ...]",
    "    Load the module library at <path>, handing it the optional arguments.",
    "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
    "    Load the module library at <path> with module configuration values and arguments.",
    "UNLOAD <name>",
    "    Unload the module called <name>.",
)


@command("MODULE|HELP", arity=2, flags="loading stale", group="server", since="5.0.0",
         summary="List the MODULE subcommands and what they do.", complexity="O(1)")
def module_help(s, argv):
    return help_reply("MODULE", *_HELP)
