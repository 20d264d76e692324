import pytest

from redislab.engine import Engine, VirtualClock


@pytest.fixture(autouse=True)
def lab_home(tmp_path, monkeypatch):
    """Every lab test reads and writes its own progress file, never the learner's:
    home's statuses (and its snapshots) must not depend on the machine."""
    home = tmp_path / "redislab-home"
    monkeypatch.setenv("REDISLAB_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    """A blinking cursor is drawn or not depending on when the screenshot lands, which
    made snapshots flaky under load; tests see a steady cursor."""
    from textual.widgets import Input, TextArea

    for cls in (Input, TextArea):
        monkeypatch.setattr(cls, "cursor_blink", False)


@pytest.fixture
def lab_engine():
    """The lab's engine on a plain VirtualClock: time moves only when a test says so."""
    return Engine(clock=VirtualClock(start_ms=1_700_000_000_000, seed=0))


@pytest.fixture
def make_app(lab_engine):
    from redislab.lab.app import RedisLab

    def make(first_run: bool = False):
        return RedisLab(lab_engine, first_run=first_run)

    return make
