"""The Textual lab: the curriculum, live consoles, a key browser and visualizers.

Importing this package is cheap; Textual loads only when the app is built.
"""
from __future__ import annotations


def main() -> int:
    """Open the lab (what `redislab` alone runs)."""
    from .app import RedisLab

    RedisLab().run()
    return 0


__all__ = ["main"]
