"""The connection's fast path: reply shortcuts and the canonical-layout check."""
from __future__ import annotations

from redislab.protocol.resp import encode_command
from tests.server.conftest import exchange


def test_pipelined_replies_of_every_shortcut_kind(served):
    data = b"".join([
        encode_command("SET", "k", "v"),            # +OK
        encode_command("GET", "k"),                 # bulk
        encode_command("GET", "missing"),           # null (RESP2)
        encode_command("INCR", "n"),                # integer
        encode_command("EXISTS", "k", "n", "zz"),   # integer
        encode_command("GET", "x" * 5000),          # long argument, null
        encode_command("SET", "big", "y" * 20000),  # long value
        encode_command("STRLEN", "big"),
        encode_command("HELLO", "3")[:0],           # (nothing)
    ])
    got, closed = exchange(served.port, data)
    assert not closed
    assert got == b"+OK\r\n$1\r\nv\r\n$-1\r\n:1\r\n:2\r\n$-1\r\n+OK\r\n:20000\r\n"


def test_null_reply_follows_resp3_switch_in_one_read(served):
    data = encode_command("HELLO", "3") + encode_command("GET", "missing") + encode_command("PING")
    got, closed = exchange(served.port, data)
    assert not closed
    assert got.endswith(b"_\r\n+PONG\r\n")


def test_top_level_non_array_after_a_request_is_not_taken_by_hiredis(served, real):
    # hiredis would read these as replies (":0" even equals False); Redis answers
    # the first request, then rejects the rest as an inline command or protocol error.
    for tail in (b":0\r\n", b"+PING\r\n", b"*1\r\n+PING\r\n", b"*1\r\n=8\r\ntxt:PING\r\n"):
        data = encode_command("PING") + tail
        assert exchange(served.port, data) == exchange(real.port, data), tail
