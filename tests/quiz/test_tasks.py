"""Hands-on tasks graded on a fresh engine: right, partly right and wrong sessions."""
import pytest

from redislab.quiz import PASS, grade
from redislab.quiz.grading import Result
from redislab.quiz.tasks import TASKS, TaskRun, credit, has_command, missing_commands, run_task

LOCK_SCRIPT = ('EVAL "if redis.call(\'GET\', KEYS[1]) == ARGV[1] then return redis.call(\'DEL\', KEYS[1]) end '
               'return 0" 1 lock:order:7 token-a')
SCAN3 = ["SCAN 0 MATCH product:* COUNT 100"] + ["SCAN $cursor MATCH product:* COUNT 100"] * 3

# question id -> (right lines, partly right lines, wrong lines)
CASES = {
    "guide-q7": (["SCAN 0 COUNT 1000", "TYPE followers:celebrity", "SCARD followers:celebrity", "UNLINK followers:celebrity"],
                 ["SCAN 0 COUNT 1000", "SCARD followers:celebrity", "DEL followers:celebrity"],
                 ["KEYS *", "FLUSHALL"]),
    "guide-q11": (["MULTI"] + [f"SET views:{i} 0" for i in range(1, 21)] + ["EXEC"],
                  [f"SET views:{i} 0" for i in range(1, 21)],
                  ["SET views:1 0"]),
    "guide-q12": (["TTL session:42", "EXISTS session:42", "DBSIZE"],
                  ["TTL session:42", "EXISTS session:42"],
                  ["GET session:42"]),
    "guide-q6": (["PUBLISH orders o1", "XADD orders:log * id o1", "XGROUP CREATE orders:log billing 0",
                  "XREADGROUP GROUP billing c1 COUNT 10 STREAMS orders:log >", "XACK orders:log billing $id"],
                 ["PUBLISH orders o1", "XADD orders:log * id o1"],
                 ["SUBSCRIBE orders"]),
    "guide-q8": (["CONFIG SET maxmemory 4mb", "SET new v", "CONFIG SET maxmemory-policy allkeys-lru", "SET new v",
                  "INFO stats"],
                 ["CONFIG SET maxmemory 4mb", "SET new v", "CONFIG SET maxmemory-policy volatile-lru", "SET new v"],
                 ["SET new v", "FLUSHALL"]),
    "guide-q9": ([LOCK_SCRIPT], ['EVAL "return redis.call(\'GET\', KEYS[1])" 1 lock:order:7'], ["DEL lock:order:7"]),
    "quiz-q1": (["SET lock:a me NX PX 30000", "SET lock:a you NX PX 30000", "SET nothing:here v XX"],
                ["SET lock:a me NX"], ["SET lock:a me"]),
    "quiz-q3": (SCAN3, ["SCAN 0 MATCH product:* COUNT 20"], ["KEYS product:*"]),
    "quiz-q4": (["WATCH balance", "GET balance", "MULTI", "SET balance 80", "EXEC",
                 "WATCH balance", "GET balance", "MULTI", "SET balance 130", "EXEC"],
                ["WATCH balance", "GET balance", "MULTI", "SET balance 80", "EXEC"],
                ["GET balance", "SET balance 80"]),
    "guide-q4": (["MGET user:1 user:2", "MSET {user}:1 alice {user}:2 bob", "MGET {user}:1 {user}:2"],
                 ["MGET user:1 user:2", "MGET {user}:1 {user}:2"],
                 ["MGET user:1"]),
    "guide-q14": (["SLOWLOG GET", "SLOWLOG RESET", "ANSWER SUNIONSTORE"],
                  ["SLOWLOG GET", "ANSWER sunionstore"],
                  ["SLOWLOG RESET", "ANSWER GET"]),
    "guide-q5": (["strategy lock", "param retry_sleep=0.05"],
                 ["strategy jitter"],
                 ["strategy naive"]),
    "guide-q1": (["DEBUG SLEEP 0.3", "SLOWLOG GET"],
                 ["DEBUG SLEEP 0.3"],
                 ["PING", "GET x"]),
    "quiz-q5": (["SCARD visitors:set", "PFCOUNT visitors:hll"]
                + (["MEMORY USAGE visitors:hll", "MEMORY USAGE visitors:set"] if has_command("MEMORY USAGE")
                   else ["STRLEN visitors:hll"]),
                ["PFCOUNT visitors:hll"], ["GET visitors:set"]),
}


@pytest.mark.parametrize("qid", sorted(CASES))
def test_task_right_partial_wrong(bank, qid):
    q = bank.get(qid)
    right, part, wrong = CASES[qid]
    r = grade(q, right, "task")
    assert r.mechanic == "task" and r.score >= PASS, (r.score, r.missing, r.feedback)
    p = grade(q, part, "task")
    assert 0 < p.score < PASS and p.missing, (p.score, p.feedback)
    w = grade(q, wrong, "task")
    assert w.score < 0.3, (w.score, w.feedback)


def test_big_key_prefers_unlink_and_penalises_collateral(bank):
    q = bank.get("guide-q7")
    unlink = grade(q, CASES["guide-q7"][0], "task")
    dele = grade(q, ["SCAN 0 COUNT 1000", "SCARD followers:celebrity", "DEL followers:celebrity"], "task")
    assert unlink.score == 1.0 and dele.score < unlink.score
    assert any("UNLINK" in m for m in dele.missing)
    flush = grade(q, ["SCAN 0 COUNT 1000", "SCARD followers:celebrity", "UNLINK followers:celebrity", "DEL user:3"], "task")
    assert flush.score < unlink.score
    if not has_command("MEMORY USAGE"):
        assert "MEMORY USAGE" in unlink.note


def test_watch_hook_runs_other_client_between_watch_and_exec():
    run = TaskRun(TASKS["watch_retry"])
    run.send("WATCH balance")
    _, notes = run.send("MULTI")
    assert notes and "INCRBY" in notes[0]
    run.send("SET balance 80")
    reply, _ = run.send("EXEC")
    assert reply is None or type(reply).__name__ == "_NullArray" or repr(reply) == "NULL_ARRAY"
    assert [s.who for s in run.steps].count("other") == 1
    assert run.admin_run("GET", "balance") == b"150"


def test_hook_needs_its_condition():
    # MULTI without a WATCH before it does not trigger the other client's write.
    run = TaskRun(TASKS["watch_retry"])
    _, notes = run.send("MULTI")
    assert notes == []


def test_expiry_hook_moves_the_virtual_clock():
    run = TaskRun(TASKS["expiry"])
    before = run.engine.clock.time_ms()
    reply, notes = run.send("PTTL session:42")
    assert reply == 1500 and notes
    assert run.engine.clock.time_ms() - before == 3000
    assert run.send("EXISTS session:42")[0] == 0


def test_scan_cursor_placeholder():
    run = TaskRun(TASKS["scan_walk"])
    first, _ = run.send("SCAN 0 COUNT 10")
    second, _ = run.send("SCAN $cursor COUNT 10")
    assert first[0] != b"0" and run.steps[-1].arg(1) == first[0].decode()
    assert isinstance(second, list)


def test_hll_reports_how_it_measured(bank):
    r = grade(bank.get("quiz-q5"), CASES["quiz-q5"][0], "task")
    assert r.score == 1.0 and "MEMORY USAGE" in r.note
    assert any("off the exact" in f for f in r.feedback)
    strlen = grade(bank.get("quiz-q5"), ["SCARD visitors:set", "PFCOUNT visitors:hll", "STRLEN visitors:hll"], "task")
    if has_command("MEMORY USAGE"):
        assert r.note == "compared via MEMORY USAGE"
        assert any("times the HLL" in f for f in r.feedback)
        assert strlen.score == pytest.approx(0.8) and strlen.missing      # MEMORY USAGE was there to use
    else:
        assert "STRLEN" in strlen.note and strlen.score == 1.0


def test_unavailable_task_is_skipped_not_faked(bank, monkeypatch):
    # No shipped task needs a missing command any more; a stand-in shows the rule holds.
    from redislab.quiz.tasks import Task

    monkeypatch.setitem(TASKS, "needs_magic", Task("needs_magic", "t", "i", lambda run: None,
                                                   lambda t: pytest.fail("must not run"), requires=["NOSUCHCMD"]))
    r = run_task("needs_magic", ["PING"], question="x")
    assert r.score == 0 and r.note == "unavailable" and "NOSUCHCMD" in r.feedback[0]


def test_crossslot_runs_on_a_cluster_engine(bank):
    assert bank.get("guide-q4").mechanic("task").available
    run = TaskRun(TASKS["crossslot"])
    reply, _ = run.send("MGET user:1 user:2")
    assert str(reply).startswith("CROSSSLOT")
    run.send("MSET {user}:1 alice {user}:2 bob")
    assert run.send("MGET {user}:1 {user}:2")[0] == [b"alice", b"bob"]
    # Deleting a tagged key afterwards loses the final-state check only.
    r = run_task("crossslot", CASES["guide-q4"][0] + ["DEL {user}:2"])
    assert r.score == pytest.approx(0.8) and r.missing


def test_slowlog_answer_is_checked_against_the_real_log():
    run = TaskRun(TASKS["slowlog"])
    slowest = max(run.slowlog_at_start, key=lambda e: e[2])
    assert slowest[3][0] == b"SUNIONSTORE"
    newest = run.send("SLOWLOG GET 1")[0]
    assert newest[0][3][0] != b"SUNIONSTORE"        # the newest entry is not the slowest
    reply, notes = run.send("ANSWER EXPIRE")
    assert str(reply).startswith("noted") and run.said("ANSWER") == ["EXPIRE"]
    r = run.finish()
    assert r.score < 0.5 and any("EXPIRE was not it" in m for m in r.missing)


def test_herd_plan_format_and_bounds():
    ok = run_task("herd", ["# one refill at a time", "STRATEGY xfetch", "param beta=3"])
    assert ok.score == 1.0 and "xfetch beta=3.0" in ok.note
    slow = run_task("herd", ["strategy lock", "param retry_sleep=0.5"])      # few queries, long waits
    assert 0 < slow.score < PASS and any("p99" in m for m in slow.missing)
    bad = run_task("herd", ["strategy jitter", "param jitter=10"])          # beyond the run: refused
    assert bad.score == 0 and any("between 0 and 3" in f for f in bad.feedback)
    assert run_task("herd", ["strategy bogus"]).score == 0
    assert run_task("herd", ["SET a b"]).missing


def test_stall_measures_the_other_client_and_stays_bounded():
    import time

    t0 = time.perf_counter()
    r = run_task("stall", ["DEBUG SLEEP 5", "DEBUG SLEEP 5x"])   # refused, never slept
    assert r.score == 0 and time.perf_counter() - t0 < 1
    t0 = time.perf_counter()
    r = run_task("stall", ['EVAL "while true do end" 0', "SLOWLOG GET"])   # killed by the watcher
    assert r.score >= PASS and time.perf_counter() - t0 < 2.5, r.note
    short = run_task("stall", ["DEBUG SLEEP 0.02", "SLOWLOG GET"])
    assert short.score == 0 and "longest PING" in short.note


def test_missing_commands():
    assert missing_commands(["GET", "NOSUCHCMD", "CONFIG GET", "CONFIG NOSUCHSUB"]) == ["NOSUCHCMD", "CONFIG NOSUCHSUB"]


def test_every_task_is_used_by_the_bank(bank):
    used = {m.task for q in bank for m in q.mechanics if m.type == "task"}
    assert used == set(TASKS)


def test_comments_and_blank_lines_are_ignored(bank):
    r = grade(bank.get("quiz-q1"), ["# take the lock", "", *CASES["quiz-q1"][0]], "task")
    assert r.score == 1.0


def test_credit_scores_one_item_of_a_check():
    r = Result("", "task", 0.0)
    assert credit(r, [1], 0.25, "done", "todo") is True
    assert credit(r, [], 0.5, "done twice", "todo") is False
    assert credit(r, True, 0.25) and not credit(r, None, 1.0)   # no message to give
    assert r.score == 0.5 and r.feedback == ["done"] and r.missing == ["todo"]
