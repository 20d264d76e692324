"""The repl prints replies as redis-cli does: RESP2 shapes until HELLO 3."""
from redislab.repl.backends import EngineBackend
from redislab.cliformat import format_reply


def show(b, *argv):
    return format_reply(b.execute([a.encode() for a in argv]), [a.encode() for a in argv])


def test_doubles_maps_and_sets_print_as_resp2_until_hello_3():
    b = EngineBackend()
    show(b, "ZADD", "z", "1.5", "m")
    show(b, "HSET", "h", "f", "1")
    show(b, "SADD", "s", "a")
    assert show(b, "ZSCORE", "z", "m") == '"1.5"\n'
    assert show(b, "HGETALL", "h") == '1) "f"\n2) "1"\n'
    assert show(b, "SMEMBERS", "s") == '1) "a"\n'
    show(b, "HELLO", "3")
    assert show(b, "ZSCORE", "z", "m") == "(double) 1.5\n"
    assert show(b, "HGETALL", "h") == '1# "f" => "1"\n'
