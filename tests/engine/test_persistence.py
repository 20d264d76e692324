"""The engine's disk (persistence.py): save points, failures, and engines without one."""
import os

from redislab.engine import Engine, VirtualClock, persistence


def make(tmp_path, save="10 2"):
    e = Engine(clock=VirtualClock())
    persistence.install(e, str(tmp_path))
    e.config.set("save", save)
    s = e.session()

    def r(*args):
        return e.execute(s, [a if isinstance(a, bytes) else str(a).encode() for a in args])

    r.engine = e
    return r


def info_field(r, name):
    for line in r("INFO", "persistence").split("\r\n"):
        if line.startswith(name + ":"):
            return line.split(":", 1)[1]


def test_a_save_point_saves_once_enough_time_and_changes_passed(tmp_path):
    r = make(tmp_path)
    r("SET", "a", "1")
    r.engine.clock.advance(11)
    assert not (tmp_path / "dump.rdb").exists()          # one change, the point wants two
    r("SET", "b", "2")
    assert info_field(r, "rdb_changes_since_last_save") == "2"
    r.engine.clock.advance(1)
    assert (tmp_path / "dump.rdb").exists()
    assert info_field(r, "rdb_changes_since_last_save") == "0"
    assert info_field(r, "rdb_saves") == "1"


def test_a_failed_save_says_err_and_a_failed_bgsave_shows_in_info(tmp_path):
    r = make(tmp_path, save="")
    r.engine.config.values["dir"] = str(tmp_path / "missing" / "dir")
    assert str(r("SAVE")) == "ERR"
    assert r("BGSAVE") == "Background saving started"
    assert info_field(r, "rdb_last_bgsave_status") == "err"
    assert not os.listdir(tmp_path)                      # no temp file left behind


def test_an_engine_without_a_disk_writes_nothing_and_cannot_shut_down(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    e = Engine(clock=VirtualClock())
    s = e.session()
    assert e.execute(s, [b"SAVE"]) == "OK"
    assert e.execute(s, [b"CONFIG", b"GET", b"save"]) == {b"save": b""}
    assert "there is no server to stop" in str(e.execute(s, [b"SHUTDOWN"]))
    assert os.listdir(tmp_path) == []


def test_shutdown_saves_with_save_points_and_not_with_nosave(tmp_path):
    r = make(tmp_path)
    stopped = []
    r.engine.extensions["shutdown"] = lambda: stopped.append(True)
    r("SET", "k", "v")
    assert r("SHUTDOWN", "NOSAVE") is None and stopped
    assert not (tmp_path / "dump.rdb").exists()
    assert r("SHUTDOWN") is None
    assert (tmp_path / "dump.rdb").exists()


def test_debug_reload_goes_through_the_file_on_a_served_engine(tmp_path):
    e = make(tmp_path, save="").engine
    e.run("SET", "k", "v")
    assert e.run("DEBUG", "RELOAD") == "OK"
    assert os.path.exists(tmp_path / "dump.rdb") and e.run("GET", "k") == b"v"
    e.run("SET", "k", "after")
    assert e.run("DEBUG", "RELOAD", "NOSAVE") == "OK"       # the file on disk wins
    assert e.run("GET", "k") == b"v"
    os.remove(tmp_path / "dump.rdb")
    err = e.run("DEBUG", "RELOAD", "NOSAVE")
    assert err.message == "ERR Error trying to load the RDB dump, check server logs."
    assert e.run("GET", "k") == b"v"                         # nothing lost on the way


def test_debug_reload_in_process_keeps_the_file_in_memory():
    e = Engine()
    assert e.run("DEBUG", "RELOAD", "NOSAVE").message.startswith("ERR Error trying to load")
    e.run("HSET", "h", "a", "1")
    assert e.run("DEBUG", "RELOAD") == "OK" and e.run("HGET", "h", "a") == b"1"
    e.run("DEL", "h")
    e.run("SET", "keep", "1")
    assert e.run("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH") == "OK"   # no key on both sides
    assert e.run("GET", "keep") == b"1" and e.run("HGET", "h", "a") == b"1"
    err = e.run("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH")      # "h" is now on both sides
    assert err.message == "ERR Error trying to load the RDB dump, check server logs."
    assert e.run("DBSIZE") == 2
