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


# ---- the fast canonical proof agrees with the layout walk on any chunk hiredis reads
import hiredis  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, strategies as st  # noqa: E402

from redislab.server.connection import _canonical, _canonical_layout  # noqa: E402

_PAYLOAD = st.binary(max_size=12) | st.sampled_from([b"key:__rand_int__", b"a_b-c:1,2#3", b"+x", b"(1"])
_ELEMENT = st.one_of(
    _PAYLOAD.map(lambda b: b"$%d\r\n%s\r\n" % (len(b), b)),
    st.sampled_from([b"+OK\r\n", b"=8\r\ntxt:PING\r\n", b"(12\r\n", b":1\r\n", b",1.5\r\n", b"#t\r\n",
                     b"_\r\n", b"$-1\r\n", b"-ERR x\r\n", b"*0\r\n", b"*1\r\n$1\r\na\r\n",
                     b"%1\r\n$1\r\na\r\n$1\r\nb\r\n", b"~1\r\n$1\r\na\r\n", b">1\r\n$1\r\na\r\n"]),
)
_REQUEST = st.one_of(
    st.lists(_ELEMENT, min_size=0, max_size=4).map(lambda els: b"*%d\r\n" % len(els) + b"".join(els)),
    _ELEMENT,
    st.lists(_ELEMENT, min_size=1, max_size=3).map(lambda els: b"~%d\r\n" % len(els) + b"".join(els)),
)


_PINGS = encode_command("PING") * 5


def _parse(data: bytes, r=None):
    r = r or hiredis.Reader(notEnoughData=False)
    r.feed(data)
    out = []
    try:
        item = r.gets()
        while item is not False:
            out.append(item)
            item = r.gets()
    except Exception:
        return None
    return None if r.has_data() else out


@given(st.lists(_REQUEST, min_size=1, max_size=6), st.integers(0, 40))
def test_fast_canonical_check_never_accepts_what_the_layout_rejects(requests, cut):
    # Chunks the fast path sees start with "*"; the C proof is tried from 5 requests on.
    data = _PINGS + b"".join(requests)
    data = data[:len(data) - cut] if cut < len(data) else data   # often mid-request
    r = hiredis.Reader(notEnoughData=False)
    cmds = _parse(data, r)
    if cmds is None:       # hiredis refused it, or says it holds unread bytes
        return
    assert _canonical(cmds, data, r) == _canonical_layout(cmds, data)


def _check(data: bytes) -> bool:
    r = hiredis.Reader(notEnoughData=False)
    return _canonical(_parse(data, r), data, r)


def test_fast_canonical_check_takes_plain_pipelines():
    assert _check(encode_command("SET", "key:1", "v") * 5 + encode_command("GET", "key:1"))
    assert _check(encode_command("GET", "key:1"))
    assert not _check(_PINGS + b"*2\r\n$3\r\nGET\r\n+key\r\n")


@pytest.mark.parametrize("tail", [b"*1\r\n", b"*", b"*2\r\n$4\r\nPING\r\n", b"*2\r\n*1\r\n$4\r\nPING\r\n"])
def test_fast_canonical_check_refuses_a_chunk_ending_inside_a_request(tail):
    # hiredis may have read a partial request's header without saying so (has_data()
    # is False): the chunk must go to the byte-by-byte parser, which keeps the partial.
    assert not _check(_PINGS + tail)
    assert not _check(encode_command("PING") + tail)
