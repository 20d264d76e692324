"""ACL users, rules, permission gate and log (engine/acl.py, commands/acl.py)."""
from redislab.engine.acl import Acl
from redislab.errors import RedisError


def session(engine):
    s = engine.session()

    def run(*args):
        return engine.execute(s, [a if isinstance(a, bytes) else str(a).encode() for a in args])

    run.session = s
    return run


def err(reply) -> str:
    assert isinstance(reply, RedisError), reply
    return reply.message


def test_no_gate_while_everyone_is_unrestricted(r):
    assert r("ACL", "WHOAMI") == b"default"
    assert r("ACL", "SETUSER", "admin", "on", "nopass", "~*", "&*", "+@all") == "OK"
    assert r.engine.gates == []
    r("ACL", "SETUSER", "limited", "on", "nopass", "+get")
    assert len(r.engine.gates) == 1
    r("ACL", "DELUSER", "limited")
    assert r.engine.gates == []


def test_command_key_and_channel_denials(r):
    r("ACL", "SETUSER", "u", "on", ">pw", "~k*", "&news.*", "+get", "+publish", "+psubscribe", "+config|get")
    c = session(r.engine)
    assert c("AUTH", "u", "pw") == "OK"
    assert err(c("SET", "k", "v")) == "NOPERM this user has no permissions to run the 'set' command"
    assert err(c("CONFIG", "SET", "x", "y")) == "NOPERM this user has no permissions to run the 'config|set' command"
    assert c("GET", "k1") is None
    assert err(c("GET", "other")).endswith("one of the keys used as arguments")
    assert c("PUBLISH", "news.a", "m") == 0
    assert err(c("PUBLISH", "sport", "m")).endswith("one of the channels used as arguments")
    # PSUBSCRIBE patterns must equal an allowed pattern literally.
    assert err(c("PSUBSCRIBE", "news.a*")).endswith("channels used as arguments")
    assert not isinstance(c("PSUBSCRIBE", "news.*"), RedisError)


def test_read_write_key_patterns(r):
    r("ACL", "SETUSER", "u", "on", "nopass", "%R~r*", "%W~w*", "+@all")
    c = session(r.engine)
    c("AUTH", "u", "x")
    assert c("GET", "r1") is None
    assert err(c("SET", "r1", "v")).startswith("NOPERM")
    assert c("SET", "w1", "v") == "OK"
    assert err(c("GET", "w1")).startswith("NOPERM")
    # LMOVE reads and deletes from its source: a read-only pattern is not enough.
    assert err(c("LMOVE", "r1", "w1", "LEFT", "LEFT")).endswith("keys used as arguments")


def test_selectors_and_first_args(r):
    r("ACL", "SETUSER", "u", "on", "nopass", "-@all", "+select|0", "(~x* +get)", "(~y* +set)")
    c = session(r.engine)
    c("AUTH", "u", "p")
    assert c("SELECT", "0") == "OK"
    assert err(c("SELECT", "1")).endswith("to run the 'select' command")
    assert c("GET", "x1") is None
    assert c("SET", "y1", "v") == "OK"
    # No selector can run GET on y: the key is what Redis reports.
    assert err(c("GET", "y1")).endswith("keys used as arguments")


def test_rule_text_keeps_order_and_drops_repeats(r):
    r("ACL", "SETUSER", "u", "+get", "+@read", "+config|get", "-get", "+config", "+@read")
    assert r("ACL", "LIST")[1] == b"user u off resetchannels -@all -get +config +@read"
    r("ACL", "SETUSER", "u", "+@all", "-@admin")
    assert r("ACL", "LIST")[1] == b"user u off resetchannels +@all -@admin"


def test_setuser_is_all_or_nothing(r):
    reply = r("ACL", "SETUSER", "u", "on", "+get", "bogus")
    assert err(reply) == "ERR Error in ACL SETUSER modifier 'bogus': Syntax error"
    assert r("ACL", "GETUSER", "u") is None
    assert err(r("ACL", "SETUSER", "u", "(~x", "+get")).startswith("ERR Unmatched parenthesis")


def test_requirepass_maps_to_default_user(r):
    r("ACL", "WHOAMI")                               # creates the ACL state
    r("CONFIG", "SET", "requirepass", "s3cret")
    c = session(r.engine)
    assert err(c("GET", "x")) == "NOAUTH Authentication required."
    assert err(c("AUTH", "nope")).startswith("WRONGPASS")
    assert c("AUTH", "s3cret") == "OK"
    assert b"#" in r("ACL", "LIST")[0]
    r("CONFIG", "SET", "requirepass", "")
    assert r("ACL", "LIST")[0] == b"user default on nopass ~* &* +@all"
    assert err(r("AUTH", "x")).startswith("ERR AUTH <password> called without any password")


def test_default_password_without_requirepass(r):
    r("ACL", "SETUSER", "default", ">pw")
    r("ACL", "SETUSER", "default", "resetpass", ">pw")
    c = session(r.engine)
    assert err(c("PING")).startswith("NOAUTH")
    assert c("AUTH", "pw") == "OK"
    assert str(c("RESET")) == "RESET"
    assert err(c("PING")).startswith("NOAUTH")


def test_deluser_closes_its_connections(r):
    r("ACL", "SETUSER", "u", "on", ">pw", "+@all", "~*")
    c = session(r.engine)
    c("AUTH", "u", "pw")
    assert r("ACL", "DELUSER", "u", "u") == 1
    assert c.session.closed
    assert err(r("ACL", "DELUSER", "default")) == "ERR The 'default' user cannot be removed"


def test_log_groups_similar_entries_and_trims(r):
    r("ACL", "SETUSER", "u", "on", ">pw", "+get", "+multi", "+discard", "~a")
    c = session(r.engine)
    c("AUTH", "u", "bad")
    c("AUTH", "u", "pw")
    c("GET", "b")
    c("GET", "b")
    c("MULTI")
    c("GET", "b")
    log = r("ACL", "LOG")
    assert [(e[b"reason"], e[b"context"], e[b"count"]) for e in log] == [
        (b"key", b"multi", 1), (b"key", b"toplevel", 2), (b"auth", b"toplevel", 1)]
    assert log[2][b"object"] == b"AUTH" and log[2][b"username"] == b"u"
    r.engine.clock.advance(61)
    c("DISCARD")
    c("GET", "b")
    assert len(r("ACL", "LOG")) == 4            # a minute later it is a new entry
    assert len(r("ACL", "LOG", "1")) == 1
    r("CONFIG", "SET", "acllog-max-len", "2")
    c("GET", "c")
    assert len(r("ACL", "LOG")) == 2
    assert r("ACL", "LOG", "RESET") == "OK"
    assert r("ACL", "LOG") == []


def test_dryrun_and_cat_and_genpass(r):
    r("ACL", "SETUSER", "u", "+get", "~a*")
    assert r("ACL", "DRYRUN", "u", "get", "a1") == "OK"
    assert r("ACL", "DRYRUN", "u", "get", "b") == b"This user has no permissions to access the 'b' key"
    assert r("ACL", "DRYRUN", "u", "set", "a", "b") == b"This user has no permissions to run the 'set' command"
    assert err(r("ACL", "DRYRUN", "x", "get", "a")) == "ERR User 'x' not found"
    assert b"get" in r("ACL", "CAT", "string")
    assert b"read" in r("ACL", "CAT")
    assert len(r("ACL", "GENPASS")) == 64
    assert len(r("ACL", "GENPASS", "5")) == 2
    assert Acl.of(r.engine) is Acl.of(r.engine)


def test_inproc_client_auth(engine):
    import redislab

    engine.run("ACL", "SETUSER", "app", "on", ">pw", "~app:*", "+@all")
    client = redislab.Redis(engine=engine, username="app", password="pw") if _takes_engine() else None
    if client is None:
        return
    assert client.set("app:1", "x")
    try:
        client.get("other")
    except Exception as e:                        # redis-py maps NOPERM to its own exception
        assert "no permissions" in str(e)
    else:
        raise AssertionError("expected NOPERM")


def _takes_engine() -> bool:
    import inspect

    import redislab

    try:
        return "engine" in inspect.signature(redislab.Redis).parameters
    except (TypeError, ValueError):
        return False
