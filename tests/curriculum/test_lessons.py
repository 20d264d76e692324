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


def test_lessons_come_in_the_guides_section_order():
    # Home lists lessons in this order: an overview ("7") before its parts ("7.1"),
    # and "10" after "9", whatever the file names sort as.
    from redislab.curriculum import load_lessons
    from redislab.curriculum.loader import section_key

    sections = [lesson.section for lesson in load_lessons().lessons]
    assert sections == sorted(sections, key=section_key)
    assert section_key("7") < section_key("7.1") < section_key("7.3") < section_key("8") < section_key("10")
