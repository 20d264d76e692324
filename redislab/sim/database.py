"""The slow system of record behind the cache.

A fixed pool of connections serves queries first-come first-served; when all are
busy a query waits in line. That queue is what turns a burst of cache misses into
latency for everyone, which is the cost the cache patterns exist to avoid.

Rows hold a version number (every key starts at version 1) so the simulation can
tell a stale read or a lost write from a fresh one.
"""
from __future__ import annotations

from collections import deque

from .core import Future, Sim


class Database:
    def __init__(self, sim: Sim, latency_ms: float = 20.0, connections: int = 8, jitter: float = 0.25):
        self.sim = sim
        self.latency = latency_ms / 1000
        self.connections = connections
        self.jitter = jitter
        self.rows: dict = {}            # key -> version
        self.applied: set = set()       # (key, version) that reached the database
        self.busy = 0
        self.waiting: deque = deque()
        self.query_times: list[float] = []   # when each query was issued (load on the DB)
        self.max_queue = 0

    def read(self, key) -> Future:
        return self._submit("read", key, None)

    def write(self, key, version: int) -> Future:
        return self._submit("write", key, version)

    def write_many(self, items) -> Future:
        """One batched statement (write-behind flushes): costs one query."""
        return self._submit("batch", None, list(items))

    # ------------------------------------------------------------ internals
    def _submit(self, op, key, arg) -> Future:
        fut = Future()
        self.query_times.append(self.sim.now)
        job = (op, key, arg, fut)
        if self.busy < self.connections:
            self._start(job)
        else:
            self.waiting.append(job)
            self.max_queue = max(self.max_queue, len(self.waiting))
        return fut

    def _start(self, job) -> None:
        self.busy += 1
        service = self.latency * (1 + self.jitter * (2 * self.sim.rng.random() - 1))
        # A read sees the row as it is when the query runs, and the answer then
        # travels back; a write commits at the end. That gap is what lets a slow
        # cache-aside reader put an old value back after a writer's DEL.
        snapshot = self.rows.get(job[1], 1) if job[0] == "read" else None
        self.sim.after(service, self._finish, job, snapshot)

    def _finish(self, job, snapshot) -> None:
        op, key, arg, fut = job
        if op == "read":
            result = snapshot
        elif op == "write":
            self._apply(key, arg)
            result = True
        else:
            for k, v in arg:
                self._apply(k, v)
            result = True
        self.busy -= 1
        if self.waiting:
            self._start(self.waiting.popleft())
        fut.resolve(result)

    def _apply(self, key, version) -> None:
        self.rows[key] = version
        self.applied.add((key, version))
