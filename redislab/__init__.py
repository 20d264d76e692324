"""redislab: a terminal learning lab for Redis around a complete in-process Redis engine.

Public API::

    import redislab
    r = redislab.Redis()                 # a real redis.Redis on a fresh in-process engine
    e = redislab.Engine(clock=redislab.VirtualClock())
    r1, r2 = redislab.Redis(e), redislab.Redis(e)   # two clients sharing one engine
    redislab.serve(e, port=6379)         # the same engine over RESP (blocking)
"""
from __future__ import annotations

from .engine import Clock, Engine, VirtualClock

__all__ = ["Engine", "Clock", "VirtualClock", "Redis", "StrictRedis", "serve", "__version__"]
__version__ = "0.1.0"


def __getattr__(name):
    # redis-py and the server are imported only when asked for, so `import redislab`
    # stays cheap for the engine-only user and the lab's start-up.
    if name in ("Redis", "StrictRedis"):
        from . import client

        return getattr(client, name)
    if name == "asyncio":
        # `redislab.asyncio.Redis()` after a plain `import redislab`, as the docs write it.
        import importlib

        return importlib.import_module(".asyncio", __name__)
    raise AttributeError(f"module 'redislab' has no attribute {name!r}")


def serve(engine: Engine | None = None, host: str = "127.0.0.1", port: int = 6379, **kwargs):
    """Serve ``engine`` (a fresh one by default) over RESP2/RESP3; blocks until stopped."""
    from .server import serve as _serve

    return _serve(engine, host=host, port=port, **kwargs)
