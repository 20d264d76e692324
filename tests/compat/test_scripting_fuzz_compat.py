"""Random Lua return values, converted by the engine and by redis-server: same bytes."""
import random

import pytest


def _value(rng, depth=0):
    kind = rng.choice(["int", "float", "str", "bool", "nil", "table", "ok", "err", "big"]
                      if depth < 3 else ["int", "float", "str", "bool", "nil"])
    if kind == "int":
        return str(rng.randint(-10**6, 10**6))
    if kind == "float":
        return repr(rng.uniform(-1e6, 1e6))
    if kind == "big":
        return rng.choice(["2^53", "-2^63", "2^70", "1/0", "-1/0", "0/0", "1e-300"])
    if kind == "str":
        return repr("".join(rng.choice("ab c\\n\"'") for _ in range(rng.randint(0, 6))))
    if kind == "bool":
        return rng.choice(["true", "false"])
    if kind == "nil":
        return "nil"
    if kind == "ok":
        return "{ok=%s}" % repr("s" + str(rng.randint(0, 9)))
    if kind == "err":
        return "{err=%s}" % repr(rng.choice(["ERR bad", "CODE x y", "plain"]))
    return "{" + ", ".join(_value(rng, depth + 1) for _ in range(rng.randint(0, 5))) + "}"


@pytest.mark.parametrize("seed", range(60))
def test_random_return_values(oracle, seed):
    rng = random.Random(seed)
    script = "return " + _value(rng)
    oracle.same("EVAL", script, 0)


@pytest.mark.parametrize("seed", range(30))
def test_random_values_round_trip_through_redis(oracle, seed):
    # Store a random string, read it back through redis.call and return it re-packed.
    rng = random.Random(1000 + seed)
    val = bytes(rng.randrange(256) for _ in range(rng.randint(0, 40)))
    oracle.same("SET", "blob", val)
    oracle.same("EVAL", "local v = redis.call('get', KEYS[1]) return {v, #v, string.byte(v, 1, -1)}", 1, "blob")


def _json(rng, depth=0):
    kind = rng.choice(["num", "int", "str", "bool", "null", "arr", "obj"] if depth < 3 else ["num", "int", "str"])
    if kind == "num":
        return repr(round(rng.uniform(-1e4, 1e4), rng.randint(0, 6)))
    if kind == "int":
        return str(rng.randint(-10**9, 10**9))
    if kind == "str":
        return '"' + "".join(rng.choice(['a', 'b', ' ', '\\\\n', '\\\\"', '\\\\/', '\\\\u00e9', '\\\\t', 'z'])
                             for _ in range(rng.randint(0, 5))) + '"'
    if kind == "bool":
        return rng.choice(["true", "false"])
    if kind == "null":
        return "null"
    if kind == "arr":
        return "[" + ",".join(_json(rng, depth + 1) for _ in range(rng.randint(0, 4))) + "]"
    keys = rng.sample(["a", "b", "key", "x1", "name", "n"], rng.randint(0, 4))
    return "{" + ",".join('"%s":%s' % (k, _json(rng, depth + 1)) for k in keys) + "}"


@pytest.mark.parametrize("seed", range(40))
def test_cjson_round_trip(oracle, seed):
    doc = _json(random.Random(2000 + seed))
    oracle.same("EVAL", "return cjson.encode(cjson.decode(ARGV[1]))", 0, doc)


@pytest.mark.parametrize("seed", range(20))
def test_cmsgpack_round_trip(oracle, seed):
    doc = _json(random.Random(3000 + seed))
    oracle.same("EVAL", "local p = cmsgpack.pack(cjson.decode(ARGV[1])) "
                        "return {p, cjson.encode(cmsgpack.unpack(p))}", 0, doc)


@pytest.mark.parametrize("bad", ['[1,', '{"a"}', '{"a":1,}', '[1 2]', '"abc', 'tru', '01', '-',
                                 '{1:2}', '"\\x"', '[]]', '', '  ', '"\\ud83d\\ude00"', '1e400',
                                 '0.1e1', '"\\u00"'])
def test_cjson_decode_errors(oracle, bad):
    oracle.same("EVAL", "return cjson.encode(cjson.decode(ARGV[1]))", 0, bad)


@pytest.mark.parametrize("script", [
    "return struct.pack('>bBhHlLT', -1, 255, -2, 65535, -3, 7, 9)",
    "return {struct.unpack('>bBhHlL', struct.pack('>bBhHlL', -1, 255, -2, 65535, -3, 7))}",
    "return struct.pack('<i1i2i3i5i8', 1, -2, 3, -4, 5)",
    "return {struct.unpack('<i3I3', struct.pack('<i3I3', -5, 70000))}",
    "return struct.pack('!4bxi', 1, 2)", "return struct.pack('!bi', 1, 2)", "return struct.pack('!2bh', 1, 2)",
    "return struct.size('!4bi')", "return struct.size('bhi')", "return struct.size('!8bd')",
    "return {struct.unpack('!4bi', struct.pack('!4bi', 1, 2))}",
    "return struct.pack('>d', 1.5)", "return struct.pack('<f', 0.25)",
    "return tostring(struct.unpack('>d', struct.pack('>d', 1.5)))",
    "return struct.pack('c5', 'ab')", "return struct.pack('c0', 'hello')",
    "return {struct.unpack('bc0', struct.pack('b', 3) .. 'xyz!')}",
    "return {struct.unpack('s', 'ab\\0cd')}", "return {struct.unpack('>H', 'A')}",
    "return {struct.unpack('>H', 'ABCD', 3)}", "return struct.pack('z')", "return struct.size('s')",
    "return struct.pack('>I2')", "return struct.pack('i17', 1)",
    "return {cmsgpack.unpack(cmsgpack.pack(1.5, -0.25, 1e300, 2^40, -2^40, 127, 128, -33, 65536))}",
    "return cmsgpack.pack({})", "return cmsgpack.pack({1, nil, 3})", "return cmsgpack.pack(string.rep('x', 40))",
    "return cmsgpack.pack(string.rep('x', 300))", "return cmsgpack.unpack('\\193')",
    "return cmsgpack.unpack('\\146\\1')", "return {cmsgpack.unpack('')}", "return cmsgpack.pack()",
    "return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3))}", "return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2)}",
    "return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 1)}",
])
def test_binary_libraries(oracle, script):
    oracle.same("EVAL", script, 0)
