"""Busy scripts: BUSY replies to other clients, SCRIPT KILL, UNKILLABLE (two threads, one engine)."""
import threading
import time

from redislab.engine import Engine
from redislab.errors import RedisError

BUSY = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."


def _start(engine, *cmd):
    """Run a command in a thread; returns (thread, result holder)."""
    box = {}
    s = engine.session()

    def go():
        box["reply"] = engine.run(*cmd, session=s)

    t = threading.Thread(target=go, daemon=True)
    t.start()
    return t, box


def _wait_busy(engine, timeout=5.0):
    deadline = time.monotonic() + timeout
    while engine.busy_script is None:
        assert time.monotonic() < deadline, "script never became busy"
        time.sleep(0.005)


# Sessions are created before the script starts: Engine.session takes the engine lock.


def test_busy_then_script_kill():
    e = Engine(config={"busy-reply-threshold": 50})
    other = e.session()
    t, box = _start(e, "EVAL", "local i = 0 while true do i = i + 1 end", 0)
    _wait_busy(e)
    assert e.run("GET", "a", session=other) == RedisError(BUSY)
    assert e.run("FUNCTION", "KILL", session=other) == RedisError(BUSY)
    assert e.run("FUNCTION", "STATS", session=other) == RedisError(BUSY)
    assert e.run("SCRIPT", "KILL", session=other) == "OK"
    t.join(5)
    assert not t.is_alive()
    reply = box["reply"]
    assert isinstance(reply, RedisError)
    assert reply.message.startswith("ERR Script killed by user with SCRIPT KILL... script: ")
    assert reply.message.endswith(", on @user_script:1.")
    assert e.busy_script is None
    assert e.run("SET", "a", "1", session=other) == "OK"
    assert e.run("SCRIPT", "KILL", session=other) == RedisError("NOTBUSY No scripts in execution right now.")


def test_kill_survives_pcall_in_the_script():
    e = Engine(config={"busy-reply-threshold": 30})
    other = e.session()
    script = "while true do pcall(function() local i = 0 while true do i = i + 1 end end) end"
    t, box = _start(e, "EVAL", script, 0)
    _wait_busy(e)
    assert e.run("SCRIPT", "KILL", session=other) == "OK"
    t.join(5)
    assert "Script killed by user" in box["reply"].message


def test_unkillable_after_a_write():
    e = Engine(config={"busy-reply-threshold": 30})
    stop = e.session()
    script = ("redis.call('set', 'w', '1') local i = 0 "
              "while redis.call('get', 'stop') == false do i = i + 1 end return i > 0")
    t, box = _start(e, "EVAL", script, 0)
    _wait_busy(e)
    r = e.run("SCRIPT", "KILL", session=stop)
    assert r.message.startswith("UNKILLABLE Sorry the script already executed write commands")
    assert not e.extensions["scripting"].current.killed
    # Only the script can end itself now: hand it the key it polls for, behind the
    # lock's back (the lock is the script's; a dict store is atomic under the GIL).
    e.keyspace.dbs[0].data[b"stop"] = b"1"
    t.join(5)
    assert box["reply"] == 1


def test_fast_scripts_never_busy():
    e = Engine(config={"busy-reply-threshold": 5000})
    assert e.run("EVAL", "return 1", 0) == 1
    assert e.busy_script is None


def test_other_client_waits_for_a_short_script():
    e = Engine(config={"busy-reply-threshold": 5000})
    other = e.session()
    t, box = _start(e, "EVAL", "local i = 0 while i < 2000000 do i = i + 1 end redis.call('set','x','done') return i", 0)
    time.sleep(0.01)
    # Either ran before the script or waited for it: never BUSY, never interleaved.
    assert e.run("GET", "x", session=other) in (None, b"done")
    t.join(10)
    assert box["reply"] == 2000000


BUSY_FN = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE."


def test_busy_function_then_function_kill():
    e = Engine(config={"busy-reply-threshold": 30})
    other = e.session()
    e.run("FUNCTION", "LOAD", "#!lua name=spin\n"
          "redis.register_function('spin', function() local i = 0 while true do i = i + 1 end end)")
    t, box = _start(e, "FCALL", "spin", 0)
    _wait_busy(e)
    assert e.run("PING", session=other) == RedisError(BUSY_FN)
    assert e.run("SCRIPT", "KILL", session=other) == RedisError(BUSY_FN)
    assert e.run("FUNCTION", "KILL", session=other) == "OK"
    t.join(5)
    assert box["reply"].message.startswith("ERR Script killed by user with SCRIPT KILL... script: spin")
    assert e.run("FUNCTION", "STATS", session=other)[b"running_script"] is None


def test_busy_state_visible_to_the_engine():
    e = Engine(config={"busy-reply-threshold": 20})
    other = e.session()
    t, box = _start(e, "EVAL", "local i = 0 while true do i = i + 1 end", 0)
    _wait_busy(e)
    run = e.busy_script
    assert run.kind == "eval" and run.busy and not run.wrote
    assert e.run("SCRIPT", "KILL", session=other) == "OK"
    t.join(5)
    assert e.busy_script is None


def test_kill_api_for_front_ends():
    from redislab.engine.scripting import scripting

    e = Engine(config={"busy-reply-threshold": 5000})
    st = scripting(e)       # before the script: creating it needs the engine lock
    t, box = _start(e, "EVAL", "local i = 0 while true do i = i + 1 end", 0)
    deadline = time.monotonic() + 5
    while st.current is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    # Not yet busy (threshold 5 s): a front end may still stop it at once.
    assert st.kill("function") == RedisError(BUSY)
    assert st.kill("eval") is None
    t.join(5)
    assert "Script killed by user" in box["reply"].message
    assert st.kill() == RedisError("NOTBUSY No scripts in execution right now.")
