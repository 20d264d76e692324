"""The in-process Redis engine."""
from .engine import Engine
from .clock import Clock, VirtualClock

__all__ = ["Engine", "Clock", "VirtualClock"]
