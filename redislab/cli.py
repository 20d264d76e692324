"""The `redislab` command.

Subcommands live in one table, each registered by a small function that adds its
arguments and names its handler; new ones (lessons, quiz, simulate, progress) add a
``@subcommand`` function here or in their own module imported from ``_PLUGINS``.
With no subcommand, ``default_action`` decides what opens.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Callable

# name -> (help text, fn(subparser) -> handler(args) -> exit code)
SUBCOMMANDS: dict[str, tuple[str, Callable]] = {}

# Modules that register more subcommands with @subcommand when imported; a module
# that does not exist yet is skipped, so the table is exactly what is installed.
_PLUGINS = ("redislab.curriculum.cli", "redislab.sim.cli", "redislab.quiz.cli",
            "redislab.progress_cli")


def subcommand(name: str, help: str):
    """Register ``fn(parser) -> handler``: fn adds arguments, handler(args) runs them."""

    def deco(fn):
        SUBCOMMANDS[name] = (help, fn)
        return fn

    return deco


@subcommand("serve", "serve an in-process Redis over RESP (redis-cli, redis-py, ... can connect)")
def _serve(p: argparse.ArgumentParser):
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=6379, help="port to listen on (default 6379)")
    p.add_argument("--cluster", type=int, default=0, metavar="N",
                   help="serve a simulated Redis Cluster of N primaries, one port each from --port "
                        "(7000 if not given) up")
    p.add_argument("--replicas", type=int, default=0, help="replicas per primary with --cluster")
    p.add_argument("--empty-nodes", type=int, default=0, metavar="K",
                   help="K more cluster nodes on the next ports, in no cluster yet, as "
                        "`redis-server --cluster-enabled yes` starts one: join them with "
                        "`redis-cli --cluster create` or `--cluster add-node`")
    p.add_argument("--dir", default=".", help="where SAVE writes dump.rdb and where it is loaded from "
                                               "at start, as redis-server's `dir` (default: here)")
    p.add_argument("--dbfilename", default="dump.rdb", help="the RDB file's name (default dump.rdb)")
    p.add_argument("--save", default=None, metavar="POINTS",
                   help='save points "seconds changes ...", as redis-server\'s `save` (default '
                        '"3600 1 300 100 60 10000"; --save "" never saves on its own)')

    def run(args) -> int:
        from . import serve
        from .engine import Engine, persistence
        from .errors import RedisError

        if args.cluster or args.empty_nodes:
            from .cluster import serve_cluster

            return _serve_cluster(serve_cluster, args)
        engine = Engine()
        engine.config.values["dbfilename"] = args.dbfilename
        disk = persistence.install(engine, args.dir)
        if args.save is not None:
            try:
                engine.config.set("save", engine.config.parse("save", args.save.encode()))
            except RedisError as e:
                print(f"redislab serve: --save: {e.message}", file=sys.stderr)
                return 2
        try:
            loaded = disk.load()
        except (RedisError, OSError) as e:
            # As redis-server refuses to start on a damaged file, and leaves it as it is.
            msg = e.message if isinstance(e, RedisError) else str(e)
            print(f"redislab serve: cannot load {disk.path}: {msg}", file=sys.stderr)
            return 1
        if loaded is not None:
            print(f"redislab serve: loaded {loaded[0]} key{'' if loaded[0] == 1 else 's'} from {disk.path}"
                  + (f" ({loaded[1]} already expired)" if loaded[1] else ""), flush=True)

        def ready(server):
            # redis-server logs "Ready to accept connections"; a script that starts us
            # in the background waits for a line like it.
            port = server.port
            print(f"redislab serve: ready to accept connections on {args.host}:{port} "
                  f"(redis-cli -p {port}; Ctrl-C stops)", flush=True)

        import signal

        def on_term(signum, frame):
            raise KeyboardInterrupt        # SIGTERM ends the server as Ctrl-C does

        signal.signal(signal.SIGTERM, on_term)
        if not serve(engine, host=args.host, port=args.port, on_ready=ready):
            # Ctrl-C or SIGTERM (SHUTDOWN saved already, if it was to): redis-server
            # saves a final snapshot when save points are configured.
            if engine.config.values["save"]:
                try:
                    persistence.save(engine)
                    print(f"redislab serve: saved {disk.path}", flush=True)
                except OSError as e:
                    print(f"redislab serve: could not save {disk.path}: {e}", file=sys.stderr)
        return 0

    return run


def _serve_cluster(serve_cluster, args) -> int:
    port = 7000 if args.port == 6379 else args.port

    if args.cluster < 0 or args.replicas < 0 or args.empty_nodes < 0:
        print("redislab serve: --cluster, --replicas and --empty-nodes take counts of 0 or more",
              file=sys.stderr)
        return 2

    def ready(cluster):
        print(cluster.describe())
        if args.cluster:
            print(f"redis-cli -c -p {port}", flush=True)
        spare = [f"127.0.0.1:{n.port}" for n in cluster.spare]
        if not args.cluster and len(spare) >= 3:
            # The guide's layout: six nodes, three primaries with a replica each.
            first, rest = (spare[:6], spare[6:]) if len(spare) >= 6 else (spare, [])
            print(f"join them: redis-cli --cluster create {' '.join(first)} "
                  f"--cluster-replicas {1 if len(first) == 6 else 0} --cluster-yes")
            if rest:
                print(f"then add one: redis-cli --cluster add-node {rest[0]} {first[0]}")
        elif spare:
            print(f"add one: redis-cli --cluster add-node {spare[0]} 127.0.0.1:{port}"
                  if args.cluster else "join them: CLUSTER ADDSLOTS and CLUSTER MEET "
                  "(redis-cli --cluster create needs three nodes or more)")
        print("(Ctrl-C stops every node)", flush=True)

    serve_cluster(args.cluster, args.replicas, host=args.host, port=port, on_ready=ready,
                  empty=args.empty_nodes)
    return 0


@subcommand("repl", "a redis-cli style console on the embedded engine, or on a server with --url")
def _repl(p: argparse.ArgumentParser):
    p.add_argument("--url", default=None, help="connect to a real server, e.g. redis://127.0.0.1:6379/0")

    def run(args) -> int:
        from .repl.console import main as repl_main

        return repl_main(url=args.url)

    return run


@subcommand("lessons", "check lessons (schema, commands, replies, solutions), scaffold a new one, or list them")
def _lessons(p: argparse.ArgumentParser):
    from .curriculum.checker import add_arguments

    return add_arguments(p)


def default_action(args) -> int:
    """What `redislab` alone opens: the Textual lab (on a real server's console with
    --url, or with an instructor's lessons folder with --lessons)."""
    url = getattr(args, "url", None)
    lessons = getattr(args, "lessons", None)
    if not url and not lessons:
        from .lab import main as lab_main

        return lab_main()
    import sys

    if lessons is not None and not lessons.is_dir():
        print(f"redislab: --lessons {lessons}: not a folder", file=sys.stderr)
        return 2
    if url:
        # Fail here, in plain text, rather than inside the full-screen app.
        from .lab.widgets.remote import connect_remote

        try:
            connect_remote(url).close()
        except ConnectionError as e:
            print(f"redislab: cannot connect to {url}: {e}", file=sys.stderr)
            return 1
    from .lab.app import RedisLab

    RedisLab(url=url, lessons_dir=lessons).run()
    return 0


def build_parser() -> argparse.ArgumentParser:
    for mod in _PLUGINS:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as e:
            if not (e.name and mod.startswith(e.name)):
                raise
    parser = argparse.ArgumentParser(
        prog="redislab",
        description="A terminal learning lab for Redis. Run with no command to open the lab "
                    "(lessons, console, visualizers, simulations, quiz); the commands below "
                    "reach the same engine and content from the shell.")
    from . import __version__

    parser.add_argument("--version", action="version", version=f"redislab {__version__}")
    parser.add_argument("--url", default=None, metavar="URL",
                        help="open the lab with its console on a real server, e.g. redis://127.0.0.1:6379/0")
    parser.add_argument("--lessons", type=Path, default=None, metavar="DIR",
                        help="list the lessons of this folder (an instructor's own) instead of the built-in ones")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, register) in SUBCOMMANDS.items():
        sp = subs.add_parser(name, help=help_text, description=help_text)
        sp.set_defaults(handler=register(sp))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            return default_action(args)
        return int(handler(args) or 0)
    except BrokenPipeError:
        # `redislab simulate --list | head`: the reader left, which is not an error of
        # ours. Point stdout at devnull so the interpreter's final flush is quiet too.
        import os
        import sys

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
