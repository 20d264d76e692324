"""The right-hand column the playground and lesson screens share: the engine clock,
the key list and the picture of the picked key, all on the screen's database."""
from __future__ import annotations

from textual.app import ComposeResult

from .keybrowser import KeyBrowser
from .keyview import KeyPanel
from .timecontrol import TimeControl


def data_column(screen) -> ComposeResult:
    """Widgets for ``screen``, which provides ``_db()`` and ``_now()`` (its database
    and the engine's time, read at each refresh)."""
    yield TimeControl(screen.app.engine.clock, id="time")
    keys = KeyBrowser(screen._db, screen._now, id="keys")
    keys.border_title = "keys"
    yield keys
    # The cluster lesson's engine: each key's picture also names its hash slot.
    pic = KeyPanel(screen._db, screen._now, id="picture", cluster=lambda: _is_cluster(screen._db()))
    pic.border_title = "key"
    yield pic


def _is_cluster(db) -> bool:
    config = getattr(db.ks, "config", None)
    return bool(config is not None and config.get("cluster-enabled"))
