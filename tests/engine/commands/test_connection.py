from redislab.engine.replies import Status
from redislab.errors import RedisError


def test_hello_switches_protocol(r):
    rep = r("HELLO", "3")
    assert rep[b"proto"] == 3 and rep[b"version"] == b"7.4.0" and rep[b"id"] == r.session.id
    assert r.session.resp == 3
    assert r("HELLO")[b"proto"] == 3
    assert r("HELLO", "4") == RedisError("NOPROTO unsupported protocol version")
    assert r("HELLO", "x") == RedisError("ERR Protocol version is not an integer or out of range")
    assert r("HELLO", "2", "SETNAME") == RedisError("ERR Syntax error in HELLO option 'SETNAME'")


def test_hello_setname_and_auth(r):
    r("HELLO", "2", "SETNAME", "me")
    assert r("CLIENT", "GETNAME") == b"me"
    assert r("HELLO", "2", "AUTH", "bob", "x") == RedisError(
        "WRONGPASS invalid username-password pair or user is disabled.")
    assert r("HELLO", "2", "AUTH", "default", "anything")[b"proto"] == 2


def test_auth_without_password(r):
    assert r("AUTH", "x").message.startswith("ERR AUTH <password> called without any password")
    assert r("AUTH", "a", "b", "c") == RedisError("ERR syntax error")


def test_requirepass_gates_new_sessions(r):
    assert r("CONFIG", "SET", "requirepass", "secret") == "OK"
    assert r("PING") == "PONG"          # the session that set it stays logged in
    e = r.engine
    s2 = e.session()
    assert e.execute(s2, [b"GET", b"k"]) == RedisError("NOAUTH Authentication required.")
    assert e.execute(s2, [b"AUTH", b"wrong"]).message.startswith("WRONGPASS")
    assert e.execute(s2, [b"AUTH", b"secret"]) == "OK"
    assert e.execute(s2, [b"GET", b"k"]) is None
    s3 = e.session()
    assert e.execute(s3, [b"HELLO", b"3"]).message.startswith("NOAUTH HELLO must be called")
    assert e.execute(s3, [b"HELLO", b"3", b"AUTH", b"default", b"secret"])[b"proto"] == 3
    # RESET logs out again when a password is required.
    assert e.execute(s3, [b"RESET"]) == Status("RESET")
    assert not s3.authenticated


def test_reset(r):
    r("HELLO", "3", "SETNAME", "n")
    r("SELECT", "3")
    r("CLIENT", "NO-EVICT", "on")
    r("MULTI")
    assert r("RESET") == "RESET"
    s = r.session
    assert (s.resp, s.dbnum, s.name, s.multi, s.no_evict) == (2, 0, None, None, False)


def test_quit_marks_close(r):
    assert r("QUIT") == "OK"
    assert "close_after_reply" in r.session.flags


def test_client_id_name(r):
    assert r("CLIENT", "ID") == r.session.id
    assert r("CLIENT", "GETNAME") is None
    assert r("CLIENT", "SETNAME", "a b") == RedisError(
        "ERR Client names cannot contain spaces, newlines or special characters.")
    assert r("CLIENT", "SETNAME", "x") == "OK"
    assert r("CLIENT", "GETNAME") == b"x"
    assert r("CLIENT", "SETNAME", "") == "OK"
    assert r("CLIENT", "GETNAME") is None


def test_client_list_and_info(r):
    r("CLIENT", "SETNAME", "me")
    line = str(r("CLIENT", "INFO"))
    fields = [kv.split("=", 1)[0] for kv in line.strip().split(" ")]
    assert fields == ["id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub",
                      "ssub", "multi", "watch", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp",
                      "obl", "oll", "omem", "tot-mem", "events", "cmd", "user", "redir", "resp",
                      "lib-name", "lib-ver"]
    assert "name=me " in line and "cmd=client|info " in line
    other = r.engine.session()
    listing = str(r("CLIENT", "LIST"))
    assert listing.count("\n") == 2
    only = str(r("CLIENT", "LIST", "ID", str(other.id), "999"))
    assert only.startswith(f"id={other.id} ") and only.count("\n") == 1
    assert r("CLIENT", "LIST", "TYPE", "foo") == RedisError("ERR Unknown client type 'foo'")
    assert r("CLIENT", "LIST", "ID", "x") == RedisError("ERR Invalid client ID")
    assert r("CLIENT", "LIST", "TYPE", "pubsub") == ""


def test_client_kill(r):
    e = r.engine
    victim = e.session("tcp", addr="10.0.0.1:5")
    assert r("CLIENT", "KILL", "10.0.0.1:6") == RedisError("ERR No such client")
    assert r("CLIENT", "KILL", "10.0.0.1:5") == "OK"
    assert victim.closed
    v2 = e.session()
    assert r("CLIENT", "KILL", "ID", str(v2.id)) == 1 and v2.closed
    assert r("CLIENT", "KILL", "ID", "0") == RedisError("ERR client-id should be greater than 0")
    assert r("CLIENT", "KILL", "USER", "nobody") == RedisError("ERR No such user 'nobody'")
    assert r("CLIENT", "KILL", "SKIPME", "x") == RedisError("ERR syntax error")
    assert r("CLIENT", "KILL", "ID", "5", "ID") == RedisError("ERR syntax error")
    assert r("CLIENT", "KILL", "TYPE", "normal") == 0          # skips itself by default
    assert r("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "no") == 1
    assert "close_after_reply" in r.session.flags


def test_client_kill_maxage(r):
    e = r.engine
    old = e.session()
    e.clock.advance(10)
    young = e.session()
    assert r("CLIENT", "KILL", "MAXAGE", "5") == 1
    assert old.closed and not young.closed


def test_client_flags_and_modes(r):
    assert r("CLIENT", "NO-EVICT", "maybe") == RedisError("ERR syntax error")
    assert r("CLIENT", "NO-TOUCH", "on") == "OK" and r.session.no_touch
    assert "flags=T" in str(r("CLIENT", "INFO"))
    assert r("CLIENT", "REPLY", "SKIP") == "OK" and r.session.reply_mode == "skip_next"
    assert r("CLIENT", "REPLY", "ON") == "OK"
    assert r("CLIENT", "REPLY", "x") == RedisError("ERR syntax error")
    assert r("CLIENT", "PAUSE", "x") == RedisError("ERR timeout is not an integer or out of range")
    assert r("CLIENT", "PAUSE", "-1") == RedisError("ERR timeout is negative")
    assert r("CLIENT", "PAUSE", "10", "foo") == RedisError("ERR CLIENT PAUSE mode must be WRITE or ALL")
    assert r("CLIENT", "PAUSE", "10", "write") == "OK"
    assert r.engine.extensions["client_pause"].mode == "write"
    assert r("CLIENT", "UNPAUSE") == "OK"


def test_client_setinfo(r):
    assert r("CLIENT", "SETINFO", "lib-name", "redis-py") == "OK"
    assert r("CLIENT", "SETINFO", "LIB-VER", "5.0") == "OK"
    assert "lib-name=redis-py lib-ver=5.0" in str(r("CLIENT", "INFO"))
    assert r("CLIENT", "SETINFO", "lib-name", "a b") == RedisError(
        "ERR lib-name cannot contain spaces, newlines or special characters.")
    assert r("CLIENT", "SETINFO", "foo", "x") == RedisError("ERR Unrecognized option 'foo'")


def test_client_help(r):
    lines = r("CLIENT", "HELP")
    assert lines[0].startswith("CLIENT <subcommand>") and lines[-2] == "HELP"
