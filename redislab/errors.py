"""Every Redis error reply as an exception carrying Redis's exact text.

Handlers raise these; they become RESP error frames only at the boundary
(the server, the in-process client, Lua's redis.call). Keeping the texts in one
place is what lets tests compare them byte for byte with a real redis-server.
"""


class RedisError(Exception):
    """An error reply. ``message`` is the full text after the leading '-'."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    @property
    def code(self) -> str:
        return self.message.split(" ", 1)[0]

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"RedisError({self.message!r})"

    def __eq__(self, other):
        return isinstance(other, RedisError) and other.message == self.message

    def __hash__(self):
        return hash(self.message)


def err(text: str) -> RedisError:
    """An ERR-class error: ``err("syntax error")`` -> ``ERR syntax error``."""
    return RedisError("ERR " + text)


# --- fixed texts (Redis 7.0 server.c shared objects and command files) ---
SYNTAX = "ERR syntax error"
WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"
NOT_INTEGER = "ERR value is not an integer or out of range"
NOT_FLOAT = "ERR value is not a valid float"
OVERFLOW = "ERR increment or decrement would overflow"
NO_SUCH_KEY = "ERR no such key"
INDEX_OUT_OF_RANGE = "ERR index out of range"
DB_INDEX_OUT_OF_RANGE = "ERR DB index is out of range"
INVALID_EXPIRE = "ERR invalid expire time in '{}' command"
NOT_POSITIVE = "ERR value is out of range, must be positive"
NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL."
# blocking commands and lists
TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range"
TIMEOUT_NOT_INT = "ERR timeout is not an integer or out of range"
TIMEOUT_NEGATIVE = "ERR timeout is negative"
TIMEOUT_OUT_OF_RANGE = "ERR timeout is out of range"
UNBLOCKED = "UNBLOCKED client unblocked via CLIENT UNBLOCK"
NUMKEYS_POSITIVE = "ERR numkeys should be greater than 0"
COUNT_POSITIVE = "ERR count should be greater than 0"
LPOS_RANK_ZERO = ("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
                  "or use negative to start from the end of the list")
LPOS_COUNT_NEGATIVE = "ERR COUNT can't be negative"
LPOS_MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative"
LONG_RANGE = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
# getIntFromObjectOrReply's text for an integer outside the C int range (SELECT, COPY DB ...).
INT_RANGE = "ERR value is out of range, value must between -2147483648 and 2147483647"
OOM = "OOM command not allowed when used memory > 'maxmemory'."
EXECABORT = "EXECABORT Transaction discarded because of previous errors."
MULTI_NESTED = "ERR MULTI calls can not be nested"
EXEC_WITHOUT_MULTI = "ERR EXEC without MULTI"
DISCARD_WITHOUT_MULTI = "ERR DISCARD without MULTI"
WATCH_IN_MULTI = "ERR WATCH inside MULTI is not allowed"
NOAUTH = "NOAUTH Authentication required."
WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled."
BUSYKEY = "BUSYKEY Target key name already exists."
# DUMP / RESTORE (cluster.c in 7.0)
DUMP_PAYLOAD = "ERR DUMP payload version or checksum are wrong"
BAD_DATA_FORMAT = "ERR Bad data format"
INVALID_TTL = "ERR Invalid TTL value, must be >= 0"
INVALID_IDLETIME = "ERR Invalid IDLETIME value, must be >= 0"
INVALID_FREQ = "ERR Invalid FREQ value, must be >= 0 and <= 255"
# our own: a module's value has no RDB form here (docs/COMPATIBILITY.md)
MODULE_DUMP = "ERR DUMP is not supported for values of module type '{}'"
STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
BIT_OFFSET = "ERR bit offset is not an integer or out of range"
SAME_OBJECT = "ERR source and destination objects are the same"
INCR_NAN = "ERR increment would produce NaN or Infinity"
# connection / server (CLIENT, HELLO, AUTH, CONFIG, SLOWLOG, ...)
AUTH_NO_PASSWORD = ("ERR AUTH <password> called without any password configured for the default user. "
                    "Are you sure your configuration is correct?")
NOAUTH_HELLO = ("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                "HELLO AUTH <user> <pass> option can be used to authenticate the client and "
                "select the RESP protocol version at the same time")
CLIENT_NAME_CHARS = "ERR Client names cannot contain spaces, newlines or special characters."
NO_SUCH_CLIENT = "ERR No such client"
CONFIG_NO_FILE = "ERR The server is running without a config file"
OFFSET_OUT_OF_RANGE = "ERR offset is out of range"
DECR_OVERFLOW = "ERR decrement would overflow"
LCS_NOT_STRING = "ERR The specified keys must contain string values"
LCS_IDX_AND_LEN = "ERR If you want both the length and indexes, please just use IDX."
LCS_TOO_BIG = "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"
# bitmaps (bitops.c)
BIT_VALUE = "ERR bit is not an integer or out of range"
BITPOS_BIT = "ERR The bit argument must be 1 or 0."
BITOP_NOT = "ERR BITOP NOT must be called with a single source key."
BITFIELD_TYPE = ("ERR Invalid bitfield type. Use something like i16 u8. "
                 "Note that u64 is not supported but i64 is.")
BITFIELD_OVERFLOW = "ERR Invalid OVERFLOW type specified"
BITFIELD_RO = "ERR BITFIELD_RO only supports the GET subcommand"
# hyperloglog.c
HLL_WRONGTYPE = "WRONGTYPE Key is not a valid HyperLogLog string value."
HLL_INVALID = "INVALIDOBJ Corrupted HLL object detected"
HLL_NO_KEY = "ERR The specified key does not exist"
HLL_NOT_SPARSE = "ERR HLL encoding is not sparse"


def unknown_command(name, args) -> RedisError:
    # Redis lists quoted arguments, each followed by a space, until 128 bytes are shown.
    shown = ""
    for a in args:
        if len(shown) >= 128:
            break
        shown += "'" + _clip(a, 128 - len(shown)) + "' "
    return RedisError(_oneline(f"ERR unknown command '{_clip(name)}', with args beginning with: {shown}"))


def unknown_subcommand(sub: str, cmd: str) -> RedisError:
    return RedisError(_oneline(f"ERR unknown subcommand '{_clip(sub)}'. Try {cmd.upper()} HELP."))


def subcommand_syntax(sub, cmd: str) -> RedisError:
    """Redis's reply when a subcommand's handler rejects its argument count."""
    return RedisError(_oneline(
        f"ERR unknown subcommand or wrong number of arguments for '{_clip(sub)}'. Try {cmd.upper()} HELP."))


def wrong_arity(name: str) -> RedisError:
    return RedisError(f"ERR wrong number of arguments for '{name.lower()}' command")


def invalid_expire(name: str) -> RedisError:
    return RedisError(INVALID_EXPIRE.format(name.lower()))


def _clip(b, n: int = 128) -> str:
    if isinstance(b, (bytes, bytearray, memoryview)):
        return bytes(b[:n]).decode("utf-8", "replace")
    return str(b)[:n]


def _oneline(text: str) -> str:
    # An error reply cannot span lines; Redis maps CR/LF to spaces.
    return text.replace("\r", " ").replace("\n", " ")


def internal_error(argv, exc: BaseException) -> RedisError:
    """The reply to a command whose handler raised something other than a RedisError:
    a bug of ours, which must cost that one reply, never the caller's program, the
    engine's lock or the server. Named as the client typed it."""
    name = _clip(argv[0]) if argv else "?"
    return RedisError(_oneline(f"ERR internal error in '{name}': {type(exc).__name__}: {exc}"))
