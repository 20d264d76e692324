"""Readline-style reverse incremental search over the console history (Ctrl+R).

Kept apart from the widget so the narrowing rules are plain, testable Python: the
console only feeds it keys and shows ``status()``.
"""
from __future__ import annotations


class HistorySearch:
    """Search ``history`` (oldest first) backwards for lines containing the query."""

    def __init__(self, history: list[str]):
        self.history = history
        self.query = ""
        # Index of the current match; starts past the end so the first search
        # looks at the newest line, as readline does.
        self.index: int | None = None
        self.failed = False

    @property
    def match(self) -> str | None:
        return None if self.index is None else self.history[self.index]

    def _find(self, start: int) -> None:
        """The newest line at or before ``start`` containing the query. Case is
        ignored because Redis command names are (``get`` finds ``GET k``)."""
        q = self.query.lower()
        for i in range(min(start, len(self.history) - 1), -1, -1):
            if q in self.history[i].lower():
                self.index, self.failed = i, False
                return
        # Like readline: a failed search keeps the last match on show.
        self.failed = True

    def type(self, text: str) -> None:
        """Narrow: the current match is kept if it still contains the longer query."""
        self.query += text
        self._find(len(self.history) - 1 if self.index is None else self.index)

    def backspace(self) -> None:
        self.query = self.query[:-1]
        self.index = None
        if self.query:
            self._find(len(self.history) - 1)
        else:
            self.failed = False

    def older(self) -> None:
        """Ctrl+R again: the next older line that matches."""
        if self.index is None:
            self._find(len(self.history) - 1)
        elif self.index > 0:
            before = self.index
            self._find(self.index - 1)
            if self.failed:
                self.index = before
        else:
            self.failed = True

    def status(self) -> str:
        head = "failing reverse-i-search" if self.failed else "reverse-i-search"
        return f"({head})'{self.query}': {self.match or ''}"
