import pytest

from redislab.engine import Engine, VirtualClock


@pytest.fixture
def engine():
    """A fresh engine on a virtual clock: tests advance time instead of sleeping."""
    return Engine(clock=VirtualClock())


@pytest.fixture
def r(engine):
    """Run a command on the engine: r("SET", "k", "v") -> reply."""
    s = engine.session()

    def run(*args):
        return engine.execute(s, [a if isinstance(a, bytes) else str(a).encode() for a in args])

    run.session = s
    run.engine = engine
    return run


# Property tests: the everyday run replays the same examples every time (CI must not
# flake); `HYPOTHESIS_PROFILE=soak` (CI's slow step) explores new ones.
import os  # noqa: E402

from hypothesis import settings as _hsettings  # noqa: E402

_hsettings.register_profile("default", derandomize=True, deadline=None)
_hsettings.register_profile("soak", derandomize=False, deadline=None)
_hsettings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
