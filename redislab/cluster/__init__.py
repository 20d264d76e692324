"""Redis Cluster: hash slots, the per-node routing checks, and a simulated cluster.

* ``slots`` - CRC16 and ``key_slot`` (pure).
* ``cluster`` - the topology every node of one cluster shares (which node owns which
  slot, replicas, migrations, failures), the check each node's engine runs before a
  keyed command (CROSSSLOT, MOVED, ASK, TRYAGAIN, CLUSTERDOWN), and ``Cluster``, N
  in-process engines wired into one cluster with a client-side router.

An ``Engine`` built with ``config={"cluster-enabled": True}`` becomes a one-node
cluster owning every slot (what ``redis-server --cluster-enabled yes`` followed by
``CLUSTER ADDSLOTSRANGE 0 16383`` gives).
"""
from __future__ import annotations

from .slots import SLOTS, crc16, hash_tag, key_slot

__all__ = ["SLOTS", "crc16", "hash_tag", "key_slot", "Cluster", "enabled", "enable_if_configured",
           "serve_cluster"]


def enabled(config) -> bool:
    """Whether a config value means cluster mode. Callers pass True, "yes" or b"yes"
    (a lesson's or quiz's engine options), so normalise instead of trusting truthiness:
    the string "no" is truthy."""
    v = config.get("cluster-enabled")
    if isinstance(v, (bytes, bytearray)):
        v = bytes(v).decode("ascii", "replace")
    if isinstance(v, str):
        return v.strip().lower() in ("yes", "true", "1")
    return bool(v)


def enable_if_configured(engine) -> None:
    """Called by Engine.__init__: make the engine a one-node cluster when configured."""
    on = enabled(engine.config)
    engine.config.values["cluster-enabled"] = on
    if on:
        from .cluster import install

        install(engine)


def serve_cluster(nodes: int = 3, replicas: int = 0, host: str = "127.0.0.1", port: int = 7000,
                  on_ready=None, empty: int = 0) -> None:
    """Serve a simulated cluster over RESP, each node on its own port from ``port`` up,
    so ``redis-cli -c -p 7000`` follows the MOVED replies from node to node; ``empty``
    more nodes on the next ports belong to no cluster yet (``redis-cli --cluster
    create`` or ``add-node`` joins them). Runs until interrupted; ``on_ready(cluster)``
    is called once every port listens."""
    import asyncio

    from ..engine import Clock
    from ..server.server import Server
    from .cluster import Cluster

    # Real time, unlike the simulation's default virtual clock: clients expect TTLs to run.
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    cluster = Cluster(nodes=nodes, replicas=replicas, host=shown, base_port=port, clock=Clock(), empty=empty)

    async def main() -> None:
        servers = [Server(n.engine, host, n.port) for n in cluster.all_nodes]
        for srv in servers:
            await srv.start()
        if on_ready is not None:
            on_ready(cluster)
        try:
            await asyncio.Event().wait()
        finally:
            for srv in servers:
                await srv.stop()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass


def __getattr__(name):
    # Cluster pulls in the engine; load it only when asked for, so the engine can
    # import this package while it is itself being imported.
    if name == "Cluster":
        from .cluster import Cluster

        return Cluster
    raise AttributeError(name)
