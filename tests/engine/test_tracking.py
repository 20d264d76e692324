"""Client-side caching: tracking table, BCAST, OPTIN/OPTOUT, redirects (engine/tracking.py)."""
import redislab
from redislab.engine import Engine, VirtualClock
from redislab.engine.replies import Push


def client(engine, resp=3):
    s = engine.session()
    s.resp = resp
    pushes = []
    s.push = pushes.append

    def run(*args):
        return engine.execute(s, [a if isinstance(a, bytes) else str(a).encode() for a in args])

    run.session, run.pushes = s, pushes
    return run


def take(c):
    out = list(c.pushes)
    c.pushes.clear()
    return out


def test_hooks_only_while_someone_tracks():
    e = Engine(clock=VirtualClock())
    a = client(e)
    assert e.after_call == [] and e.keyspace.on_modified is None
    a("CLIENT", "TRACKING", "on")
    assert e.after_call and e.keyspace.on_modified is not None
    a("CLIENT", "TRACKING", "off")
    assert e.after_call == [] and e.keyspace.on_modified is None
    a("CLIENT", "TRACKING", "on")
    a.session.close()
    assert e.after_call == []


def test_read_then_write_invalidates_once():
    e = Engine(clock=VirtualClock())
    a, b = client(e), client(e, 2)
    a("CLIENT", "TRACKING", "on")
    a("GET", "k")
    b("SET", "k", "1")
    assert take(a) == [Push([b"invalidate", [b"k"]])]
    b("SET", "k", "2")
    assert take(a) == []
    a("GET", "k")
    b("FLUSHALL")
    assert take(a) == [Push([b"invalidate", None])]    # one null message for all 16 dbs


def test_expiry_invalidates():
    e = Engine(clock=VirtualClock())
    a, b = client(e), client(e, 2)
    b("SET", "k", "v", "PX", "100")
    a("CLIENT", "TRACKING", "on")
    a("GET", "k")
    e.clock.advance(1)
    b("GET", "k")
    assert take(a) == [Push([b"invalidate", [b"k"]])]


def test_bcast_batches_per_command_and_noloop():
    e = Engine(clock=VirtualClock())
    a, b = client(e), client(e, 2)
    a("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "u:", "NOLOOP")
    b("MSET", "u:1", "x", "v:1", "y", "u:2", "z")
    assert take(a) == [Push([b"invalidate", [b"u:1", b"u:2"]])]
    a("SET", "u:3", "mine")
    assert take(a) == []


def test_optin_caching_applies_to_one_command():
    e = Engine(clock=VirtualClock())
    a, b = client(e), client(e, 2)
    a("CLIENT", "TRACKING", "on", "OPTIN")
    a("GET", "x")
    a("CLIENT", "CACHING", "yes")
    assert a("CLIENT", "TRACKINGINFO")[b"flags"] == [b"on", b"optin", b"caching-yes"]
    a("GET", "y")
    a("GET", "z")
    b("MSET", "x", "1", "y", "1", "z", "1")
    assert take(a) == [Push([b"invalidate", [b"y"]])]


def test_resp2_redirect_goes_to_subscriber():
    e = Engine(clock=VirtualClock())
    listener, a, b = client(e, 2), client(e, 2), client(e, 2)
    listener("SUBSCRIBE", "__redis__:invalidate")
    take(listener)
    assert a("CLIENT", "TRACKING", "on", "REDIRECT", listener.session.id) == "OK"
    assert a("CLIENT", "GETREDIR") == listener.session.id
    a("GET", "k")
    b("DEL", "k")       # nothing deleted, nothing to invalidate
    b("SET", "k", "v")
    assert take(listener) == [Push([b"message", b"__redis__:invalidate", [b"k"]])]
    assert "t" in a("CLIENT", "INFO").split("flags=")[1].split()[0]


def test_table_limit_evicts_with_invalidation():
    e = Engine(clock=VirtualClock())
    a = client(e)
    e.config.set("tracking-table-max-keys", 2)
    a("CLIENT", "TRACKING", "on")
    a("MGET", "a", "b", "c")
    assert take(a) == [Push([b"invalidate", [b"a"]])]


def test_redis_py_resp3_client_receives_invalidations():
    e = Engine()
    r1 = redislab.Redis(engine=e, protocol=3, single_connection_client=True)
    r2 = redislab.Redis(engine=e)
    got = []
    assert r1.client_tracking_on()
    r1.connection._parser.set_invalidation_push_handler(got.append)
    r1.get("k")
    r2.set("k", "v")
    r1.ping()
    assert got == [[b"invalidate", [b"k"]]]
