"""SORT and SORT_RO against a real redis-server."""
import pytest

from redislab.engine import registry


def run_all(o, cmds, **kw):
    for c in cmds:
        o.same(*c.split(" "), **kw)


def has(cmd):
    registry.load_all()
    return registry.lookup(cmd) is not None


DATA = ["ZADD z 3 c 1 a 2 b 10 j 1.5 x", "SADD s 5 3 10 1 7", "SADD words banana apple cherry",
        "MSET w_a 3 w_b 1 w_c 2 w_j -5 w_x 100 w_1 9 w_3 8 w_5 7 w_7 6 w_10 5",
        "HSET h_a f 30 n A", "HSET h_b f 10 n B", "HSET h_c f 20 n C", "SET str v"]


def test_sort_sorted_sets(oracle):
    run_all(oracle, DATA + [
        "SORT z ALPHA", "SORT z DESC ALPHA", "SORT z", "SORT z BY nosort", "SORT z BY nosort DESC",
        "SORT z BY nosort LIMIT 1 2", "SORT z BY nosort DESC LIMIT 1 2", "SORT z BY w_*", "SORT z BY w_* DESC",
        "SORT z BY w_* GET # GET w_*", "SORT z BY h_*->f GET h_*->n GET #", "SORT z ALPHA LIMIT 0 2",
        "SORT z ALPHA LIMIT 2 100", "SORT z ALPHA LIMIT -5 2", "SORT z ALPHA LIMIT 10 2", "SORT z ALPHA LIMIT 1 0",
        "SORT z ALPHA LIMIT 1 -1", "SORT z BY w_* ALPHA", "SORT z BY missing_*",
        "SORT z ALPHA GET nothere", "SORT z ALPHA GET nothere_*", "SORT z ALPHA GET #->f",
        "SORT z ALPHA GET h_*->", "SORT z ALPHA GET h_*->missing", "SORT z ALPHA GET str",
        "OBJECT ENCODING z",
    ])
    # All sort keys missing: every pair ties and Redis keeps its hash-table order.
    run_all(oracle, ["SORT z BY missing_* ALPHA", "SORT z BY h_*-> ALPHA", "SORT z BY str_* ALPHA"], unordered=True)


def test_sort_sets(oracle):
    run_all(oracle, DATA + [
        "SORT s", "SORT s DESC", "SORT s ALPHA", "SORT s LIMIT 1 2", "SORT s BY w_*", "SORT s BY w_* DESC",
        "SORT s BY w_* GET #", "SORT words ALPHA", "SORT words ALPHA DESC", "SORT words",
    ])


def test_sort_errors(oracle):
    run_all(oracle, DATA + [
        "SORT str", "SORT nokey", "SORT nokey ALPHA DESC LIMIT 0 1", "SORT z LIMIT", "SORT z LIMIT 1",
        "SORT z LIMIT x 1", "SORT z LIMIT 0 x", "SORT z BY", "SORT z GET", "SORT z FOO", "SORT z STORE",
        "SORT_RO z STORE dst", "SORT_RO z ALPHA", "SORT_RO z BY w_* GET #", "SORT words BY w_*",
        "SORT str LIMIT x 1", "SORT_RO nokey",
    ])


def test_sort_numeric_conversion(oracle):
    run_all(oracle, [
        "ZADD n 0 10 0 9 0 1e2 0 -3 0 0x10 0 inf 0 -inf", "SORT n", "SORT n DESC", "ZADD bad 0 1 0 abc",
        "SORT bad", "SORT bad ALPHA", "SORT bad LIMIT 0 1", "SORT bad BY nosort", "ZADD big 0 1e400",
        "SORT big", "ZADD emp 0 1 0 2", "SET k_1 nan", "SORT emp BY k_*",
    ])
    oracle.same("SET", "k_1", "")
    oracle.same("SET", "k_2", " 5")
    oracle.same("SORT", "emp", "BY", "k_*")
    oracle.same("SET", "k_1", "5 ")
    oracle.same("SORT", "emp", "BY", "k_*")


def test_sort_store(oracle):
    if not has("LRANGE"):
        pytest.skip("the list type is not there yet")
    run_all(oracle, DATA + [
        "SORT z ALPHA STORE dst", "LRANGE dst 0 -1", "TYPE dst", "SORT z BY w_* GET # GET w_* GET nope_* STORE dst",
        "LRANGE dst 0 -1", "SET dst x", "EXPIRE dst 100", "SORT z ALPHA STORE dst", "TTL dst",
        "SORT nokey STORE dst", "EXISTS dst", "SORT z ALPHA STORE dst STORE dst2", "EXISTS dst dst2",
        "SORT z ALPHA LIMIT 0 0 STORE dst2", "EXISTS dst2", "SORT bad STORE dst3", "EXISTS dst3",
        "SORT s BY nosort STORE dst", "LRANGE dst 0 -1", "SORT words BY nosort STORE dst", "LRANGE dst 0 -1",
    ])


def test_sort_lists(oracle):
    if not has("RPUSH"):
        pytest.skip("the list type is not there yet")
    run_all(oracle, DATA + [
        "RPUSH l 3 1 2 10 2", "SORT l", "SORT l DESC", "SORT l ALPHA", "SORT l BY nosort",
        "SORT l BY nosort DESC", "SORT l BY nosort LIMIT 1 3", "SORT l BY nosort DESC LIMIT 1 3",
        "SORT l BY w_* GET # GET w_*", "SORT_RO l LIMIT 0 2", "RPUSH lw x y", "SORT lw",
    ])
