"""RedisTimeSeries (1.12, as in Redis Stack 7.4) for the in-process engine.

``series.py`` is the data type, ``aggregation.py`` the aggregators and buckets,
``query.py`` label filters, range options and reply shapes; the commands are declared
in ``ts_write.py`` and ``ts_read.py``. Importing this package registers them.
"""
from . import ts_read, ts_write  # noqa: F401  (register the commands)
