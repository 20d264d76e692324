"""Grading on state, replies and method; hidden variants; the live (lab) path."""
from redislab.curriculum import CommandLog, grade, grade_live, prepare_live
from redislab.curriculum.grading import values_for
from redislab.engine import Engine, VirtualClock

from .helpers import exercise

COUNTER = exercise("""
id: views
title: Count views
goal: Add {{k}} views to page:views.
vars:
  n: int 20..400
  k: int 2..9
setup: ["SET page:views {{n}}"]
hints: [a hint, another hint]
solution: ["INCRBY page:views {{k}}"]
checks:
  - value: {key: page:views, equals: "{{n + k}}"}
""")


def test_correct_answer_passes_including_variants():
    env = values_for(COUNTER, 0)
    res = grade(COUNTER, [f"INCRBY page:views {env['k']}"])
    assert res.passed and res.failure is None and res.variants_run == 3
    assert res.reveal_solution and res.log[0].reply == env["n"] + env["k"]


def test_wrong_answer_has_human_reason_and_progressive_hints():
    env = values_for(COUNTER, 0)
    res = grade(COUNTER, ["INCR page:views"], attempt=1)
    assert not res.passed and res.failure == "checks"
    assert res.reason == f"`page:views` should be {env['n'] + env['k']}, it is {env['n'] + 1}"
    assert res.hint_index == 0 and not res.reveal_solution
    res3 = grade(COUNTER, ["INCR page:views"], attempt=3)
    assert res3.hint_index == 1 and res3.reveal_solution      # reveal_after = hints + 1


def test_hard_coded_answer_fails_on_a_variant():
    env = values_for(COUNTER, 0)
    res = grade(COUNTER, [f"SET page:views {env['n'] + env['k']}"])
    assert not res.passed and res.failure == "variant"
    assert res.reason.startswith("Passes on your data but not on a variant")
    assert all(c.passed for c in res.checks)                 # the visible run was fine
    assert not all(c.passed for c in res.variant["checks"])
    assert not res.reveal_solution


def test_seed_changes_the_data():
    assert values_for(COUNTER, 0) != values_for(COUNTER, 1) or values_for(COUNTER, 0) != values_for(COUNTER, 2)


def _ex(checks: str, setup: str = "[]"):
    return exercise(f"""
id: e
title: T
goal: G
setup: {setup}
solution: [PING]
checks:
{checks}
""")


def test_state_checks_pass_and_fail_with_reasons():
    ex = _ex("""
  - exists: s
  - absent: gone
  - type: {key: l, is: list}
  - list: {key: l, equals: [c, b, a]}
  - set: {key: st, equals: [x, y]}
  - zset: {key: z, equals: {m1: 1, m2: 2.5}}
  - zset: {key: z, equals: [m1, m2]}
  - hash: {key: h, includes: {f: v}}
  - score: {key: z, member: m2, equals: 2.5}
  - length: {key: l, equals: 3}
  - ttl: {key: s, min: 50, max: 60}
  - encoding: {key: st, is: listpack}
""")
    cmds = ["SET s v EX 60", "LPUSH l a b c", "SADD st x y", "ZADD z 1 m1 2.5 m2", "HSET h f v g w"]
    res = grade(ex, cmds)
    assert res.passed, [c.reason for c in res.checks]
    bad = grade(ex, ["SET s v", "RPUSH l a b", "SADD st x z", "ZADD z 1 m1 3 m2", "HSET h f q", "SET gone 1"])
    reasons = {c.kind + str(i): c.reason for i, c in enumerate(bad.checks) if not c.passed}
    assert reasons == {
        "absent1": "`gone` should not exist, but it does",
        "list3": "`l` should hold [c, b, a] (head first), it holds [a, b]",
        "set4": "`st` is not the expected set: missing [y]; should not hold [z]",
        "zset5": "the score of m2 in `z` should be 2.5, it is 3",
        "hash7": "field f of `h` should be v, it is q",
        "score8": "the score of m2 in `z` should be 2.5, it is 3",
        "length9": "the length of `l` should be 3, it is 2",
        "ttl10": "`s` has no TTL: it will never expire",
    }


def test_type_mismatch_and_missing_key_reasons():
    ex = _ex("  - value: {key: k, equals: x}\n  - hash: {key: nothing, includes: {a: b}}")
    res = grade(ex, ["RPUSH k x"])
    assert [c.reason for c in res.checks] == ["`k` is a list, it should be a string", "`nothing` does not exist"]


def test_reply_checks():
    ex = _ex("""
  - reply: {equals: "(integer) 2"}
  - reply: {n: 1, equals: OK}
  - reply: {command: GET, equals: '"v"'}
  - reply: {command: LRANGE, same_as: "LRANGE l 0 -1"}
  - reply: {command: LRANGE, length: 2, distinct: true}
""")
    res = grade(ex, ["SET k v", "GET k", "RPUSH l a b", "LRANGE l 0 -1", "LLEN l"])
    assert res.passed, [c.reason for c in res.checks]
    res = grade(ex, ["SET k v", "RPUSH l a a", "LRANGE l 0 -1", "LLEN l", "GET k"])
    failed = [c.reason for c in res.checks if not c.passed]
    assert failed == ["your last reply should be '(integer) 2', it was '\"v\"'",
                      'the reply to your LRANGE repeats a value:\n1) "a"\n2) "a"']


def test_method_checks():
    ex = _ex("""
  - used: INCR
  - not_used: [KEYS]
  - used_one_of: [SCAN, SSCAN]
  - max_commands: 3
""")
    assert grade(ex, ["INCR c", "SCAN 0", "PING"]).passed
    res = grade(ex, ["KEYS *", "INCRBY c 1", "PING", "PING"])
    assert [c.reason for c in res.failed_checks] == [
        "this exercise is about INCR: use it", "solve it without KEYS (you ran `KEYS *`)",
        "use one of SCAN, SSCAN for this", "it can be done in 3 commands; you used 4"]


def test_max_commands_counts_only_changes_where_the_solution_writes():
    ex = exercise("""
id: e
title: T
goal: G
solution: [ZINCRBY b 5 ann]
checks:
  - max_commands: 1
""")
    assert ex.checks[0].params["of"] == "writes"           # set from the solution
    assert grade(ex, ["ZSCORE b ann", "EXISTS b", "ZINCRBY b 5 ann"]).passed
    assert grade(ex, ["ZINCRBYY b 5 ann", "ZINCRBY b x ann", "ZINCRBY b 5 ann"]).passed  # refused: no change
    res = grade(ex, ["ZADD b 0 ann", "ZINCRBY b 5 ann"])
    assert res.reason.startswith("it can be done with 1 command that changes data; you made 2: "
                                 "`ZADD b 0 ann`, `ZINCRBY b 5 ann`")
    assert not grade(ex, ["MULTI", "ZADD b 0 ann", "ZINCRBY b 5 ann", "EXEC"]).passed
    assert not grade(ex, ["ZINCRBY b 5 ann", "PUBLISH news x"]).passed  # a publish reaches others
    assert [c.label for c in grade(ex, []).checks] == ["at most 1 command changing data (reads to look first are free)"]
    reads = exercise("id: e\ntitle: T\ngoal: G\nsolution: [ZSCORE b ann]\nchecks:\n  - max_commands: 1\n")
    assert reads.checks[0].params["of"] == "all"
    assert grade(reads, ["ZSCORE b ann", "ZSCORE b ann"]).reason == "it can be done in 1 command; you used 2"


def test_atomic_ttl():
    ex = _ex("  - atomic_ttl: s")
    assert grade(ex, ["SET s v EX 10"]).passed
    assert grade(ex, ["SETEX s 10 v"]).passed
    res = grade(ex, ["SET s v", "EXPIRE s 10"])
    assert not res.passed and "`EXPIRE s 10` set the TTL in a second command" in res.reason
    assert grade(ex, ["SET s v"]).reason == "no command set a TTL on `s`"
    assert not grade(ex, ["MULTI", "SET s v", "EXPIRE s 10", "EXEC"]).passed
    multi_ok = _ex("  - atomic_ttl: {key: s, allow_multi: true}")
    assert grade(multi_ok, ["MULTI", "SET s v", "EXPIRE s 10", "EXEC"]).passed
    assert not grade(multi_ok, [["SET s v", "EXPIRE s 10"]]).passed      # a pipeline is not atomic


def test_pipelined_or_multi():
    ex = _ex("  - pipelined_or_multi: true")
    assert grade(ex, ["MULTI", "SET a 1", "SET b 2", "EXEC", "GET a"]).passed
    assert grade(ex, [["SET a 1", "SET b 2"], "GET a"]).passed            # one pipeline batch
    res = grade(ex, ["SET a 1", "SET b 2"])
    assert not res.passed and res.reason.startswith("`SET a 1` went to the server on its own")
    res = grade(ex, [["SET a 1"], ["SET b 2"]])
    assert res.reason == "the writes went out in 2 separate batches; one is enough"
    assert grade(ex, ["GET a"]).reason == "you made no writes"


def test_check_hint_and_custom_message():
    ex = exercise("""
id: e
title: T
goal: G
hints: [h0, h1]
solution: [SET k v]
checks:
  - exists: k
    hint: 1
    message: Create k first.
""")
    res = grade(ex, [])
    assert res.reason == "Create k first." and res.hint_index == 1


def test_waits_move_the_virtual_clock():
    ex = _ex("  - absent: k", setup='["SET k v EX 5"]')
    assert not grade(ex, []).passed
    from redislab.curriculum.schema import Wait
    assert grade(ex, [Wait(6, 0)]).passed


def test_blocking_commands_do_not_hang():
    ex = _ex("  - reply: {equals: (nil)}")
    assert grade(ex, ["BRPOP empty 30"]).passed


def test_live_grading_in_a_lesson_db():
    engine = Engine(clock=VirtualClock())
    engine.run("SET", "page:views", "999")                     # db 0 is not touched
    env = prepare_live(COUNTER, engine, 5, seed=3)
    s = engine.session("lab")
    s.select(5)
    log = CommandLog()
    argv = [b"INCRBY", b"page:views", str(env["k"]).encode()]
    log.record(argv, engine.execute(s, argv))
    res = grade_live(COUNTER, engine, 5, log, env, seed=3)
    assert res.passed and res.variants_run == 3
    assert engine.run("GET", "page:views") == b"999"
    log2 = CommandLog()
    with log2.batch():
        log2.record([b"SET", b"page:views", str(env["n"] + env["k"]).encode()], None)
    assert log2.entries[0].batch == 1
    assert grade_live(COUNTER, engine, 5, log2, env, seed=3).failure == "variant"


def test_result_as_plain_data():
    import json

    env = values_for(COUNTER, 0)
    d = grade(COUNTER, [f"SET page:views {env['n'] + env['k']}"]).as_dict()
    assert d["failure"] == "variant" and d["variant"]["index"] == 1
    assert d["commands"] == [f"SET page:views {env['n'] + env['k']}"]
    json.dumps(d)


def test_every_check_carries_a_label_in_the_learners_words():
    """The lab lists every check of a grade; the kind names (used_one_of, max_commands)
    are the author's vocabulary, the label says what is looked at, values filled in."""
    env = values_for(COUNTER, 0)
    assert [c.label for c in grade(COUNTER, ["INCR page:views"]).checks] == ["value of page:views"]
    ex = _ex("""
  - used: INCR
  - not_used: [KEYS, SCAN]
  - used_one_of: [SCAN, SSCAN]
  - max_commands: 1
  - reply: {command: get, equals: '"v"'}
  - absent: gone
  - score: {key: board, member: ann, equals: 2}
""")
    labels = [c.label for c in grade(ex, ["INCR c"]).checks]
    assert labels == ["uses INCR", "does not use KEYS or SCAN", "uses SCAN or SSCAN", "at most 1 command",
                      "reply of GET", "gone is gone", "score of ann in board"]
    assert env   # the counter's key is literal; placeholders are rendered (test_variants)


def test_type_check_names_module_types_as_typed():
    # TYPE answers ReJSON-RL for a RedisJSON key; a check may write it in any case.
    ex = _ex("  - type: {key: doc, is: ReJSON-RL}\n  - type: {key: doc2, is: rejson-rl}")
    res = grade(ex, ["JSON.SET doc $ '{\"a\":1}'", "JSON.SET doc2 $ 1"])
    assert res.passed, [c.reason for c in res.checks]
    res = grade(ex, ["SET doc x", "JSON.SET doc2 $ 1"])
    assert [c.reason for c in res.checks if not c.passed] == ["`doc` should be a ReJSON-RL, it is a string"]


def test_json_check_reads_the_document_at_a_path():
    ex = _ex("""
  - json: {key: u, path: $.address.city, equals: '"Busan"'}
  - json: {key: u, equals: '{"address": {"city": "Busan"}, "age": 30}'}
""")
    res = grade(ex, ["""JSON.SET u $ '{"age":30,"address":{"city":"Busan"}}'"""])
    assert res.passed, [c.reason for c in res.checks]       # by value: key order and spaces do not matter
    res = grade(ex, ["""JSON.SET u $ '{"age":31,"address":{"city":"Seoul"}}'"""])
    assert [c.reason for c in res.checks if not c.passed] == [
        '$.address.city of `u` should be "Busan", it is "Seoul"',
        '`u` should be {"address":{"city":"Busan"},"age":30}, it is {"age":31,"address":{"city":"Seoul"}}']
    res = grade(ex, ["SET u x"])
    assert res.checks[0].reason == "`u` is a string, it should be a JSON document (JSON.SET)"
    res = grade(ex, ["""JSON.SET u $ '{"age":30}'"""])
    assert res.checks[0].reason == "`u` has nothing at $.address.city"
    assert grade(ex, []).checks[0].reason == "`u` does not exist"


def test_redisjson_lesson_grades_the_document_not_the_last_reply():
    from redislab.curriculum import load_lessons

    lesson = load_lessons().by_id()["07-1-redisjson"]
    ex = next(e for e in lesson.exercises if e.id == "move-city")
    env = values_for(ex, 0)
    uid, city = env["uid"], env["city"]
    # The city changed in place: passes, with or without reading the document back.
    assert grade(ex, [f"""JSON.SET user:{uid} $.address.city '"{city}"'"""]).passed
    # The whole address replaced: the zip is lost, the state check says so.
    res = grade(ex, [f"""JSON.SET user:{uid} $.address '{{"city":"{city}"}}'"""])
    assert not res.passed and any("stays as it was" in c.reason for c in res.checks if not c.passed)


def test_stream_check_reads_the_newest_entry():
    ex = _ex("""
  - stream: {key: log, last: {msg: launch}}
""", setup="[XADD log * msg a]")
    assert grade(ex, ["XADD log * msg launch"]).passed
    res = grade(ex, ["XADD log * msg outage"])
    assert [c.reason for c in res.checks if not c.passed] == ["the newest entry of `log` holds msg outage"]
    res = grade(ex, ["XADD log * msg launch by me"])
    assert [c.reason for c in res.checks if not c.passed] == ["the newest entry of `log` holds msg launch by me"]
    res = grade(ex, ["DEL log", "SET log x"])
    assert not res.passed


def test_publish_and_log_grades_what_the_log_says():
    from redislab.curriculum import load_lessons

    lesson = load_lessons().by_id()["06-pubsub-vs-streams"]
    ex = next(e for e in lesson.exercises if e.id == "publish-and-log")
    env = values_for(ex, 0)
    good = [f"PUBLISH news {env['msg']}", f"XADD news:log MAXLEN {env['cap']} * msg {env['msg']}"]
    assert grade(ex, good).passed
    wrong = [f"PUBLISH news {env['msg']}", f"XADD news:log MAXLEN {env['cap']} * msg hello"]
    assert not grade(ex, wrong).passed          # the right length, the wrong message
