"""Hands-on tasks on data: keys, expiry, pipelining, SCAN, HyperLogLog, streams.

Registered into ``tasks.TASKS`` on import; the protocol (``TaskRun``, hooks) is in
``tasks.py``.
"""
from __future__ import annotations

from .grading import Result
from .tasks import Hook, Task, TaskRun, _int, credit, has_command, register


# ------------------------------------------------------------ guide Q7: big keys
_SIZE_CMDS = ("SCARD", "LLEN", "HLEN", "ZCARD", "STRLEN", "XLEN", "MEMORY")
BIG = "followers:celebrity"


def _big_setup(run):
    for i in range(30):
        run("SET", f"user:{i}", f"name-{i}")
    run("RPUSH", "feed:recent", *[f"post:{i}" for i in range(40)])
    for i in range(5):
        run("HSET", f"profile:{i}", "name", f"n{i}", "age", "30", "city", "Seoul")
    run("ZADD", "leaderboard", *[x for i in range(50) for x in (str(i), f"p{i}")])
    for i in range(0, 20_000, 1000):
        run("SADD", BIG, *[f"fan:{j}" for j in range(i, i + 1000)])


def _big_check(t: TaskRun) -> Result:
    r = Result("", "task", 0.0)
    scans = t.calls("SCAN")
    if scans and any(isinstance(s.reply, list) and s.reply and s.reply[0] == b"0" for s in scans):
        r.score += 0.2
        r.feedback.append("walked the keyspace with SCAN to cursor 0")
    elif scans:
        r.score += 0.1
        r.missing.append("SCAN until the cursor comes back as 0")
    else:
        r.missing.append("find keys with SCAN")
    if t.calls("KEYS"):
        r.score -= 0.25
        r.feedback.append("KEYS walks every key in one blocking call: the very stall you are hunting")
    measured = [s for s in t.calls(*_SIZE_CMDS) if BIG.encode() in s.argv[1:]]
    if credit(r, measured, 0.2, todo="measure key sizes (SCARD/LLEN/HLEN/ZCARD/STRLEN, or MEMORY USAGE)"):
        r.feedback.append(f"measured the big key with {measured[0].name}")
    if not has_command("MEMORY USAGE"):
        r.note = "MEMORY USAGE is not in this engine yet: element counts and STRLEN stand in for bytes"
    still = t.admin_run("EXISTS", BIG)
    small = [f"user:{i}" for i in range(30)] + ["feed:recent", "leaderboard"] + [f"profile:{i}" for i in range(5)]
    others = t.admin_run("EXISTS", *small)
    if credit(r, still == 0, 0.3, todo=f"delete the big key ({BIG})"):
        how = [s for s in t.calls("UNLINK", "DEL") if BIG.encode() in s.argv[1:]]
        if not credit(r, how and how[-1].name == "UNLINK", 0.3,
                      "deleted it with UNLINK: the memory is freed off the main thread",
                      "delete with UNLINK rather than DEL"):
            r.feedback.append("DEL frees all 20 000 members inline, blocking every client meanwhile")
    if others != len(small):
        r.score -= 0.3
        r.feedback.append("small keys were deleted too: only the big key had to go")
    return r


# ------------------------------------------------------------ guide Q11: pipelining
def _round_trips(t: TaskRun) -> int:
    n, in_multi = 0, False
    for s in t.mine():
        if s.name == "MULTI":
            in_multi = True
            n += 1
        elif s.name in ("EXEC", "DISCARD"):
            in_multi = False
        elif not in_multi:
            n += 1
    return n


def _pipe_check(t: TaskRun) -> Result:
    r = Result("", "task", 0.0)
    vals = t.admin_run("MGET", *[f"views:{i}" for i in range(1, 21)])
    credit(r, vals == [b"0"] * 20, 0.5, "all 20 counters are 0", "set views:1 ... views:20 to 0")
    rt = _round_trips(t)
    r.note = f"{rt} round trip(s)"
    if r.score == 0:
        pass        # the batch only counts if it did the job
    elif rt <= 2:
        r.score += 0.5
        used = "MULTI/EXEC" if t.calls("EXEC") else t.mine()[0].name if t.mine() else "?"
        r.feedback.append(f"one batch via {used}: the client pays one network round trip, not 20")
    else:
        r.score += 0.5 * max(0, 20 - rt) / 18
        r.missing.append("send the writes as one batch (MULTI ... EXEC, or one MSET)")
    return r


# ------------------------------------------------------------ guide Q12: expiry
def _exp_setup(run):
    run("SET", "session:42", "alice", "PX", "1500")
    for i in range(200):
        run("SET", f"cache:{i}", "x", "PX", "1000")


def _exp_check(t: TaskRun) -> Result:
    r = Result("", "task", 0.0)
    before = [s for s in t.calls("TTL", "PTTL") if not s.after_clock and (_int(s.reply, -9) or -9) > 0]
    if credit(r, before, 0.3, todo="check TTL/PTTL of session:42 before the clock moves"):
        r.feedback.append(f"saw the TTL counting down before time passed ({before[0].reply})")
    after = [s for s in t.mine() if s.after_clock and b"session:42" in s.argv[1:]]
    gone = [s for s in after if (s.name == "EXISTS" and s.reply == 0) or (s.name in ("TTL", "PTTL") and s.reply == -2)
            or (s.name == "GET" and s.reply is None)]
    credit(r, gone, 0.4,
           "after the deadline the key reads as absent: an access never returns an expired key (lazy expiry)",
           "after the clock moved, show session:42 is gone (EXISTS/TTL/GET)")
    sizes = [s for s in t.calls("DBSIZE") if s.after_clock]
    credit(r, sizes and min(_int(s.reply, 999) for s in sizes) < 100, 0.3,
           "DBSIZE shrank although you never touched cache:*: the active cycle removed them",
           "use DBSIZE after the clock moved to see untouched keys removed (active expiry)")
    return r


# ------------------------------------------------------------ quiz Q1: SET NX / XX
def _nx_check(t: TaskRun) -> Result:
    r = Result("", "task", 0.0)
    sets = t.calls("SET")
    first = next((s for s in sets if s.has("NX") and s.reply == "OK"), None)
    if credit(r, first, 1 / 3, todo="SET a missing key with NX and see OK"):
        r.feedback.append(f"SET NX on a missing key wrote it ({first.line})")
        second = [s for s in sets if s.has("NX") and s.argv[1] == first.argv[1] and s.reply is None
                  and t.steps.index(s) > t.steps.index(first)]
        credit(r, second, 1 / 3,
               "the second SET NX answered nil: the key exists, nothing written (a lock already held)",
               "repeat SET NX on the same key and see nil")
    xx = [s for s in sets if s.has("XX") and s.reply is None]
    credit(r, xx, 1 / 3, "SET XX on a missing key answered nil: XX only updates existing keys",
           "SET XX on a key that does not exist and see nil")
    return r


# ------------------------------------------------------------ quiz Q3: SCAN, not KEYS
def _scan_setup(run):
    for i in range(150):
        run("SET", f"product:{i}", "x")
    for i in range(30):
        run("SET", f"order:{i}", "x")


def _scan_check(t: TaskRun) -> Result:
    r = Result("", "task", 0.0)
    scans = [s for s in t.calls("SCAN") if isinstance(s.reply, list)]
    if not scans:
        r.missing.append("iterate with SCAN 0, then SCAN <cursor> ...")
    else:
        credit(r, scans[0].arg(1) == "0", 0.2, todo="start the walk at cursor 0")
        chained = all(b.arg(1) == a.reply[0].decode() or a.reply[0] == b"0" for a, b in zip(scans, scans[1:]))
        credit(r, chained, 0.3, todo="pass each reply's cursor to the next SCAN")
        credit(r, any(s.reply[0] == b"0" for s in scans), 0.3,
               f"the walk ended at cursor 0 after {len(scans)} call(s), each bounded by COUNT",
               "keep going until SCAN returns cursor 0")
        seen = {k for s in scans for k in s.reply[1]}
        credit(r, all(f"product:{i}".encode() in seen for i in range(150)), 0.2,
               todo="the walk must return every product:* key")
    if t.calls("KEYS"):
        r.score = min(r.score, 0.3)
        r.feedback.append("KEYS was used: it blocks the server for the whole keyspace, O(N) in one call")
    return r


# ------------------------------------------------------------ quiz Q5: HLL vs set
def _hll_setup(run):
    for i in range(0, 100_000, 2000):
        members = [f"visitor:{j}" for j in range(i, i + 2000)]
        run("SADD", "visitors:set", *members)
        run("PFADD", "visitors:hll", *members)


def _hll_check(t: TaskRun) -> Result:
    r = Result("", "task", 0.0)
    mem = has_command("MEMORY USAGE")
    card = [s for s in t.calls("SCARD") if s.arg(1) == "visitors:set"]
    est = [s for s in t.calls("PFCOUNT") if s.arg(1) == "visitors:hll"]
    credit(r, card, 0.25, todo="SCARD visitors:set (the exact count)")
    if credit(r, est, 0.25, todo="PFCOUNT visitors:hll (the estimate)"):
        exact = 100_000
        err = abs(_int(est[0].reply, 0) - exact) / exact * 100
        r.feedback.append(f"PFCOUNT says {est[0].reply}: {err:.2f}% off the exact {exact}")
    size_hll = [s for s in t.mine() if b"visitors:hll" in s.argv[1:] and
                (s.name == "STRLEN" or (s.name == "MEMORY" and s.arg(1).upper() == "USAGE"))]
    if credit(r, size_hll, 0.3, todo="measure the HLL (MEMORY USAGE visitors:hll, or STRLEN visitors:hll)"):
        r.feedback.append(f"the HLL takes {size_hll[0].reply} bytes, fixed however many visitors come")
    if mem:
        r.note = "compared via MEMORY USAGE"
        mset = [s for s in t.mine() if s.name == "MEMORY" and s.arg(2) == "visitors:set" and _int(s.reply)]
        if (credit(r, mset, 0.2, todo="MEMORY USAGE visitors:set for the set's size")
                and size_hll and _int(size_hll[0].reply)):
            ratio = mset[0].reply / size_hll[0].reply
            r.feedback.append(f"the set takes {mset[0].reply} bytes, about {ratio:.0f} times the HLL")
    else:
        r.note = "compared via STRLEN of the HLL vs SCARD (MEMORY USAGE is not in this engine yet)"
        credit(r, card and size_hll, 0.2,
               "the set holds all 100 000 members, each costing tens of bytes: megabytes vs ~12 KB")
    return r


# ------------------------------------------------------------ guide Q6: pub/sub vs streams
def _stream_check(t: TaskRun) -> Result:
    r = Result("", "task", 0.0)
    credit(r, any(s.reply == 0 for s in t.calls("PUBLISH")), 0.25,
           "PUBLISH answered 0: nobody was subscribed, so the message is simply gone",
           "PUBLISH with nobody subscribed and read the reply")
    credit(r, any(isinstance(s.reply, bytes) for s in t.calls("XADD")), 0.25, todo="XADD the event to a stream")
    reads = [s for s in t.calls("XRANGE", "XREVRANGE", "XREAD", "XREADGROUP") if s.reply]
    credit(r, reads, 0.25, "a reader arriving after the write still found the entry: a stream stores it",
           "read the entry back afterwards (XRANGE, XREAD or XREADGROUP)")
    credit(r, any(s.name == "XREADGROUP" for s in reads) and any(_int(s.reply, 0) > 0 for s in t.calls("XACK")),
           0.25, "consumer group read and XACK: the entry left the pending list",
           "consume through a group (XGROUP CREATE, XREADGROUP) and XACK the entry")
    return r



register(
    Task("big_key", "Find and remove the big key",
         "Some key is far bigger than the rest. Find it without blocking the server, "
         "measure it, and delete it without blocking either.", _big_setup, _big_check),
    Task("pipeline", "Twenty writes, one round trip",
         "Set views:1 ... views:20 to 0, sending them as one batch instead of 20 round trips. "
         "(The plain runner sends lines one by one, so use MULTI ... EXEC or a single multi-key command.)",
         lambda run: None, _pipe_check),
    Task("expiry", "Lazy and active expiry",
         "session:42 expires in 1.5 s and 200 cache:* keys in 1 s. Check session:42's TTL; the task then "
         "moves the clock 3 s. Show session:42 is gone, and use DBSIZE to see the untouched cache:* keys went too.",
         _exp_setup, _exp_check,
         hooks=[Hook(("TTL", "PTTL"), advance_ms=3000, note="(the task moved the clock forward 3 seconds)")]),
    Task("set_nx_xx", "SET NX and XX",
         "Take a lock with SET ... NX, try to take it again, then SET ... XX a key that does not exist.",
         lambda run: None, _nx_check),
    Task("scan_walk", "List product:* without KEYS",
         "Find every product:* key. Start with SCAN 0 (MATCH and COUNT welcome); write $cursor to reuse "
         "the last reply's cursor.", _scan_setup, _scan_check),
    Task("hll_memory", "A set of 100 000 vs a HyperLogLog",
         "visitors:set and visitors:hll hold the same 100 000 visitors. Compare their counts and sizes "
         "(MEMORY USAGE if available, else STRLEN of the HLL).", _hll_setup, _hll_check),
    Task("pubsub_vs_stream", "A message nobody heard, and one that waited",
         "Nobody is subscribed yet. PUBLISH an event to channel orders and note the reply. Then XADD it to "
         "stream orders:log and read it back as a late consumer, best through a group (XGROUP CREATE, "
         "XREADGROUP, XACK).", lambda run: None, _stream_check),
)
