"""Lua scripting: the sandboxed Lua 5.1 runtime, the script cache, busy-script
handling and FUNCTION libraries. Commands live in engine/commands/scripting.py."""
from .state import scripting

__all__ = ["scripting"]
