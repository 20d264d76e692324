"""Active expiry: keys nobody touches still go, through the cron's sampling cycle."""
from redislab.engine import Engine, VirtualClock


def _dbsize(engine, n=0):
    return len(engine.keyspace.dbs[n].data)


def test_untouched_keys_expire_through_the_active_cycle():
    engine = Engine(clock=VirtualClock())
    for i in range(1000):
        engine.run("SET", f"t{i}", "v", "PX", str(500 + i % 500))
    for i in range(200):
        engine.run("SET", f"keep{i}", "v")
    engine.run("SET", "later", "v", "EX", "3600")
    assert _dbsize(engine) == 1201
    # Nothing reads the keys: only the cron (run by each 100 ms clock step) can delete them.
    engine.clock.advance(2)
    assert _dbsize(engine) < 1201
    engine.clock.advance(20)
    assert _dbsize(engine) == 201
    db = engine.keyspace.dbs[0]
    assert b"later" in db.data and all(b"keep%d" % i in db.data for i in range(200))
    assert engine.keyspace.stats_expired == 1000


def test_active_cycle_runs_on_every_db():
    engine = Engine(clock=VirtualClock())
    s = engine.session()
    for dbn in (0, 3, 15):
        engine.execute(s, [b"SELECT", b"%d" % dbn])
        for i in range(50):
            engine.execute(s, [b"SET", b"k%d" % i, b"v", b"PX", b"300"])
    engine.clock.advance(5)
    assert all(_dbsize(engine, n) == 0 for n in (0, 3, 15))


def test_keys_not_yet_due_survive():
    engine = Engine(clock=VirtualClock())
    for i in range(100):
        engine.run("SET", f"k{i}", "v", "EX", "60")
    engine.clock.advance(59)
    assert _dbsize(engine) == 100
    engine.clock.advance(5)
    assert _dbsize(engine) == 0


def test_debug_set_active_expire_turns_the_cycle_off(r):
    r("DEBUG", "SET-ACTIVE-EXPIRE", "0")
    for i in range(50):
        r("SET", f"k{i}", "v", "PX", "100")
    r.engine.clock.advance(2)
    assert r("DBSIZE") == 50          # nobody touched them and the cycle is off
    assert r("GET", "k1") is None     # lazy expiry still works on access
    r("DEBUG", "SET-ACTIVE-EXPIRE", "1")
    r.engine.clock.advance(2)
    assert r("DBSIZE") == 0
