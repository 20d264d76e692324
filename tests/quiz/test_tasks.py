"""Hands-on tasks graded on a fresh engine: right, partly right and wrong sessions."""
import pytest

from redislab.quiz import PASS, grade
from redislab.quiz.tasks import TASKS, TaskRun, has_command, missing_commands, run_task

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


def test_unavailable_task_is_skipped_not_faked(bank):
    q = bank.get("guide-q4")
    m = q.mechanic("task")
    if has_command("CLUSTER"):
        pytest.skip("the engine has CLUSTER now")
    assert not m.available and "CLUSTER" in m.unavailable_reason
    r = grade(q, ["MGET a b"], "task")
    assert r.score == 0 and r.note == "unavailable"
    assert run_task("crossslot", ["MGET a b"]).note == "unavailable"


def test_missing_commands():
    assert missing_commands(["GET", "NOSUCHCMD", "CONFIG GET", "CONFIG NOSUCHSUB"]) == ["NOSUCHCMD", "CONFIG NOSUCHSUB"]


def test_every_task_is_used_by_the_bank(bank):
    used = {m.task for q in bank for m in q.mechanics if m.type == "task"}
    assert used == set(TASKS)


def test_comments_and_blank_lines_are_ignored(bank):
    r = grade(bank.get("quiz-q1"), ["# take the lock", "", *CASES["quiz-q1"][0]], "task")
    assert r.score == 1.0
