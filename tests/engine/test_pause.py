"""CLIENT PAUSE on the engine's clock: held commands run when the pause ends, in the
order they came, through the whole pipeline again (engine/pause.py)."""
import threading

import redislab
from redislab.engine import Engine, VirtualClock
from redislab.engine.blocking import Blocked


def setup():
    e = Engine(clock=VirtualClock())
    return e, e.session(), e.session()


def run(e, s, *args):
    return e.execute(s, [a if isinstance(a, bytes) else str(a).encode() for a in args])


def test_held_commands_run_in_arrival_order_when_the_pause_ends():
    e, admin, c = setup()
    others = [e.session() for _ in range(3)]
    run(e, admin, "CLIENT", "PAUSE", 500, "WRITE")
    held = [run(e, s, "RPUSH", "order", i) for i, s in enumerate(others)]
    assert all(isinstance(h, Blocked) and not h.done for h in held)
    assert run(e, c, "LRANGE", "order", 0, -1) == []          # reads go on
    e.clock.advance(0.4)
    assert not any(h.done for h in held)
    e.clock.advance(0.2)
    assert [h.reply for h in held] == [1, 2, 3]
    assert run(e, c, "LRANGE", "order", 0, -1) == [b"0", b"1", b"2"]
    assert not e.gates                                         # the fast path is back


def test_an_extended_pause_holds_the_command_again():
    e, admin, c = setup()
    run(e, admin, "CLIENT", "PAUSE", 100, "WRITE")
    h = run(e, c, "SET", "k", "v")
    run(e, admin, "CLIENT", "PAUSE", 1000, "WRITE")
    e.clock.advance(0.5)
    assert not h.done
    e.clock.advance(0.6)
    assert h.reply == "OK"


def test_all_holds_reads_too_and_outranks_write():
    e, admin, c = setup()
    run(e, admin, "CLIENT", "PAUSE", 300, "ALL")
    h = run(e, c, "GET", "k")
    assert isinstance(h, Blocked)
    mine = run(e, admin, "CLIENT", "PAUSE", 10, "WRITE")       # the pauser is held as well
    assert isinstance(mine, Blocked)
    e.clock.advance(0.35)
    assert h.done and h.reply is None and mine.reply == "OK"


def test_a_held_blpop_goes_on_waiting_for_its_list():
    e, admin, c = setup()
    run(e, admin, "CLIENT", "PAUSE", 200, "WRITE")
    h = run(e, c, "BLPOP", "jobs", 0)
    e.clock.advance(0.3)
    assert not h.done and h.keys == [b"jobs"]
    assert run(e, admin, "CLIENT", "UNBLOCK", c.id, "TIMEOUT") == 1
    assert h.done and h.reply is not None   # the timeout reply (a null array)


def test_expired_keys_stay_until_the_pause_ends():
    e, admin, c = setup()
    run(e, c, "SET", "k", "v", "PX", 50)
    run(e, admin, "CLIENT", "PAUSE", 1000, "WRITE")
    e.clock.advance(0.5)
    assert run(e, c, "GET", "k") is None
    assert run(e, c, "DBSIZE") == 1 and e.keyspace.stats_expired == 0
    assert run(e, c, "RANDOMKEY") == b"k"
    run(e, admin, "CLIENT", "UNPAUSE")
    e.clock.advance(0.2)                                       # the active cycle resumes
    assert run(e, c, "DBSIZE") == 0 and e.keyspace.stats_expired == 1


def test_sessions_that_are_not_clients_are_never_held():
    e, admin, c = setup()
    grader = e.session("lab")
    grader.no_pause = True
    run(e, admin, "CLIENT", "PAUSE", 1000)
    assert run(e, grader, "SET", "k", "v") == "OK"
    assert run(e, grader, "GET", "k") == b"v"


def test_a_cancelled_hold_never_runs():
    e, admin, c = setup()
    run(e, admin, "CLIENT", "PAUSE", 100, "WRITE")
    h = run(e, c, "SET", "k", "v")
    assert h.cancel()
    e.clock.advance(0.2)
    assert run(e, c, "EXISTS", "k") == 0


def test_in_process_clients_wait_in_their_thread():
    engine = Engine()
    r, other = redislab.Redis(engine=engine), redislab.Redis(engine=engine)
    r.client_pause(200, all=False)
    done = threading.Event()
    got = {}

    def writer():
        got["reply"] = other.set("k", "v")
        done.set()

    t = threading.Thread(target=writer)
    t.start()
    assert not done.wait(0.1)
    assert r.get("k") is None
    r.client_unpause()
    assert done.wait(5) and got["reply"] is True
    t.join()
