"""The simulated multi-node cluster: layout, MOVED, ASK, replication, failover."""
from __future__ import annotations

import pytest

from redislab.cluster import Cluster, key_slot
from redislab.cluster.cluster import NodeDown
from redislab.errors import RedisError

FOO = key_slot("foo")            # 12182: the third primary's range


@pytest.fixture
def c():
    return Cluster(nodes=3, replicas=1)


def msg(reply) -> str:
    assert isinstance(reply, RedisError), reply
    return reply.message


def test_layout_like_redis_cli_create(c):
    assert [n.port for n in c.nodes] == [7000, 7001, 7002, 7003, 7004, 7005]
    prim = c.primaries()
    assert [c.topology.slot_ranges(p) for p in prim] == [[(0, 5460)], [(5461, 10922)], [(10923, 16383)]]
    assert [r.primary.port for r in c.nodes[3:]] == [7000, 7001, 7002]
    assert len({n.id for n in c.nodes}) == 6
    info = c.execute(0, "CLUSTER", "INFO")
    assert "cluster_known_nodes:6\r\ncluster_size:3\r\n" in info and "cluster_state:ok" in info


def test_wrong_node_answers_moved(c):
    assert msg(c.execute(0, "SET", "foo", "bar")) == f"MOVED {FOO} 127.0.0.1:7002"
    assert c.execute(2, "SET", "foo", "bar") == "OK"
    assert msg(c.execute(5, "GET", "foo")) == f"MOVED {FOO} 127.0.0.1:7002"   # a replica too
    assert c.execute(0, "DBSIZE") == 0 and c.execute(2, "DBSIZE") == 1
    assert msg(c.execute(2, "MGET", "foo", "bar")) == "CROSSSLOT Keys in request don't hash to the same slot"


def test_route_follows_moved_and_caches(c):
    r = c.route("SET", "foo", "bar")
    assert r.reply == "OK" and r.redirections == [f"MOVED {FOO} 127.0.0.1:7002"]
    r = c.route("GET", "foo")
    assert r.reply == b"bar" and len(r.hops) == 1 and r.node.port == 7002


def test_nodes_view_from_every_node(c):
    lines = c.execute(1, "CLUSTER", "NODES").splitlines()
    assert len(lines) == 6
    me = [ln for ln in lines if "myself" in ln]
    assert len(me) == 1 and " 127.0.0.1:7001@17001 myself,master - " in me[0]
    assert me[0].endswith(" connected 5461-10922")
    rep = [ln for ln in lines if "127.0.0.1:7003@" in ln][0].split()
    assert rep[2] == "slave" and rep[3] == c.nodes[0].id
    slots = c.execute(1, "CLUSTER", "SLOTS")
    assert [s[:2] for s in slots] == [[0, 5460], [5461, 10922], [10923, 16383]]
    assert slots[0][2][:2] == [b"127.0.0.1", 7000] and slots[0][3][:2] == [b"127.0.0.1", 7003]
    shards = c.execute(1, "CLUSTER", "SHARDS")
    assert [len(s[b"nodes"]) for s in shards] == [2, 2, 2]
    [rep_line] = c.execute(0, "CLUSTER", "REPLICAS", c.nodes[0].id)
    assert b" 127.0.0.1:7003@17003 slave " in rep_line
    assert msg(c.execute(0, "CLUSTER", "REPLICAS", c.nodes[3].id)) == "ERR The specified node is not a master"


def test_replicas_copy_writes_and_serve_readonly_reads(c):
    c.route("RPUSH", "foo", "a", "b")
    s = c.session(5)
    assert msg(c.execute(5, "LRANGE", "foo", "0", "-1", session=s)).startswith("MOVED")
    assert c.execute(5, "READONLY", session=s) == "OK"
    assert c.execute(5, "LRANGE", "foo", "0", "-1", session=s) == [b"a", b"b"]
    assert msg(c.execute(5, "RPUSH", "foo", "c", session=s)).startswith("MOVED")   # writes still go to the primary
    c.route("RPUSH", "foo", "c")
    assert c.execute(5, "LLEN", "foo", session=s) == 3
    assert c.execute(5, "READWRITE", session=s) == "OK"
    assert msg(c.execute(5, "GET", "foo", session=s)).startswith("MOVED")


def test_migration_gives_ask_then_moved(c):
    c.route("SET", "foo", "1")
    c.route("SET", "{foo}2", "2")
    c.begin_migration(FOO, 0)
    assert c.execute(2, "GET", "foo") == b"1"                    # still here: served
    assert msg(c.execute(2, "GET", "nokey{foo}")) == f"ASK {FOO} 127.0.0.1:7000"
    assert msg(c.execute(0, "GET", "foo")) == f"MOVED {FOO} 127.0.0.1:7002"   # no ASKING
    assert "[12182->-" in c.execute(2, "CLUSTER", "NODES")
    assert "[12182-<-" in c.execute(0, "CLUSTER", "NODES")
    assert c.move_keys(FOO, 1) == 1
    # one key moved, one not: a multi-key command cannot be served by either side
    assert msg(c.execute(2, "MGET", "foo", "{foo}2")).startswith("TRYAGAIN")
    r = c.route("GET", "foo")                                     # foo moved first (oldest key)
    assert r.redirections == [f"ASK {FOO} 127.0.0.1:7000"] and r.reply == b"1"
    assert c.route("GET", "foo").redirections == [f"ASK {FOO} 127.0.0.1:7000"]   # ASK is not cached
    assert c.route("GET", "{foo}2").reply == b"2" and c.route("GET", "{foo}2").redirections == []
    s = c.session(0)
    assert c.execute(0, "ASKING", session=s) == "OK"
    assert c.execute(0, "EXISTS", "foo", session=s) == 1
    assert msg(c.execute(0, "GET", "foo", session=s)).startswith("MOVED")    # ASKING lasts one command
    c.migrate_slot(FOO, 0)                                        # finish
    assert c.route("MGET", "foo", "{foo}2").reply == [b"1", b"2"]
    assert msg(c.execute(2, "GET", "foo")) == f"MOVED {FOO} 127.0.0.1:7000"
    assert c.execute(3, "READONLY") == "OK" and c.execute(3, "GET", "foo") == b"1"   # replica of the new owner
    assert c.execute(2, "CLUSTER", "COUNTKEYSINSLOT", str(FOO)) == 0


def test_fail_promotes_the_replica(c):
    c.route("SET", "foo", "bar")
    new = c.fail(2)
    assert new is c.nodes[5] and new.is_primary
    with pytest.raises(NodeDown):
        c.execute(2, "PING")
    r = c.route("GET", "foo")
    assert r.reply == b"bar" and r.node is new
    assert msg(c.execute(0, "GET", "foo")) == f"MOVED {FOO} 127.0.0.1:7005"
    line = [ln for ln in c.execute(0, "CLUSTER", "NODES").splitlines() if "127.0.0.1:7002@" in ln][0]
    assert "master,fail" in line and "disconnected" in line
    assert "cluster_state:ok" in c.execute(0, "CLUSTER", "INFO")
    c.recover(2)
    assert not c.nodes[2].is_primary and c.nodes[2].primary is new
    assert c.execute(2, "READONLY") == "OK" and c.execute(2, "GET", "foo") == b"bar"


def test_primary_without_replica_takes_the_cluster_down():
    c = Cluster(nodes=3, replicas=0)
    assert c.fail(1) is None
    assert msg(c.route("GET", "foo").reply) == "CLUSTERDOWN The cluster is down"
    assert "cluster_state:fail" in c.execute(0, "CLUSTER", "INFO")
    c.recover(1)
    assert c.route("SET", "foo", "x").reply == "OK"


def test_manual_failover_command(c):
    c.route("SET", "foo", "bar")
    assert c.execute(5, "CLUSTER", "FAILOVER") == "OK"
    assert c.nodes[5].is_primary and c.nodes[2].primary is c.nodes[5]
    assert c.route("GET", "foo").reply == b"bar"
    c.route("SET", "foo", "baz")
    assert c.execute(2, "READONLY") == "OK" and c.execute(2, "GET", "foo") == b"baz"
    assert c.execute(5, "CLUSTER", "INFO").count("cluster_my_epoch:4") == 1


def test_setslot_commands(c):
    src, dst = c.nodes[2], c.nodes[0]
    assert c.execute(0, "CLUSTER", "SETSLOT", str(FOO), "IMPORTING", src.id) == "OK"
    assert c.execute(2, "CLUSTER", "SETSLOT", str(FOO), "MIGRATING", dst.id) == "OK"
    assert msg(c.execute(2, "GET", "foo")) == f"ASK {FOO} 127.0.0.1:7000"
    assert msg(c.execute(0, "CLUSTER", "SETSLOT", "0", "IMPORTING", src.id)) == \
        "ERR I'm already the owner of hash slot 0"
    assert msg(c.execute(0, "CLUSTER", "SETSLOT", "99999", "STABLE")) == "ERR Invalid or out of range slot"
    assert msg(c.execute(0, "CLUSTER", "SETSLOT", "5", "MIGRATING", "abc")) == "ERR I don't know about node abc"
    assert msg(c.execute(0, "CLUSTER", "SETSLOT", "5", "FOO")).startswith("ERR Invalid CLUSTER SETSLOT action")
    assert c.execute(2, "CLUSTER", "SETSLOT", str(FOO), "NODE", dst.id) == "OK"
    assert c.execute(0, "CLUSTER", "SETSLOT", str(FOO), "NODE", dst.id) == "OK"
    assert c.topology.owner[FOO] is dst
    assert c.execute(0, "SET", "foo", "1") == "OK"
    assert msg(c.execute(5, "CLUSTER", "SETSLOT", "1", "STABLE")) == "ERR Please use SETSLOT only with masters."


def test_transactions_on_a_node(c):
    s = c.session(2)
    c.execute(2, "MULTI", session=s)
    assert c.execute(2, "SET", "{foo}a", "1", session=s) == "QUEUED"
    assert msg(c.execute(2, "SET", "user:2", "1", session=s)).startswith("MOVED")
    assert msg(c.execute(2, "EXEC", session=s)).startswith("EXECABORT")


def test_role_and_info_replication_follow_the_topology(c):
    # A learner asks a replica "who are you?": it must not claim to be a primary.
    assert c.execute(0, "ROLE") == [b"master", 0, [[b"127.0.0.1", b"7003", b"0"]]]
    assert c.execute(3, "ROLE") == [b"slave", b"127.0.0.1", 7000, b"connected", 0]
    info = c.execute(3, "INFO", "replication")
    assert "role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:7000\r\nmaster_link_status:up" in info
    info = c.execute(0, "INFO", "replication")
    assert "role:master\r\nconnected_slaves:1\r\nslave0:ip=127.0.0.1,port=7003,state=online" in info
    assert c.execute(3, "CLUSTER", "FAILOVER") == "OK"
    assert c.execute(3, "ROLE") == [b"master", 0, [[b"127.0.0.1", b"7000", b"0"]]]
    assert c.execute(0, "ROLE") == [b"slave", b"127.0.0.1", 7003, b"connected", 0]
