"""The `redislab` command: subcommand table, console entry, python -m."""
import subprocess
import sys

import pytest

from redislab import cli


def test_subcommand_table_has_serve_and_repl():
    assert {"serve", "repl"} <= set(cli.SUBCOMMANDS)
    args = cli.build_parser().parse_args(["serve", "--port", "7000"])
    assert args.port == 7000 and args.host == "127.0.0.1" and callable(args.handler)
    args = cli.build_parser().parse_args(["repl", "--url", "redis://x:1/0"])
    assert args.url == "redis://x:1/0"


def test_new_subcommands_register_with_a_small_function():
    @cli.subcommand("hello-test", "a test subcommand")
    def _hello(p):
        p.add_argument("--name", default="x")
        return lambda args: 7 if args.name == "y" else 0

    try:
        assert cli.main(["hello-test", "--name", "y"]) == 7
    finally:
        del cli.SUBCOMMANDS["hello-test"]


def test_no_subcommand_uses_default_action(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "default_action", lambda args: seen.append(args) or 3)
    assert cli.main([]) == 3 and seen


def test_repl_subcommand_runs_the_console(monkeypatch):
    import redislab.repl.console as console
    monkeypatch.setattr(console, "main", lambda url=None, engine=None: 5 if url == "redis://h:1" else 0)
    assert cli.main(["repl", "--url", "redis://h:1"]) == 5


def test_python_dash_m_help():
    out = subprocess.run([sys.executable, "-m", "redislab", "--help"], capture_output=True, text=True,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[1]), timeout=60)
    assert out.returncode == 0 and "serve" in out.stdout and "repl" in out.stdout
    assert "no command to open the lab" in " ".join(out.stdout.split())


def test_public_api():
    import redislab
    assert set(redislab.__all__) >= {"Engine", "VirtualClock", "Clock", "Redis", "serve"}
    assert redislab.Redis is redislab.client.Redis
    with pytest.raises(AttributeError):
        redislab.NoSuchThing
