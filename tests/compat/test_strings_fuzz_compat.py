"""Random sequences of string commands must answer exactly as redis-server does."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

KEYS = st.sampled_from(["a", "b", "c"])
INTS = st.one_of(st.integers(-20, 20), st.sampled_from([
    0, 1, -1, 2**63 - 1, -2**63, 2**63, 2**62, -2**62, 10**18]))
NUMERIC_TEXT = st.one_of(
    INTS.map(str),
    st.sampled_from(["1.5", "abc", "", " 1", "+1", "01", "-0", "1e3", "0x10", "inf", "3.0e3",
                     "0.1", "-2.25", "10.5", "1e-5", "nan"]),
)
VALUES = st.one_of(NUMERIC_TEXT, st.binary(max_size=8), st.text("xyz", max_size=6))
FLOATS = st.one_of(
    st.floats(-1e6, 1e6, allow_nan=False).map(repr),
    st.decimals(-1000, 1000, places=5, allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["0.1", "-0.1", "1e-7", "3.0e3", "abc", "inf", "1", "-5"]),
)
OFFSETS = st.one_of(st.integers(-12, 12), st.sampled_from([2**63 - 1, -2**63]))
SET_OPTS = st.lists(st.sampled_from([
    ("NX",), ("XX",), ("GET",), ("KEEPTTL",), ("EX", "100"), ("PX", "100000"),
    ("EXAT", "99999999999"), ("PXAT", "99999999999000"), ("EX", "0"), ("PX", "abc"), ("FOO",),
]), max_size=3).map(lambda opts: [x for o in opts for x in o])


def commands():
    return st.one_of(
        st.tuples(st.just("SET"), KEYS, VALUES, SET_OPTS).map(lambda t: (t[0], t[1], t[2], *t[3])),
        st.tuples(st.just("GET"), KEYS),
        st.tuples(st.just("APPEND"), KEYS, VALUES),
        st.tuples(st.sampled_from(["INCR", "DECR"]), KEYS),
        st.tuples(st.sampled_from(["INCRBY", "DECRBY"]), KEYS, NUMERIC_TEXT),
        st.tuples(st.just("GETRANGE"), KEYS, OFFSETS, OFFSETS),
        st.tuples(st.just("SETRANGE"), KEYS, OFFSETS, VALUES),
        st.tuples(st.just("STRLEN"), KEYS),
        st.tuples(st.just("GETDEL"), KEYS),
        st.tuples(st.just("MSET"), KEYS, VALUES, KEYS, VALUES),
        st.tuples(st.just("MGET"), KEYS, KEYS, KEYS),
        st.tuples(st.just("INCRBYFLOAT"), KEYS, FLOATS),
    )


def _flush(o):
    o.conn.command("FLUSHALL")
    for db in o.engine.keyspace.dbs:
        db.flush()


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seq=st.lists(commands(), min_size=1, max_size=25))
def test_random_string_sequences(oracle, seq):
    _flush(oracle)
    for cmd in seq:
        oracle.same(*cmd, floats=cmd[0] == "INCRBYFLOAT")
