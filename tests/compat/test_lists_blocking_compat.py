"""Blocking list commands against the real server: park one connection, write on
another, then compare what the parked one receives, byte for byte.

On the real side the blocking command is sent without reading the reply; on the
engine side the same command returns a ``Blocked`` that we wait on."""
import time

import pytest

from redislab.engine.blocking import Blocked
from redislab.protocol.resp import encode


def _argv(args):
    return [a if isinstance(a, bytes) else str(a).encode() for a in args]


def _real_blocked(oracle) -> int:
    info = oracle.conn.command("INFO", "clients").decode()
    for line in info.split("\r\n"):
        if line.startswith("blocked_clients:"):
            return int(line.split(":")[1])
    return 0


class Parked:
    """A blocking command in flight on both sides."""

    def __init__(self, oracle, side, *args):
        self.side = side
        before = _real_blocked(oracle)
        argv = _argv(args)
        side.conn.send(*argv)
        self.mine = side.engine.execute(side.session, argv)
        assert isinstance(self.mine, Blocked), self.mine
        deadline = time.time() + 5
        while _real_blocked(oracle) <= before and time.time() < deadline:
            time.sleep(0.005)

    def done(self) -> bool:
        return self.mine.done

    def check(self):
        mine = encode(self.mine.wait(5), self.side.session.resp)
        theirs = self.side.conn.read_reply()
        assert mine == theirs
        return mine


def test_blpop_served_by_push_from_other_client(oracle):
    c = oracle.client()
    p = Parked(oracle, c, "BLPOP", "q", 0)
    oracle.same("LPUSH", "q", "job1")
    assert p.check() == b"*2\r\n$1\r\nq\r\n$4\r\njob1\r\n"
    oracle.same("EXISTS", "q")


def test_fifo_three_waiters(oracle):
    cs = [oracle.client() for _ in range(3)]
    ps = [Parked(oracle, c, "BLPOP", "q", 0) for c in cs]
    oracle.same("RPUSH", "q", "a", "b", "c", "d")
    for p in ps:
        p.check()
    oracle.same("LRANGE", "q", 0, -1)


def test_fifo_one_element_at_a_time(oracle):
    cs = [oracle.client() for _ in range(3)]
    ps = [Parked(oracle, c, "BRPOP", "q", 0) for c in cs]
    oracle.same("RPUSH", "q", "first")
    ps[0].check()
    assert not ps[1].done() and not ps[2].done()
    oracle.same("RPUSH", "q", "second")
    ps[1].check()
    oracle.same("LPUSH", "q", "third")
    ps[2].check()


def test_multiple_keys_and_order(oracle):
    c = oracle.client()
    p = Parked(oracle, c, "BLPOP", "k1", "k2", "k3", 0)
    oracle.same("RPUSH", "k3", "x")
    p.check()
    c2 = oracle.client()
    p = Parked(oracle, c2, "BRPOP", "k1", "k2", 0)
    oracle.same("RPUSH", "k2", "a", "b")
    p.check()
    oracle.same("LRANGE", "k2", 0, -1)


def test_blmove_chain_wakes_next_waiter(oracle):
    c1, c2 = oracle.client(), oracle.client()
    p1 = Parked(oracle, c1, "BLMOVE", "src", "dst", "RIGHT", "LEFT", 0)
    p2 = Parked(oracle, c2, "BLPOP", "dst", 0)
    oracle.same("RPUSH", "src", "v1", "v2")
    p1.check()
    p2.check()
    oracle.same("LRANGE", "src", 0, -1)
    oracle.same("EXISTS", "dst")


def test_brpoplpush_and_blmpop(oracle):
    c1, c2 = oracle.client(), oracle.client()
    p1 = Parked(oracle, c1, "BRPOPLPUSH", "a", "b", 0)
    p2 = Parked(oracle, c2, "BLMPOP", 0, 2, "b", "c", "RIGHT", "COUNT", 3)
    oracle.same("RPUSH", "a", "1", "2", "3")
    p1.check()
    p2.check()
    oracle.same("LRANGE", "a", 0, -1)


def test_wrong_type_write_keeps_client_blocked(oracle):
    c = oracle.client()
    p = Parked(oracle, c, "BLPOP", "k", 0)
    oracle.same("SET", "k", "string")
    oracle.same("DEL", "k")
    oracle.same("SADD", "k", "m")
    oracle.same("DEL", "k")
    assert not p.done()
    oracle.same("RPUSH", "k", "v")
    p.check()


def test_transaction_pushes_then_pops_before_waiter_is_served(oracle):
    c = oracle.client()
    p = Parked(oracle, c, "BLPOP", "k", 0)
    oracle.same("MULTI")
    oracle.same("LPUSH", "k", "a")
    oracle.same("LPOP", "k")
    oracle.same("EXEC")
    assert not p.done()
    oracle.same("MULTI")
    oracle.same("LPUSH", "k", "b")
    oracle.same("LPUSH", "k", "c")
    oracle.same("EXEC")
    p.check()
    oracle.same("LRANGE", "k", 0, -1)


@pytest.mark.parametrize("cmd", [("BLPOP", "k", "0.05"), ("BRPOP", "k", "j", "0.05"),
                                 ("BLMOVE", "k", "d", "LEFT", "LEFT", "0.05"),
                                 ("BRPOPLPUSH", "k", "d", "0.05"), ("BLMPOP", "0.05", 1, "k", "LEFT")])
def test_timeout_reply(oracle, cmd):
    c = oracle.client()
    p = Parked(oracle, c, *cmd)
    p.check()


@pytest.mark.parametrize("cmd", [("BLPOP", "k", "0.05"), ("BLMOVE", "k", "d", "LEFT", "LEFT", "0.05")])
def test_timeout_reply_resp3(oracle, cmd):
    c = oracle.client()
    c.run("HELLO", "3")
    p = Parked(oracle, c, *cmd)
    p.check()


def test_resp3_served_reply(oracle):
    c = oracle.client()
    c.run("HELLO", "3")
    p = Parked(oracle, c, "BLMPOP", 0, 1, "k", "LEFT", "COUNT", 2)
    oracle.same("RPUSH", "k", "x", "y", "z")
    p.check()


def test_job_queue_example(oracle):
    """The guide's pattern: a producer LPUSHes jobs, a worker BRPOPs them in order."""
    worker = oracle.client()
    for job in ("email:1", "email:2"):
        oracle.same("LPUSH", "jobs", job)
    for _ in range(2):
        worker.same("BRPOP", "jobs", 1)
    p = Parked(oracle, worker, "BRPOP", "jobs", 0)
    oracle.same("LPUSH", "jobs", "email:3")
    p.check()
    oracle.same("LLEN", "jobs")


def test_client_unblock(oracle):
    """CLIENT UNBLOCK wakes a BLPOP as a timeout or with the UNBLOCKED error."""
    from redislab.protocol.resp import encode

    waiter = oracle.client()
    # the real server: a second raw connection blocks, the first unblocks it
    their_id = int(waiter.conn.command("CLIENT", "ID")[1:-2])
    waiter.conn.send("BLPOP", "q", "0")
    my_id = waiter.session.id
    mine_blocked = oracle.engine.execute(waiter.session, [b"BLPOP", b"q", b"0"])
    import time
    time.sleep(0.05)
    assert oracle.engine.execute(oracle.session, [b"CLIENT", b"UNBLOCK", str(my_id).encode(), b"ERROR"]) == 1
    theirs = oracle.conn.command("CLIENT", "UNBLOCK", str(their_id), "ERROR")
    assert theirs == b":1\r\n"
    assert encode(mine_blocked.wait(1)) == waiter.conn.read_reply()
    oracle.same("CLIENT", "UNBLOCK", "999999")
    oracle.same("CLIENT", "UNBLOCK", "abc")
    oracle.same("CLIENT", "UNBLOCK", "1", "MAYBE")
    oracle.same("CLIENT", "UNBLOCK", "1", "TIMEOUT", "x")
