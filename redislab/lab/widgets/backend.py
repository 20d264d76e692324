"""Where a lab console's commands go.

The console only needs ``execute(argv) -> reply``, ``label``, ``db``, ``queued``,
``keys(prefix)`` and ``close()``. The embedded engine is the only way in today; a
``--url redis://...`` mode plugs the repl's ``RemoteBackend`` in behind the same
shape (see ``connect``), so the console never learns which one it talks to.
"""
from __future__ import annotations

from typing import Protocol


class Backend(Protocol):
    label: str

    def execute(self, argv: list[bytes]): ...

    @property
    def db(self) -> int: ...

    @property
    def queued(self) -> int | None: ...

    def keys(self, prefix: str, limit: int = 200) -> list[str]: ...

    def close(self) -> None: ...


class EmbeddedBackend:
    """One console session on the lab's in-process engine.

    Unlike the repl's backend, ``execute`` hands back a parked reply (one with a
    ``wait()``) untouched: the console waits for it in a thread so a blocking
    command never freezes the interface."""

    def __init__(self, engine, on_push=None):
        self.engine = engine
        self.session = engine.session("lab")
        self.session.push = on_push
        self.label = "redislab"

    def execute(self, argv: list[bytes]):
        return self.engine.execute(self.session, argv)

    @property
    def db(self) -> int:
        return self.session.dbnum

    @property
    def queued(self) -> int | None:
        m = self.session.multi
        return None if m is None else len(m)

    def keys(self, prefix: str, limit: int = 200) -> list[str]:
        # Read the dict directly rather than SCAN: completion must not show up in
        # the learner's command stats, SLOWLOG or MONITOR.
        out = []
        for k in list(self.session.db.data):
            s = k.decode("utf-8", "replace")
            if s.startswith(prefix):
                out.append(s)
                if len(out) >= limit * 5:
                    break
        return sorted(out)[:limit]

    def close(self) -> None:
        self.engine.close_session(self.session)


class RemoteAdapter:
    """The repl's RemoteBackend with the console's ``keys`` name."""

    def __init__(self, url: str):
        from ...repl.backends import RemoteBackend

        self._b = RemoteBackend(url)
        self.label = self._b.label

    def execute(self, argv):
        return self._b.execute(argv)

    @property
    def db(self) -> int:
        return self._b.db

    @property
    def queued(self):
        return self._b.queued

    def keys(self, prefix: str, limit: int = 200) -> list[str]:
        return self._b.scan_keys(prefix, limit)

    def close(self) -> None:
        self._b.close()


def connect(engine=None, url: str | None = None, on_push=None) -> Backend:
    """A backend for one console: a server when ``url`` is given, else the engine."""
    if url:
        # remote.py's backend also keeps blocking commands and pub/sub off the UI thread.
        from .remote import connect_remote

        return connect_remote(url, on_push=on_push)
    return EmbeddedBackend(engine, on_push=on_push)
