"""A Footer that rebuilds only when the keys it shows change.

Textual's Footer recomposes (unmounts and mounts a widget per key) on every focus
change. On the lesson page, where Down walks from example to example and r runs one,
that was two full rebuilds per example with the same keys each time, a good part
of why running an example took half a second at 80x24.
"""
from __future__ import annotations

from textual.widgets import Footer


class SteadyFooter(Footer):
    _shown: tuple | None = None       # the keys on screen, as compose last drew them

    def _signature(self) -> tuple:
        return tuple((b.key, b.description, b.action, enabled, tooltip)
                     for (_node, b, enabled, tooltip) in self.screen.active_bindings.values() if b.show)

    def bindings_changed(self, screen) -> None:
        if self._shown is not None and self.is_attached and screen is self.screen:
            if self._signature() == self._shown:
                return
        super().bindings_changed(screen)

    def compose(self):
        # Textual's own flag: no bindings to show before the first bindings_changed.
        if getattr(self, "_bindings_ready", True):
            self._shown = self._signature()
        yield from super().compose()
