import pytest

from redislab.quiz import load_bank


@pytest.fixture(scope="session")
def bank():
    return load_bank()


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    """Never touch the real user's progress file."""
    monkeypatch.setenv("REDISLAB_HOME", str(tmp_path / "home"))
