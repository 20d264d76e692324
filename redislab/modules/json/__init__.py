"""RedisJSON, built in: the ``ReJSON-RL`` key type and the ``JSON.*`` commands.

``document.py`` holds the value type (``JsonDoc``) with JSON parsing and printing,
``path.py`` the JSONPath / legacy path engine, and the two command modules the
commands, declared with ``@command`` like the core's. Importing this package
registers them (``redislab.modules.register`` imports it at engine start).
"""
from . import commands_doc, commands_ops  # noqa: F401  (registration side effects)
from .document import JsonDoc

__all__ = ["JsonDoc"]
