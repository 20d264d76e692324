"""Whatever the arguments, a TS.* command answers with a reply or an error reply: it never
raises anything else out of the engine (which would be a crash for a server client)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.modules.robust import assert_wrong_arity_everywhere, command_names, engine_with, run_in_both_protocols

POOL = [b"t", b"d", b"s", b"nokey", b"-", b"+", b"*", b"0", b"1", b"-1", b"10", b"x", b"1.5", b"nan",
        b"inf", b"1e400", b"", b"AGGREGATION", b"avg", b"twa", b"last", b"var.s", b"FILTER", b"a=b",
        b"a!=", b"a=(b,c)", b"=", b"!=", b"LABELS", b"COUNT", b"ALIGN", b"start", b"end", b"EMPTY",
        b"BUCKETTIMESTAMP", b"~", b"GROUPBY", b"REDUCE", b"max", b"LATEST", b"WITHLABELS",
        b"SELECTED_LABELS", b"FILTER_BY_TS", b"FILTER_BY_VALUE", b"RETENTION", b"CHUNK_SIZE",
        b"DUPLICATE_POLICY", b"SUM", b"ON_DUPLICATE", b"IGNORE", b"ENCODING", b"UNCOMPRESSED",
        b"TIMESTAMP", b"DEBUG", b"9223372036854775807", b"18446744073709551616"]
NAMES = command_names("ts.")

SETUP = (["TS.CREATE", "t", "LABELS", "a", "b"], ["TS.CREATE", "d", "LABELS", "a", "c"],
         ["TS.CREATERULE", "t", "d", "AGGREGATION", "avg", "10"], ["SET", "s", "v"],
         ["TS.ADD", "t", "5", "1"], ["TS.ADD", "t", "25", "3"])
ENGINE, SESSION = engine_with(SETUP)


def test_every_ts_command_is_registered():
    assert {"ts.create", "ts.alter", "ts.add", "ts.madd", "ts.incrby", "ts.decrby", "ts.del", "ts.get",
            "ts.mget", "ts.range", "ts.revrange", "ts.mrange", "ts.mrevrange", "ts.createrule",
            "ts.deleterule", "ts.info", "ts.queryindex"} <= set(NAMES)


@settings(max_examples=1500)
@given(st.sampled_from(NAMES), st.lists(st.sampled_from(POOL), max_size=9))
def test_no_crash_on_any_arguments(name, args):
    run_in_both_protocols(ENGINE, SESSION, name, args)


def test_wrong_arity_everywhere():
    assert_wrong_arity_everywhere(SETUP, NAMES)
