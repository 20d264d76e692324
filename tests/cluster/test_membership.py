"""Building a cluster from empty nodes, in process: CLUSTER MEET, ADDSLOTS, REPLICATE,
FORGET, RESET, SET-CONFIG-EPOCH, BUMPEPOCH (their replies are compared with
redis-server in tests/compat/test_cluster_admin_compat.py)."""
from __future__ import annotations

import pytest

from redislab.cli import build_parser
from redislab.cluster import Cluster
from redislab.errors import RedisError


@pytest.fixture
def fleet():
    return Cluster(0, 0, empty=4, base_port=7001)


def run(node, *args):
    reply = node.engine.run(*args)
    if isinstance(reply, RedisError):
        raise reply
    return reply


def lines(node) -> list[str]:
    return sorted(run(node, "CLUSTER", "NODES").splitlines())


def test_a_fresh_node_knows_only_itself_and_no_address(fleet):
    n = fleet.all_nodes[0]
    (line,) = lines(n)
    assert line == f"{n.id} :7001@17001 myself,master - 0 0 0 connected"
    info = run(n, "CLUSTER", "INFO")
    assert "cluster_state:fail" in info and "cluster_known_nodes:1" in info
    assert "empty: in no cluster yet" in fleet.describe()


def test_meet_joins_both_views_at_once_and_teaches_addresses(fleet):
    a, b, c, _ = fleet.all_nodes
    assert run(a, "CLUSTER", "ADDSLOTSRANGE", "0", "8191") == "OK"
    assert run(b, "CLUSTER", "ADDSLOTSRANGE", "8192", "16383") == "OK"
    assert run(b, "CLUSTER", "MEET", "127.0.0.1", "7001") == "OK"
    assert run(c, "CLUSTER", "MEET", "127.0.0.1", "7002") == "OK"    # meeting any member is enough
    for n in (a, b, c):
        assert len(lines(n)) == 3
        assert "cluster_state:ok" in run(n, "CLUSTER", "INFO")
    assert f"{a.id} 127.0.0.1:7001@17001 myself,master - 0 0 0 connected 0-8191" in lines(a)
    assert run(c, "CLUSTER", "SLOTS")[0][:2] == [0, 8191]


def test_a_meet_outside_the_process_is_a_handshake_that_times_out(fleet):
    a = fleet.all_nodes[0]
    assert run(a, "CLUSTER", "MEET", "127.0.0.1", "6999") == "OK"
    shake = [line for line in lines(a) if "handshake" in line]
    assert len(shake) == 1 and shake[0].split()[1:] == [
        "127.0.0.1:6999@16999", "handshake", "-", "0", "0", "0", "disconnected"]
    assert "cluster_known_nodes:2" in run(a, "CLUSTER", "INFO")
    fleet.clock.advance(15_001)          # cluster-node-timeout
    assert len(lines(a)) == 1


def test_replicate_copies_the_data_and_follows_writes(fleet):
    a, b, *_ = fleet.all_nodes
    run(a, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")
    run(a, "SET", "before", "1")
    run(b, "CLUSTER", "MEET", "127.0.0.1", "7001")
    assert run(b, "CLUSTER", "REPLICATE", a.id) == "OK"
    assert run(b, "DBSIZE") == 1
    run(a, "SET", "after", "2")
    assert sorted(run(b, "KEYS", "*")) == [b"after", b"before"]
    assert f"{b.id} 127.0.0.1:7002@17002 myself,slave {a.id} 0 0 0 connected" in lines(b)
    assert run(a, "ROLE")[0] == b"master" and run(b, "ROLE")[0] == b"slave"


def test_replicate_refuses_what_redis_refuses(fleet):
    a, b, *_ = fleet.all_nodes
    run(a, "CLUSTER", "ADDSLOTS", "1")
    run(a, "CLUSTER", "MEET", "127.0.0.1", "7002")
    with pytest.raises(RedisError, match="To set a master the node must be empty"):
        run(a, "CLUSTER", "REPLICATE", b.id)
    with pytest.raises(RedisError, match="Can't replicate myself"):
        run(b, "CLUSTER", "REPLICATE", b.id)
    with pytest.raises(RedisError, match="Unknown node nope"):
        run(b, "CLUSTER", "REPLICATE", "nope")
    run(b, "CLUSTER", "REPLICATE", a.id)
    c = fleet.all_nodes[2]
    run(c, "CLUSTER", "MEET", "127.0.0.1", "7001")
    with pytest.raises(RedisError, match="I can only replicate a master, not a replica."):
        run(c, "CLUSTER", "REPLICATE", b.id)


def test_forget_is_per_node(fleet):
    a, b, c, _ = fleet.all_nodes
    run(b, "CLUSTER", "MEET", "127.0.0.1", "7001")
    run(c, "CLUSTER", "MEET", "127.0.0.1", "7001")
    assert run(a, "CLUSTER", "FORGET", c.id) == "OK"
    assert len(lines(a)) == 2 and len(lines(b)) == 3     # b still knows c
    assert "cluster_known_nodes:2" in run(a, "CLUSTER", "INFO")
    with pytest.raises(RedisError, match=f"Unknown node {c.id}"):
        run(a, "CLUSTER", "FORGET", c.id)
    run(b, "CLUSTER", "FORGET", c.id)
    assert len(lines(c)) == 3                            # c itself still knows them
    assert run(c, "CLUSTER", "RESET") == "OK"            # what del-node sends last
    assert len(lines(c)) == 1 and c not in fleet.topology.nodes
    run(c, "CLUSTER", "MEET", "127.0.0.1", "7001")       # a MEET brings it back for everyone
    assert len(lines(a)) == 3 and len(lines(c)) == 3
    with pytest.raises(RedisError, match="can't forget myself"):
        run(a, "CLUSTER", "FORGET", a.id)


def test_a_replica_cannot_forget_its_primary(fleet):
    a, b, *_ = fleet.all_nodes
    run(b, "CLUSTER", "MEET", "127.0.0.1", "7001")
    run(b, "CLUSTER", "REPLICATE", a.id)
    with pytest.raises(RedisError, match="Can't forget my master!"):
        run(b, "CLUSTER", "FORGET", a.id)


def test_reset_soft_and_hard(fleet):
    a, b, *_ = fleet.all_nodes
    run(a, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")
    run(a, "CLUSTER", "BUMPEPOCH")
    run(a, "SET", "k", "v")
    run(b, "CLUSTER", "MEET", "127.0.0.1", "7001")
    run(b, "CLUSTER", "REPLICATE", a.id)
    with pytest.raises(RedisError, match="can't be called with master nodes containing keys"):
        run(a, "CLUSTER", "RESET")
    old = b.id
    assert run(b, "CLUSTER", "RESET", "SOFT") == "OK"    # a replica: flushed, now a lone primary
    assert run(b, "DBSIZE") == 0 and b.id == old and len(lines(b)) == 1
    assert len(lines(a)) == 1
    run(a, "FLUSHALL")
    assert run(a, "CLUSTER", "RESET", "HARD") == "OK"
    assert a.id != old and "cluster_current_epoch:0" in run(a, "CLUSTER", "INFO")
    assert "cluster_slots_assigned:0" in run(a, "CLUSTER", "INFO")
    with pytest.raises(RedisError, match="syntax error"):
        run(a, "CLUSTER", "RESET", "MEDIUM")


def test_config_epochs(fleet):
    a, b, *_ = fleet.all_nodes
    assert run(a, "CLUSTER", "SET-CONFIG-EPOCH", "5") == "OK"
    with pytest.raises(RedisError, match="already non-zero"):
        run(a, "CLUSTER", "SET-CONFIG-EPOCH", "6")
    assert run(a, "CLUSTER", "BUMPEPOCH") == "STILL 5"
    run(a, "CLUSTER", "MEET", "127.0.0.1", "7002")
    with pytest.raises(RedisError, match="does not know any other node"):
        run(b, "CLUSTER", "SET-CONFIG-EPOCH", "3")
    assert run(b, "CLUSTER", "BUMPEPOCH") == "BUMPED 6"
    assert run(a, "CLUSTER", "BUMPEPOCH") == "BUMPED 7"


def test_slot_assignment_is_all_or_nothing(fleet):
    a = fleet.all_nodes[0]
    with pytest.raises(RedisError, match="Invalid or out of range slot"):
        run(a, "CLUSTER", "ADDSLOTS", "1", "2", "16384")
    with pytest.raises(RedisError, match="Slot 2 specified multiple times"):
        run(a, "CLUSTER", "ADDSLOTS", "1", "2", "2")
    assert "cluster_slots_assigned:0" in run(a, "CLUSTER", "INFO")
    run(a, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")
    run(a, "SET", "k", "v")
    with pytest.raises(RedisError, match="DB must be empty"):
        run(a, "CLUSTER", "FLUSHSLOTS")
    run(a, "DEL", "k")
    assert run(a, "CLUSTER", "FLUSHSLOTS") == "OK"
    with pytest.raises(RedisError, match="Slot 9 is already unassigned"):
        run(a, "CLUSTER", "DELSLOTS", "9")


def test_a_formed_cluster_takes_a_spare_node():
    c = Cluster(3, 1, empty=1, base_port=7000)
    spare = c.spare[0]
    assert run(spare, "CLUSTER", "MEET", "127.0.0.1", "7000") == "OK"
    assert spare in c.topology.nodes and len(lines(spare)) == 7
    assert "7006 empty" not in c.describe()


def test_cli_takes_empty_nodes():
    args = build_parser().parse_args(["serve", "--empty-nodes", "7", "--port", "7001"])
    assert args.empty_nodes == 7 and args.cluster == 0
