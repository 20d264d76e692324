"""HyperLogLog in Redis's own byte format, so GET/SET move HLLs between us and Redis.

Layout of the string value (what a learner sees with GET):

    "HYLL" | encoding (0 dense, 1 sparse) | 3 unused bytes | cardinality cache (8 bytes,
    little endian; the top bit of the last byte set means "stale") | registers

Dense: 16384 registers of 6 bits, packed least-significant-bit first (register i
occupies bits 6*i .. 6*i+5 of the little-endian bit stream), 12288 bytes.

Sparse: run-length opcodes over the registers, in index order:
    ZERO   00xxxxxx            1..64 zero registers
    XZERO  01xxxxxx yyyyyyyy   1..16384 zero registers (14-bit length)
    VAL    1vvvvvxx            1..4 registers holding the value 1..32
A new HLL is one XZERO covering everything. Edits split and re-merge runs exactly the
way Redis does (byte-identical results matter: learners compare GET output), and the
value turns dense once it would outgrow ``hll-sparse-max-bytes`` or needs a register
value above 32.

Elements are hashed with MurmurHash64A (seed 0xadc83b19); the low 14 bits pick the
register, the position of the first set bit in the remaining 50 bits (plus one) is the
candidate value. Cardinality uses the improved estimator of Ertl's paper (the "tau" and
"sigma" series) that Redis uses since 5.0, so estimates agree to the unit.
"""
from __future__ import annotations

import math
import struct

P = 14
Q = 64 - P                         # bits left for the zero-run count
REGISTERS = 1 << P
INDEX_MASK = REGISTERS - 1
BITS = 6
HDR = 16
DENSE_BYTES = REGISTERS * BITS // 8
DENSE_SIZE = HDR + DENSE_BYTES
DENSE, SPARSE = 0, 1
MAGIC = b"HYLL"
SPARSE_VAL_MAX = 32
SPARSE_VAL_LEN = 4
SPARSE_ZERO_LEN = 64
SPARSE_XZERO_LEN = 16384
ALPHA_INF = 0.721347520444481703680   # 1 / (2 ln 2)
SEED = 0xADC83B19

_M64 = (1 << 64) - 1
_MUR_M = 0xC6A4A7935BD1E995
_U64 = struct.Struct("<Q")


class Corrupted(Exception):
    """The sparse opcodes do not describe exactly 16384 registers."""


# ----------------------------------------------------------------- hashing

def murmur64a(data: bytes, seed: int = SEED) -> int:
    """MurmurHash64A reading 8-byte blocks little endian, as Redis does on every CPU."""
    n = len(data)
    h = (seed ^ (n * _MUR_M)) & _M64
    blocks = n // 8
    if blocks:
        for (k,) in _U64.iter_unpack(data[:blocks * 8]):
            k = (k * _MUR_M) & _M64
            k ^= k >> 47
            k = (k * _MUR_M) & _M64
            h ^= k
            h = (h * _MUR_M) & _M64
    rest = n & 7
    if rest:
        tail = data[blocks * 8:]
        h ^= int.from_bytes(tail, "little")
        h = (h * _MUR_M) & _M64
    h ^= h >> 47
    h = (h * _MUR_M) & _M64
    h ^= h >> 47
    return h


def pattern(element: bytes) -> tuple[int, int]:
    """(register index, run length) for an element: what PFADD would try to store."""
    h = murmur64a(element)
    index = h & INDEX_MASK
    rest = (h >> P) | (1 << Q)       # the sentinel bit bounds the run at Q+1
    return index, (rest & -rest).bit_length()




# -------------------------------------------------------------- validation

def is_hll(value: bytes) -> bool:
    """Would Redis accept this string as an HLL (magic, known encoding, dense size)?"""
    if len(value) < HDR or value[:4] != MAGIC or value[4] > 1:
        return False
    return value[4] != DENSE or len(value) == DENSE_SIZE


def encoding(value: bytes) -> str:
    return "dense" if value[4] == DENSE else "sparse"


def new_sparse() -> bytes:
    """An empty HLL: header, valid cache of 0, one XZERO over all registers."""
    return MAGIC + bytes([SPARSE]) + bytes(11) + _xzero(REGISTERS)


def cached_card(value: bytes):
    """The cardinality cached in the header, or None when it is stale."""
    if value[15] & 0x80:
        return None
    return int.from_bytes(value[8:16], "little")


def with_card(value: bytes, card: int) -> bytes:
    return value[:8] + card.to_bytes(8, "little") + value[HDR:]


def invalidate(buf: bytearray) -> None:
    buf[15] |= 0x80


# ------------------------------------------------------------ sparse opcodes

def _zero(n: int) -> bytes:
    return bytes([n - 1])


def _xzero(n: int) -> bytes:
    n -= 1
    return bytes([0x40 | (n >> 8), n & 0xFF])


def _zero_run(n: int) -> bytes:
    return _xzero(n) if n > SPARSE_ZERO_LEN else _zero(n)


def _val(value: int, n: int) -> int:
    return 0x80 | ((value - 1) << 2) | (n - 1)


def sparse_ops(value) -> list[tuple[str, int, int]]:
    """Decode the sparse opcodes as (kind, value, run) with kind 'z', 'Z' (XZERO) or 'v'."""
    ops = []
    p, end = HDR, len(value)
    while p < end:
        op = value[p]
        if op & 0x80:
            ops.append(("v", ((op >> 2) & 0x1F) + 1, (op & 3) + 1))
            p += 1
        elif op & 0x40:
            nxt = value[p + 1] if p + 1 < end else 0
            ops.append(("Z", 0, (((op & 0x3F) << 8) | nxt) + 1))
            p += 2
        else:
            ops.append(("z", 0, (op & 0x3F) + 1))
            p += 1
    return ops


def decode_text(value) -> bytes:
    """PFDEBUG DECODE's rendering of the sparse opcodes."""
    parts = []
    for kind, v, n in sparse_ops(value):
        parts.append(f"v:{v},{n}" if kind == "v" else f"{kind}:{n}")
    return " ".join(parts).encode()


# ---------------------------------------------------------- dense registers

def unpack(regbytes) -> list[int]:
    """16384 register values from the 12288 dense bytes."""
    out = []
    ext = out.extend
    b = regbytes
    for i in range(0, DENSE_BYTES, 3):
        v = b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)
        ext((v & 63, (v >> 6) & 63, (v >> 12) & 63, v >> 18))
    return out


def pack(regs) -> bytearray:
    out = bytearray(DENSE_BYTES)
    j = 0
    for i in range(0, REGISTERS, 4):
        v = regs[i] | (regs[i + 1] << 6) | (regs[i + 2] << 12) | (regs[i + 3] << 18)
        out[j] = v & 0xFF
        out[j + 1] = (v >> 8) & 0xFF
        out[j + 2] = v >> 16
        j += 3
    return out


def _dense_get(buf, index: int) -> int:
    bit = index * BITS
    byte = HDR + (bit >> 3)
    fb = bit & 7
    v = buf[byte] >> fb
    if fb > 2:
        v |= buf[byte + 1] << (8 - fb)
    return v & 63


def _dense_put(buf, index: int, val: int) -> None:
    bit = index * BITS
    byte = HDR + (bit >> 3)
    fb = bit & 7
    buf[byte] = (buf[byte] & ~(63 << fb) & 0xFF) | ((val << fb) & 0xFF)
    if fb > 2:
        sh = 8 - fb
        buf[byte + 1] = (buf[byte + 1] & ~(63 >> sh) & 0xFF) | (val >> sh)


def _sparse_registers(value) -> list[int]:
    """Registers of a sparse value; Corrupted unless the runs cover exactly 16384."""
    regs = [0] * REGISTERS
    i = 0
    for kind, v, n in sparse_ops(value):
        if kind == "v":
            if i + n > REGISTERS:
                raise Corrupted
            regs[i:i + n] = [v] * n
        i += n
    if i != REGISTERS:
        raise Corrupted
    return regs


def registers(value) -> list[int]:
    """All 16384 register values of an HLL string (either encoding), for the visualizer."""
    if value[4] == DENSE:
        return unpack(value[HDR:])
    return _sparse_registers(value)


def to_dense(value) -> bytes:
    """The dense form, keeping the header (cache and unused bytes) as Redis copies it."""
    if value[4] == DENSE:
        return bytes(value)
    regs = _sparse_registers(value)
    return bytes(value[:4]) + bytes([DENSE]) + bytes(value[5:HDR]) + bytes(pack(regs))


# ------------------------------------------------------------------- editing

class Hll:
    """A mutable HLL value; ``buf`` holds the whole string (header included)."""

    __slots__ = ("buf", "sparse_max")

    def __init__(self, value: bytes, sparse_max: int = 3000):
        self.buf = bytearray(value)
        self.sparse_max = sparse_max

    @property
    def encoding(self) -> int:
        return self.buf[4]

    def value(self) -> bytes:
        return bytes(self.buf)

    def add(self, element: bytes) -> int:
        """1 if a register grew, else 0; Corrupted when the sparse form is broken."""
        index, count = pattern(element)
        return self.set(index, count)

    def set(self, index: int, count: int, path: list | None = None) -> int:
        if self.buf[4] == DENSE:
            if _dense_get(self.buf, index) < count:
                _dense_put(self.buf, index, count)
                return 1
            return 0
        return self._sparse_set(index, count, [] if path is None else path)

    def make_dense(self) -> None:
        self.buf = bytearray(to_dense(self.buf))

    def _promote(self, index: int, count: int) -> int:
        self.make_dense()
        _dense_put(self.buf, index, count)
        return 1

    def _sparse_set(self, index: int, count: int, path: list) -> int:
        """Redis's in-place sparse update. ``path`` lists (position, first register) of
        the opcodes before the target; PFMERGE keeps it between ascending calls so each
        call resumes the walk instead of starting over (ops before the edit never move)."""
        if count > SPARSE_VAL_MAX:
            return self._promote(index, count)
        b = self.buf
        end = len(b)
        if path:
            p, first = path.pop()
        else:
            p, first = HDR, 0
        span = oplen = op = 0
        while p < end:
            op = b[p]
            if op & 0x80:
                span, oplen = (op & 3) + 1, 1
            elif op & 0x40:
                span = (((op & 0x3F) << 8) | (b[p + 1] if p + 1 < end else 0)) + 1
                oplen = 2
            else:
                span, oplen = (op & 0x3F) + 1, 1
            if index <= first + span - 1:
                break
            path.append((p, first))
            p += oplen
            first += span
        if span == 0 or p >= end:
            raise Corrupted
        prev = path[-1][0] if path else HDR
        if path:
            path.pop()           # the merge step below may rewrite the opcode before us

        is_val = op & 0x80
        is_xzero = not is_val and op & 0x40
        if is_val:
            old = ((op >> 2) & 0x1F) + 1
            if old >= count:
                return 0
            if span == 1:
                b[p] = _val(count, 1)
                return self._merge_from(prev)
        elif not is_xzero and span == 1:
            b[p] = _val(count, 1)
            return self._merge_from(prev)

        last = first + span - 1
        seq = bytearray()
        if is_val:
            if index != first:
                seq.append(_val(old, index - first))
            seq.append(_val(count, 1))
            if index != last:
                seq.append(_val(old, last - index))
        else:
            if index != first:
                seq += _zero_run(index - first)
            seq.append(_val(count, 1))
            if index != last:
                seq += _zero_run(last - index)
        delta = len(seq) - oplen
        if delta > 0 and end + delta > self.sparse_max:
            return self._promote(index, count)
        if p + oplen > end:      # a truncated XZERO at the very end: Redis keeps the length math
            seq = seq[:len(seq) - (p + oplen - end)]
        b[p:p + oplen] = seq
        return self._merge_from(prev)

    def _merge_from(self, p: int) -> int:
        """Fuse equal adjacent VAL runs near the edit (five opcodes, as Redis scans)."""
        b = self.buf
        end = len(b)
        scan = 5
        while p < end and scan:
            scan -= 1
            op = b[p]
            if not op & 0x80:
                p += 2 if op & 0x40 else 1
                continue
            if p + 1 < end and b[p + 1] & 0x80:
                nxt = b[p + 1]
                if (op >> 2) & 0x1F == (nxt >> 2) & 0x1F:
                    n = (op & 3) + (nxt & 3) + 2
                    if n <= SPARSE_VAL_LEN:
                        del b[p]
                        b[p] = (op & 0xFC) | (n - 1)
                        end -= 1
                        continue
            p += 1
        invalidate(b)
        return 1

    def merge_registers(self, regs) -> None:
        """PFMERGE's write-back: raise each register to ``regs[i]`` in index order."""
        if self.buf[4] == SPARSE:
            path: list = []
            for i, v in enumerate(regs):
                if v:
                    self._sparse_set(i, v, path)
                    if self.buf[4] == DENSE:
                        break
        if self.buf[4] == DENSE:
            cur = unpack(self.buf[HDR:])
            self.buf[HDR:] = pack([a if a >= c else c for a, c in zip(regs, cur)])


# -------------------------------------------------------------- estimation

def merge_into(maxregs: list, value) -> None:
    """maxregs[i] = max(maxregs[i], register i of value); Corrupted on a broken sparse."""
    regs = registers(value)
    for i, v in enumerate(regs):
        if v > maxregs[i]:
            maxregs[i] = v


def _tau(x: float) -> float:
    if x == 0.0 or x == 1.0:
        return 0.0
    y = 1.0
    z = 1 - x
    while True:
        x = math.sqrt(x)
        zp = z
        y *= 0.5
        z -= math.pow(1 - x, 2) * y
        if zp == z:
            return z / 3


def _sigma(x: float) -> float:
    if x == 1.0:
        return math.inf
    y = 1.0
    z = x
    while True:
        x *= x
        zp = z
        z += x * y
        y += y
        if zp == z:
            return z


def estimate(regs) -> int:
    """Cardinality from register values (the estimator of Ertl 2017, as in Redis), as the
    unsigned 64-bit number Redis caches; see ``signed`` for the reply."""
    histo = [0] * 64
    for v in regs:
        histo[v] += 1
    m = float(REGISTERS)
    z = m * _tau((m - histo[Q + 1]) / m)
    for j in range(Q, 0, -1):
        z += histo[j]
        z *= 0.5
    z += m * _sigma(histo[0] / m)
    if z == 0.0 or ALPHA_INF * m * m / z >= 2.0 ** 63:
        # Registers near their maximum: C's llroundl overflows to INT64_MIN, which Redis
        # stores as the unsigned 2**63 (and replies negative). Keep that observable quirk.
        return 1 << 63
    e = ALPHA_INF * m * m / z
    f = math.floor(e)
    return int(f + 1 if e - f >= 0.5 else f)    # llroundl: halves away from zero


def signed(card: int) -> int:
    """The integer PFCOUNT replies for a cached/computed unsigned cardinality."""
    return card - (1 << 64) if card >= 1 << 63 else card


def count(value) -> int:
    """The estimate for one HLL value (ignores the cache); Corrupted when broken."""
    if value[4] == DENSE:
        return estimate(unpack(value[HDR:]))
    return estimate(_sparse_registers(value))


# ---------------------------------------------------------------- self test

def selftest(rng) -> str | None:
    """PFSELFTEST's checks, written for this implementation: register packing round
    trips, sparse and dense encodings agree element by element, and estimates stay
    within 5 standard errors. Returns a description of the first failure, or None."""
    regs = [rng.randrange(64) for _ in range(REGISTERS)]
    if unpack(pack(regs)) != regs:
        return "dense register packing does not round-trip"
    sparse = Hll(new_sparse(), sparse_max=1 << 30)
    dense = Hll(new_sparse())
    dense.make_dense()
    std_error = 1.04 / math.sqrt(REGISTERS)
    seen = 0
    for target in (10, 100, 1000, 5000):
        while seen < target:
            element = b"selftest:%d:%d" % (seen, rng.getrandbits(32))
            if target <= 1000:
                index, run = pattern(element)
                if sparse.set(index, run) != dense.set(index, run):
                    return "sparse and dense disagree on an update"
            else:
                dense.add(element)
            seen += 1
        if target <= 1000 and registers(sparse.buf) != registers(dense.buf):
            return "sparse and dense registers differ"
        est = count(dense.buf)
        if abs(est - target) > max(2, 5 * std_error * target):
            return f"estimate {est} too far from {target}"
    return None
