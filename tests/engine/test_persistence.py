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
