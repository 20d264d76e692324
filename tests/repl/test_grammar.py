"""Hints, completion and HELP come from the command table."""
from redislab.engine import registry
from redislab.repl.completion import candidates
from redislab.repl.grammar import hint_for
from redislab.repl.helptext import help_text

registry.load_all()

SET_TAIL = "[NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"


def test_hint_drops_what_was_typed():
    assert hint_for("SET") == " key value " + SET_TAIL
    assert hint_for("set ") == "key value " + SET_TAIL
    assert hint_for("SET k") == " value " + SET_TAIL
    assert hint_for("SET k v ") == SET_TAIL
    assert hint_for("SET k v NX ") == SET_TAIL.split(" ", 1)[1]
    assert hint_for("SET k v XX GET ") == SET_TAIL.split(" ", 2)[2]
    assert hint_for("SET k v EX ") == "seconds"
    assert hint_for("SET k v EX 10 ") == ""
    assert hint_for("NOSUCHCOMMAND a ") == ""
    assert hint_for("") == ""


def test_hint_for_repeated_arguments():
    from redislab.repl.grammar import Match
    from redislab.engine.registry import Key, Int, Token, Block
    args = (Key("key", multiple=True), Block("limit", Token("LIMIT"), Int("offset"), Int("count"), optional=True))
    m = Match(args)
    assert m.hint() == "key [key ...] [LIMIT offset count]"
    m.feed("a")
    assert m.hint() == "[key ...] [LIMIT offset count]"
    m.feed("b")
    m.feed("LIMIT")
    assert m.hint() == "offset count"


def test_complete_commands_subcommands_options_and_keys():
    assert "SET" in candidates("SE") and "SELECT" in candidates("SE")
    assert candidates("se")[0].islower()
    assert "GET" in candidates("SET k v ")
    assert candidates("set k v ex") == ["ex", "exat"]
    assert "ID" in candidates("CLIENT ")
    keys = lambda prefix: ["user:1", "user:2", "other"]
    assert candidates("GET us", keys) == ["user:1", "user:2"]
    assert candidates("SET k ", keys) == []          # a value is expected, not a key
    assert "@string" in candidates("HELP @s")


def test_help_command_and_group():
    text = help_text(["set"])
    assert "  SET key value " + SET_TAIL in text
    assert "summary: " in text and "since: 1.0.0" in text and "group: string" in text
    assert "complexity: O(1)" in text
    group = help_text(["@string"])
    assert "  GET key\n" in group and "  SET key value" in group
    assert "No help" in help_text(["nosuch"])
    assert "help @<group>" in help_text([])
    client_id = help_text(["CLIENT", "ID"])
    assert "  CLIENT ID" in client_id
