"""Whatever the arguments, a BF/CF/CMS/TOPK command answers with a reply or an error
reply: it never raises anything else out of the engine."""
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.modules.robust import assert_wrong_arity_everywhere, command_names, engine_with, run_in_both_protocols

POOL = [b"b", b"c", b"m", b"m2", b"k", b"s", b"nokey", b"0", b"1", b"2", b"-1", b"x", b"0.01", b"1.5",
        b"nan", b"inf", b"", b"ITEMS", b"CAPACITY", b"ERROR", b"EXPANSION", b"NOCREATE", b"NONSCALING",
        b"BUCKETSIZE", b"MAXITERATIONS", b"WEIGHTS", b"WITHCOUNT", b"SIZE", b"FILTERS", b"item",
        b"9223372036854775807", b"4294967296", b"100000", b"100001"]
PREFIXES = ("bf.", "cf.", "cms.", "topk.")
NAMES = command_names(*PREFIXES)

SETUP = (["BF.RESERVE", "b", "0.01", "10"], ["CF.RESERVE", "c", "8"], ["CMS.INITBYDIM", "m", "10", "3"],
         ["CMS.INITBYDIM", "m2", "5", "3"], ["TOPK.RESERVE", "k", "2"], ["SET", "s", "v"])
ENGINE, SESSION = engine_with(SETUP)


def test_every_command_is_registered():
    want = {"bf.reserve", "bf.add", "bf.madd", "bf.exists", "bf.mexists", "bf.insert", "bf.info", "bf.card",
            "cf.reserve", "cf.add", "cf.addnx", "cf.insert", "cf.insertnx", "cf.exists", "cf.mexists",
            "cf.del", "cf.count", "cf.info", "cms.initbydim", "cms.initbyprob", "cms.incrby", "cms.query",
            "cms.merge", "cms.info", "topk.reserve", "topk.add", "topk.incrby", "topk.query", "topk.count",
            "topk.list", "topk.info"}
    assert want <= set(NAMES)


@settings(max_examples=1500)
@given(st.sampled_from(NAMES), st.lists(st.sampled_from(POOL), max_size=8))
def test_no_crash_on_any_arguments(name, args):
    run_in_both_protocols(ENGINE, SESSION, name, args)


def test_wrong_arity_everywhere():
    assert_wrong_arity_everywhere(SETUP, NAMES)
