"""A time series as RedisTimeSeries keeps it, without any command or RESP knowledge.

Samples are held in two parallel sorted lists (timestamps, values). Appending in time
order - the common case - is O(1); a late sample is a bisect insertion. The real module
packs samples into compressed chunks; the lab keeps plain lists and only *reports*
chunk figures (TS.INFO), because what a learner sees are the samples and their order.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

POLICIES = ("BLOCK", "FIRST", "LAST", "MIN", "MAX", "SUM")
DEFAULT_CHUNK_SIZE = 4096
# Bytes one sample takes in a chunk: 16 raw (ts + double); a rough average for the
# Gorilla-style compressed encoding, used only to report chunkCount / memoryUsage.
_BYTES_RAW, _BYTES_COMPRESSED = 16, 3


class Rule:
    """A compaction rule on a source series: where the aggregates go and how."""

    __slots__ = ("dest", "agg", "bucket", "align", "open_start", "min_ts")

    def __init__(self, dest: bytes, agg: str, bucket: int, align: int = 0, min_ts: int = 0):
        self.dest, self.agg, self.bucket, self.align = dest, agg, bucket, align
        self.open_start = None      # start of the latest (still open) bucket
        # Only samples added after the rule was created are compacted (as documented);
        # samples are known by timestamp, so the rule ignores those up to the newest
        # timestamp the source held when the rule was made.
        self.min_ts = min_ts

    def bucket_start(self, ts: int) -> int:
        return ts - ((ts - self.align) % self.bucket)

    def copy(self) -> "Rule":
        r = Rule(self.dest, self.agg, self.bucket, self.align, self.min_ts)
        r.open_start = self.open_start
        return r


class Series:
    TYPE = "TSDB-TYPE"
    __slots__ = ("ts", "vals", "retention", "chunk_size", "compressed", "policy",
                 "ignore_time", "ignore_val", "labels", "rules", "src")

    def __init__(self, retention: int = 0, chunk_size: int = DEFAULT_CHUNK_SIZE,
                 compressed: bool = True, policy: str | None = None,
                 ignore_time: int = 0, ignore_val: float = 0.0, labels=None):
        self.ts: list[int] = []
        self.vals: list[float] = []
        self.retention = retention
        self.chunk_size = chunk_size
        self.compressed = compressed
        self.policy = policy            # None: the module default (BLOCK) applies
        self.ignore_time, self.ignore_val = ignore_time, ignore_val
        self.labels: dict = dict(labels or {})   # bytes -> bytes, in insertion order
        self.rules: list[Rule] = []
        self.src: bytes | None = None   # set when this series is a compaction destination

    # --------------------------------------------------- the container contract
    def __bool__(self) -> bool:
        return True                     # an empty series is still a key

    def __len__(self) -> int:
        return len(self.ts)

    def encoding(self, config) -> str:
        return "raw"

    def copy(self) -> "Series":
        c = Series(self.retention, self.chunk_size, self.compressed, self.policy,
                   self.ignore_time, self.ignore_val, self.labels)
        c.ts, c.vals = list(self.ts), list(self.vals)
        c.rules = [r.copy() for r in self.rules]
        c.src = self.src
        return c

    def chunk_count(self) -> int:
        per = max(1, self.chunk_size // (_BYTES_COMPRESSED if self.compressed else _BYTES_RAW))
        return max(1, -(-len(self.ts) // per))

    def memory_usage(self) -> int:
        labels = sum(len(k) + len(v) + 16 for k, v in self.labels.items())
        return 150 + labels + 40 * len(self.rules) + self.chunk_count() * (self.chunk_size + 50)

    # ------------------------------------------------------------------ reads
    @property
    def first_ts(self) -> int:
        return self.ts[0] if self.ts else 0

    @property
    def last_ts(self) -> int:
        return self.ts[-1] if self.ts else 0

    def last(self):
        return (self.ts[-1], self.vals[-1]) if self.ts else None

    def get(self, ts: int):
        i = bisect_left(self.ts, ts)
        if i < len(self.ts) and self.ts[i] == ts:
            return self.vals[i]
        return None

    def span(self, lo: int, hi: int) -> tuple[int, int]:
        """Index range [i, j) of the samples with lo <= ts <= hi."""
        return bisect_left(self.ts, lo), bisect_right(self.ts, hi)

    def samples(self, lo: int, hi: int) -> list[tuple[int, float]]:
        i, j = self.span(lo, hi)
        return list(zip(self.ts[i:j], self.vals[i:j]))

    def before(self, ts: int):
        """The last sample strictly before ``ts`` (for TWA and EMPTY 'last')."""
        i = bisect_left(self.ts, ts)
        return (self.ts[i - 1], self.vals[i - 1]) if i else None

    def after(self, ts: int):
        """The first sample at or after ``ts``."""
        i = bisect_left(self.ts, ts)
        return (self.ts[i], self.vals[i]) if i < len(self.ts) else None

    # ----------------------------------------------------------------- writes
    def too_old(self, ts: int) -> bool:
        """A sample older than the retention window (relative to the newest sample)."""
        return bool(self.retention and self.ts and ts < self.ts[-1]
                    and self.ts[-1] - ts > self.retention)

    def ignorable(self, ts: int, value: float) -> bool:
        """The IGNORE rule: an in-order near-duplicate under the LAST policy is dropped."""
        if not self.ts or self.src is not None or (self.policy or "BLOCK") != "LAST":
            return False
        if self.ignore_time == 0 and self.ignore_val == 0:
            return False
        last_t, last_v = self.ts[-1], self.vals[-1]
        return (ts >= last_t and ts - last_t <= self.ignore_time
                and abs(value - last_v) <= self.ignore_val)

    def upsert(self, ts: int, value: float, policy: str):
        """Insert or merge a sample. Returns the stored value, or None when the policy
        is BLOCK and the timestamp is taken (the caller raises the error)."""
        if not self.ts or ts > self.ts[-1]:
            self.ts.append(ts)
            self.vals.append(value)
            return value
        i = bisect_left(self.ts, ts)
        if i < len(self.ts) and self.ts[i] == ts:
            old = self.vals[i]
            if policy == "BLOCK":
                return None
            new = {"FIRST": old, "LAST": value, "MIN": min(old, value),
                   "MAX": max(old, value), "SUM": old + value}[policy]
            self.vals[i] = new
            return new
        self.ts.insert(i, ts)
        self.vals.insert(i, value)
        return value

    def trim(self) -> None:
        """Drop the samples that fell out of the retention window."""
        if not self.retention or not self.ts:
            return
        cut = bisect_left(self.ts, self.ts[-1] - self.retention)
        if cut:
            del self.ts[:cut]
            del self.vals[:cut]

    def delete_range(self, lo: int, hi: int) -> int:
        i, j = self.span(lo, hi)
        del self.ts[i:j]
        del self.vals[i:j]
        return j - i
