"""The shipped exercises grade the method, not just the result: typical wrong or
half-right answers must fail, each for the reason the lesson teaches."""
import pytest

from redislab.curriculum import grade, load_lessons
from redislab.curriculum.grading import solution_commands, values_for


@pytest.fixture(scope="module")
def ex():
    lessons = load_lessons().by_id()

    def get(lesson_id, ex_id):
        return next(e for e in lessons[lesson_id].exercises if e.id == ex_id)
    return get


def test_counter_read_then_write_fails(ex):
    e = ex("02-1-strings", "count-views")
    env = values_for(e, 0)
    res = grade(e, ["GET page:views", f"SET page:views {env['n'] + env['k']}"])
    assert not res.passed and any("loses views" in c.reason for c in res.failed_checks)


def test_counter_looked_at_then_incremented_passes(ex):
    # "GET page:views" then INCRBY failed with "Reading the counter and writing a new
    # number back loses views": nothing was written back; looking is no race.
    e = ex("02-1-strings", "count-views")
    env = values_for(e, 0)
    assert grade(e, ["GET page:views", f"INCRBY page:views {env['k']}"]).passed


def test_looking_at_the_stores_first_is_not_called_georadius(ex):
    e = ex("03-3-geospatial", "near-me")
    r = values_for(e, 0)["r"]
    search = f"GEOSEARCH stores FROMLONLAT 126.9784 37.5665 BYRADIUS {r} km ASC WITHDIST"
    assert grade(e, ["ZRANGE stores 0 -1", search]).passed
    res = grade(e, [f"GEORADIUS stores 126.9784 37.5665 {r} km ASC WITHDIST", search])
    assert not res.passed and res.reason == "GEORADIUS is deprecated; GEOSEARCH does the same search."


def test_looking_at_the_data_first_is_no_fault(ex):
    # Each was refused with a message about a mistake the learner had not made.
    e = ex("03-4-streams", "replay-history")
    env = values_for(e, 0)
    assert grade(e, ["XRANGE orders - +", "XGROUP CREATE orders audit 0",
                     "XREADGROUP GROUP audit a1 COUNT 100 STREAMS orders >"]).passed
    assert not grade(e, ["XGROUP CREATE orders audit $",
                         "XREADGROUP GROUP audit a1 COUNT 100 STREAMS orders >"]).passed
    e = ex("02-3-sets", "unique-visitors")
    env = values_for(e, 0)
    add = f"SADD visitors:today {env['back']} {env['fresh']}"
    assert grade(e, ["SMEMBERS visitors:today", add, "SCARD visitors:today"]).passed
    res = grade(e, [add, "SMEMBERS visitors:today"])
    assert not res.passed and "SCARD" in res.reason


def test_session_set_then_expire_is_not_atomic(ex):
    e = ex("02-1-strings", "session-ttl")
    env = values_for(e, 0)
    key = f"session:{env['sid']}"
    res = grade(e, [f"SET {key} {env['user']}", f"EXPIRE {key} {env['ttl']}"])
    assert not res.passed and "set the TTL in a second command" in res.reason and res.hint_index == 1


def test_lock_without_nx_fails_when_someone_holds_it(ex):
    e = ex("02-1-strings", "take-the-lock")
    # find a seed where the lock is free for the learner: the plain SET "works" there,
    # and only the variant where another worker holds the lock exposes it
    seed = next(s for s in range(50) if values_for(e, s)["taken"] == 0)
    env = values_for(e, seed)
    res = grade(e, [f"SET lock:report {env['me']} EX 10"], seed=seed)
    assert not res.passed and res.failure == "variant"
    assert "should be worker-z" in res.reason
    assert grade(e, solution_commands(e, env), seed=seed).passed


def test_feed_rebuilt_by_hand_fails_on_a_variant(ex):
    e = ex("02-2-lists", "capped-feed")
    env = values_for(e, 0)
    key = f"feed:{env['user']}"
    res = grade(e, [f"LPUSH {key} {env['msg']}", f"LTRIM {key} 0 4"])
    assert res.passed
    typed = " ".join([env["msg"]] + env["old"][:4])
    res = grade(e, [f"UNLINK {key}", f"RPUSH {key} {typed}", f"LTRIM {key} 0 4"])
    assert res.failure == "variant"


def test_transaction_is_required_for_the_log(ex):
    e = ex("02-2-lists", "log-in-one-trip")
    env = values_for(e, 0)
    key = f"log:{env['svc']}"
    res = grade(e, [f"LPUSH {key} {env['event']}", f"LTRIM {key} 0 2"])
    assert not res.passed and "went to the server on its own" in " ".join(c.reason for c in res.checks)


def test_negative_count_can_repeat_winners(ex):
    e = ex("02-3-sets", "pick-winners")
    verdicts = []
    for seed in range(10):
        env = values_for(e, seed)
        verdicts.append(grade(e, [f"SRANDMEMBER contest:entries -{env['n']}"], seed=seed).passed)
    assert False in verdicts                              # some draw repeats a winner
    env = values_for(e, 0)
    res = grade(e, [f"SPOP contest:entries {env['n']}"])
    assert not res.passed and "missing" in res.reason     # SPOP removes the winners
    assert grade(e, solution_commands(e, env)).passed


def test_leaderboard_read_by_fetching_everything_fails(ex):
    e = ex("02-4-sorted-sets", "my-rank")
    env = values_for(e, 0)
    res = grade(e, ["ZREVRANGE scores:week 0 -1", f"ZREVRANK scores:week {env['me']}"])
    assert not res.passed and "Fetching the board" in res.reason


def test_points_added_with_zadd_fail_on_a_variant(ex):
    e = ex("02-4-sorted-sets", "award-points")
    env = values_for(e, 0)
    res = grade(e, [f"ZADD leaderboard {env['base'] + env['pts']} {env['player']}"])
    assert not res.passed       # ZINCRBY is required, and the number was typed in


def test_cart_in_a_pipeline_is_not_atomic(ex):
    e = ex("02-5-hashes", "cart-with-ttl")
    env = values_for(e, 0)
    key = f"cart:{env['cid']}"
    res = grade(e, [[f"HSET {key} {env['item']} 1", f"EXPIRE {key} 1800"]])
    assert not res.passed and res.hint_index == 0
    assert grade(e, ["MULTI", f"HSET {key} {env['item']} 1", f"EXPIRE {key} 1800", "EXEC"]).passed


def test_looking_first_then_one_write_is_one_command(ex):
    # "In one command" is about the work: a ZSCORE to look before the ZINCRBY is fine.
    e = ex("10-in-practice", "points-for-anyone")
    env = values_for(e, 0)
    look_first = [f"ZSCORE leaderboard:weekly {env['player']}", "ZRANGE leaderboard:weekly 0 -1 WITHSCORES",
                  f"ZINCRBY leaderboard:weekly {env['pts']} {env['player']}"]
    res = grade(e, look_first)
    assert res.passed, [c.reason for c in res.failed_checks]


def test_two_writes_fail_one_command_and_name_both(ex):
    e = ex("10-in-practice", "points-for-anyone")
    env = values_for(e, 0)
    two = [f"ZINCRBY leaderboard:weekly 1 {env['player']}",
           f"ZINCRBY leaderboard:weekly {env['pts'] - 1} {env['player']}"]
    res = grade(e, two)
    mc = next(c for c in res.checks if c.kind == "max_commands")
    assert not res.passed and not mc.passed
    assert mc.reason.startswith("it can be done with 1 command that changes data; you made 2: `ZINCRBY")
    assert "only read, to look first, are not counted" in mc.reason


def test_a_read_exercise_still_counts_the_reads(ex):
    # Where the answer is itself a read, the extra reads are what the exercise is about.
    e = ex("12-client-libraries", "many-users")
    env = values_for(e, 0)
    keys = [f"user:{i}" for i in env["ids"]]
    res = grade(e, [f"GET {keys[0]}", "MGET " + " ".join(keys)])
    assert not res.passed and res.reason == "it can be done in 1 command; you used 2"


def test_rebuild_under_lock_grades_the_order_not_the_first_line(ex):
    e = ex("05-invalidation", "rebuild-under-lock")
    v = values_for(e, 0)
    lock, report = f"SET lock:report:daily {v['me']} NX EX 10", f"SET report:daily {v['total']} EX 3700"
    assert grade(e, ["TTL report:daily", lock, report, "DEL lock:report:daily"]).passed   # looking first
    take_first = "Take the lock first, only if nobody holds it"
    for wrong in ([report, "DEL lock:report:daily"],                      # never took the lock
                  [report, lock, "DEL lock:report:daily"],                # took it too late
                  [lock.replace(" NX", ""), report, "DEL lock:report:daily"]):   # without NX
        res = grade(e, wrong)
        assert not res.passed and res.reason.startswith(take_first), (wrong, res.reason)


def test_other_right_ways_pass(ex):
    """Right answers written differently from the lesson's solution."""
    def env(lesson, ex_id):
        e = ex(lesson, ex_id)
        return e, values_for(e, 0)
    e, v = env("02-2-lists", "next-job")
    assert grade(e, ["LMOVE queue:jobs queue:done RIGHT LEFT"]).passed
    assert grade(e, ["RPOPLPUSH queue:jobs queue:done"]).passed
    assert not grade(e, ["LMOVE queue:jobs queue:done LEFT LEFT"]).passed      # the newest job
    e, v = env("02-4-sorted-sets", "award-points")
    assert grade(e, [f"ZADD leaderboard INCR {v['pts']} {v['player']}"]).passed
    e, v = env("07-1-redisjson", "move-city")
    merge = f"JSON.MERGE user:{v['uid']} $ '{{\"address\":{{\"city\":\"{v['city']}\"}}}}'"
    assert grade(e, [merge, f"JSON.GET user:{v['uid']}"]).passed
    e, v = env("03-4-streams", "work-and-ack")
    acks = "XACK jobs workers 1700000000000-0 1700000000000-1 1700000000000-2"
    read = f"XREADGROUP GROUP workers {v['me']} STREAMS jobs >"
    assert grade(e, [read, acks, "XPENDING jobs workers - + 10"]).passed     # the extended form
    res = grade(e, [read, "XACK jobs workers 1700000000000-0", "XPENDING jobs workers - + 10"])
    assert not res.passed and "still shows pending entries" in res.reason


def test_lessons_come_in_the_guides_section_order():
    # Home lists lessons in this order: an overview ("7") before its parts ("7.1"),
    # and "10" after "9", whatever the file names sort as.
    from redislab.curriculum import load_lessons
    from redislab.curriculum.loader import section_key

    sections = [lesson.section for lesson in load_lessons().lessons]
    assert sections == sorted(sections, key=section_key)
    assert section_key("7") < section_key("7.1") < section_key("7.3") < section_key("8") < section_key("10")
