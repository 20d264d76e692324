"""Whole RDB files: what goes in comes out, and damaged files are refused."""
import pytest
from hypothesis import given, strategies as st

from redislab.engine.datatypes.rdb import file as rdbfile
from redislab.engine.datatypes.rdb.wire import BadFormat

CONFIG = {"hash-max-listpack-entries": 128, "hash-max-listpack-value": 64,
          "zset-max-listpack-entries": 128, "zset-max-listpack-value": 64,
          "set-max-intset-entries": 512, "set-max-listpack-entries": 128, "set-max-listpack-value": 64,
          "list-max-listpack-size": -2, "list-compress-depth": 0}


def _contents(dbs, functions=()):
    return rdbfile.Contents(aux={b"redis-ver": b"7.4.0"}, functions=list(functions),
                            dbs={d: [rdbfile.Entry(k, v, exp) for k, v, exp in items] for d, items in dbs.items()})


@given(st.dictionaries(st.integers(0, 15),
                       st.lists(st.tuples(st.binary(min_size=1, max_size=30), st.binary(max_size=200),
                                          st.none() | st.integers(1, 2 ** 50)),
                                max_size=8, unique_by=lambda t: t[0]),
                       max_size=4),
       st.booleans(), st.booleans())
def test_strings_and_ttls_round_trip(dbs, compress, checksum):
    data = rdbfile.write(_contents(dbs), compress, checksum)
    back = rdbfile.read(data, CONFIG)
    got = {d: [(e.key, e.value, e.expire_ms) for e in entries] for d, entries in back.dbs.items()}
    assert got == {d: [tuple(t) for t in items] for d, items in dbs.items() if items}
    assert back.aux[b"redis-ver"] == b"7.4.0"


def test_functions_travel_with_the_data():
    code = b"#!lua name=lib\nredis.register_function('f', function() return 1 end)"
    back = rdbfile.read(rdbfile.write(_contents({}, [code])), CONFIG)
    assert back.functions == [code] and back.dbs == {}


@pytest.mark.parametrize("mangle,why", [
    (lambda d: b"NOTRDB" + d[6:], "not an RDB file"),
    (lambda d: d[:5] + b"0099" + d[9:], "version"),
    (lambda d: d[:-12], "ends too early"),
    (lambda d: d[:-1] + bytes([d[-1] ^ 1]), "checksum"),
])
def test_damaged_files_are_refused(mangle, why):
    data = rdbfile.write(_contents({0: [(b"k", b"v" * 40, None)]}))
    with pytest.raises(BadFormat, match=why):
        rdbfile.read(mangle(data), CONFIG)


def test_a_file_without_checksum_loads():
    data = rdbfile.write(_contents({0: [(b"k", b"v", None)]}), checksum=False)
    assert data.endswith(bytes(8))
    assert rdbfile.read(data, CONFIG).dbs[0][0].value == b"v"
