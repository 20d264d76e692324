import pytest

from redislab.repl.tokenize import TokenizeError, split_args, split_words


@pytest.mark.parametrize("line, argv", [
    ("SET k v", [b"SET", b"k", b"v"]),
    ("  set   k   v  ", [b"set", b"k", b"v"]),
    ('SET k "hello world"', [b"SET", b"k", b"hello world"]),
    ("SET k 'it''s'", None),
    ("SET k 'it\\'s'", [b"SET", b"k", b"it's"]),
    ('SET k "a\\nb\\t\\"q\\"\\\\"', [b"SET", b"k", b'a\nb\t"q"\\']),
    ('SET k "\\xff\\x00"', [b"SET", b"k", b"\xff\x00"]),
    ("SET k 'no \\n escape'", [b"SET", b"k", b"no \\n escape"]),
    ('SET k ""', [b"SET", b"k", b""]),
    ("SET k caf\u00e9", [b"SET", b"k", "café".encode()]),
    ("", []),
])
def test_split_args_like_redis_cli(line, argv):
    if argv is None:
        with pytest.raises(TokenizeError):
            split_args(line)
    else:
        assert split_args(line) == argv


@pytest.mark.parametrize("line", ['SET k "open', "SET k 'open", 'SET k "a"b'])
def test_invalid_lines(line):
    with pytest.raises(TokenizeError):
        split_args(line)


def test_split_words_is_lenient():
    assert split_words("SET k ") == (["SET", "k"], True)
    assert split_words('SET "a b') == (["SET", "a b"], False)
    assert split_words("") == ([], False)
