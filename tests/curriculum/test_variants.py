"""Variable generators, seeds and placeholders."""
import pytest

from redislab.curriculum import variants as V


def specs(**kw):
    return [V.parse_spec(k, v) for k, v in kw.items()]


def test_generators_are_deterministic_per_seed():
    s = specs(n="int 5..50", who="choice [alice, bob, carol]", tags="sample 2 of [a, b, c, d]",
              pts="ints 3 1..9", sid="hex 6", twice="= n * 2")
    a, b = V.draw(s, 7), V.draw(s, 7)
    assert a == b
    assert 5 <= a["n"] <= 50 and a["who"] in ("alice", "bob", "carol")
    assert len(set(a["tags"])) == 2 and len(set(a["pts"])) == 3
    assert len(a["sid"]) == 6 and a["twice"] == 2 * a["n"]
    assert any(V.draw(s, seed) != a for seed in range(8))


def test_numbers_in_choices_are_numbers():
    assert V.draw(specs(t="choice [600, 1800]"), 1)["t"] in (600, 1800)


def test_hidden_variants_keep_told_values_and_differ():
    s = specs(user="choice [ann, bo]", n="int 1..1000", m="= n + 1")
    visible = V.draw(s, 0)
    out = V.hidden_variants(s, visible, {"n"}, 3, "x")
    assert len(out) == 3
    for env in out:
        assert env["user"] == visible["user"] and env["n"] != visible["n"] and env["m"] == env["n"] + 1


def test_hidden_variants_stop_when_data_runs_out():
    s = specs(flag="int 0..1")
    visible = V.draw(s, 0)
    assert len(V.hidden_variants(s, visible, {"flag"}, 3, "x")) == 1


def test_render_and_render_value():
    env = {"xs": ["a", "b"], "n": 4}
    assert V.render("SADD k {{xs}} {{n + 1}}", env) == "SADD k a b 5"
    assert V.render_value("{{xs[:1] + ['z']}}", env) == ["a", "z"]
    assert V.render_value({"{{xs[0]}}": "{{n}}"}, env) == {"a": 4}


@pytest.mark.parametrize("expr", ["__import__('os')", "n.__class__", "open('x')", "lambda: 1", "[x for x in xs]"])
def test_expressions_are_whitelisted(expr):
    with pytest.raises(V.VarError):
        V.evaluate(expr, {"n": 1, "xs": []})


def test_bad_specs_say_why():
    with pytest.raises(V.VarError, match="cannot sample 5 of 2"):
        V.parse_spec("x", "sample 5 of [a, b]")
    with pytest.raises(V.VarError, match="unknown generator"):
        V.parse_spec("x", "float 1..2")
