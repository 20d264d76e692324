"""Messages the lab's widgets exchange.

Widgets never reach into each other: the console announces what it ran, the key
browser announces what was picked, and the screen routes both to whoever shows data.
"""
from __future__ import annotations

from textual.message import Message


class CommandRan(Message):
    """A console ran a command; views showing data should refresh."""

    def __init__(self, argv: list[bytes], reply) -> None:
        super().__init__()
        self.argv = argv
        self.reply = reply


class KeyPicked(Message):
    """The learner picked a key in the key browser (None: nothing selected)."""

    def __init__(self, key: bytes | None) -> None:
        super().__init__()
        self.key = key


class ClockMoved(Message):
    """Virtual time jumped forward by hand; TTLs and expiry changed at once."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds
