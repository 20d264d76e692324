"""RedisBloom (2.8, as in Redis Stack 7.4) for the in-process engine: Bloom and cuckoo
filters (``filters.py``, ``bf_cmds.py``), count-min sketch and top-k (``sketches.py``,
``sketch_cmds.py``). Importing this package registers the commands."""
from . import bf_cmds, sketch_cmds  # noqa: F401  (register the commands)
