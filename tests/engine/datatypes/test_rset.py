from hypothesis import given, strategies as st

from redislab.engine.config import Config
from redislab.engine.datatypes.rset import RSet

CFG = Config()
members = st.lists(st.one_of(st.integers(-1000, 1000).map(lambda i: b"%d" % i),
                             st.binary(max_size=5)), max_size=60)


@given(members, members)
def test_behaves_like_a_set(adds, removes):
    s = RSet()
    model = set()
    for m in adds:
        assert s.add(m, CFG) == (m not in model)
        model.add(m)
    for m in removes:
        assert s.remove(m) == (m in model)
        model.discard(m)
    assert set(s.members()) == model and len(s) == len(model)
    assert all(s.pos[m] == i for i, m in enumerate(s.arr))


def test_intset_reads_sorted_and_copy():
    s = RSet()
    for m in (b"5", b"-2", b"10"):
        s.add(m, CFG)
    assert s.members() == [b"-2", b"5", b"10"] and s.encoding(CFG) == "intset"
    c = s.copy()
    c.add(b"x", CFG)
    assert b"x" not in s and c.encoding(CFG) == "listpack"
