"""COMMAND subcommands against redis-server 7.0: LIST FILTERBY errors, INFO/DOCS of
unknown names, and GETKEYS / GETKEYSANDFLAGS over many commands - numkeys larger than
the arguments (no keys at all, as Redis), commands whose specs all name non-keys
(SPUBLISH: "no key arguments"), keyword specs (GEORADIUS STORE/STOREDIST: OW update),
and the per-key flags of most write commands.

Left out: COMMAND INFO key-spec notes (our own words), MIGRATE/DUMP/RESTORE (not
implemented), CONFIG GET reply order with several patterns (Redis: dict order).
"""
from __future__ import annotations

from tests.compat.test_sweep_scripts_compat import play

SCRIPT = r"""
    COMMAND LIST FILTERBY
    COMMAND LIST FILTERBY FOO x
    COMMAND LIST FILTERBY ACLCAT nosuch
    COMMAND LIST FILTERBY PATTERN xy*
    COMMAND LIST FILTERBY MODULE nosuch
    COMMAND LIST FILTERBY ACLCAT
    COMMAND LIST FOO
    COMMAND LIST FILTERBY PATTERN x extra
    COMMAND INFO nosuch
    COMMAND INFO config|get
    COMMAND INFO CONFIG|GET
    COMMAND INFO config|nosuch
    COMMAND DOCS nosuch
    COMMAND DOCS config|nosuch
    COMMAND GETKEYS
    COMMAND GETKEYS nosuch
    COMMAND GETKEYS get
    COMMAND GETKEYS get a b
    COMMAND GETKEYS ping
    COMMAND GETKEYS eval "x" 0
    COMMAND GETKEYS eval "x" 1
    COMMAND GETKEYS eval "x" abc
    COMMAND GETKEYS eval "x" -1
    COMMAND GETKEYS zunionstore d 0 a
    COMMAND GETKEYS zunionstore d abc a
    COMMAND GETKEYS zunionstore d 5 a
    COMMAND GETKEYS zunion 0 a
    COMMAND GETKEYS zunion 3 a
    COMMAND GETKEYS lmpop 3 a LEFT
    COMMAND GETKEYS sintercard 3 a
    COMMAND GETKEYS xread STREAMS a
    COMMAND GETKEYS xread STREAMS a b 0
    COMMAND GETKEYS xread COUNT 1 STREAMS a 0
    COMMAND GETKEYS xreadgroup GROUP g c STREAMS a >
    COMMAND GETKEYS georadius k 0 0 1 km STORE d
    COMMAND GETKEYS georadius k 0 0 1 km STOREDIST d STORE e
    COMMAND GETKEYS sort k STORE d STORE e
    COMMAND GETKEYS object encoding k
    COMMAND GETKEYS memory usage k
    COMMAND GETKEYS config get x
    COMMAND GETKEYS xinfo stream k
    COMMAND GETKEYS xgroup create k g $
    COMMAND GETKEYS bitfield_ro k GET u8 0
    COMMAND GETKEYS lcs a b
    COMMAND GETKEYS blmpop 0 2 a b LEFT
    COMMAND GETKEYS bzmpop 0 0 a MIN
    COMMAND GETKEYS fcall f 2 a b
    COMMAND GETKEYS fcall f 0
    COMMAND GETKEYSANDFLAGS lmove a b LEFT RIGHT
    COMMAND GETKEYSANDFLAGS georadius k 0 0 1 km STORE d
    COMMAND GETKEYSANDFLAGS georadiusbymember k m 1 km STOREDIST d
    COMMAND GETKEYSANDFLAGS xreadgroup GROUP g c STREAMS a b > >
    COMMAND GETKEYSANDFLAGS xread STREAMS a b 0 0
    COMMAND GETKEYSANDFLAGS geosearchstore d s FROMLONLAT 0 0 BYRADIUS 1 km
    COMMAND GETKEYSANDFLAGS rename a b
    COMMAND GETKEYSANDFLAGS renamenx a b
    COMMAND GETKEYSANDFLAGS smove a b m
    COMMAND GETKEYSANDFLAGS pfmerge d a b
    COMMAND GETKEYSANDFLAGS pfcount a b
    COMMAND GETKEYSANDFLAGS bitop AND d a b
    COMMAND GETKEYSANDFLAGS blmove a b LEFT RIGHT 0
    COMMAND GETKEYSANDFLAGS rpoplpush a b
    COMMAND GETKEYSANDFLAGS brpoplpush a b 0
    COMMAND GETKEYSANDFLAGS lmpop 2 a b LEFT
    COMMAND GETKEYSANDFLAGS sdiffstore d a b
    COMMAND GETKEYSANDFLAGS getex k PERSIST
    COMMAND GETKEYSANDFLAGS getdel k
    COMMAND GETKEYSANDFLAGS hsetnx h f v
    COMMAND GETKEYSANDFLAGS hincrbyfloat h f 1
    COMMAND GETKEYSANDFLAGS spop s
    COMMAND GETKEYSANDFLAGS srandmember s
    COMMAND GETKEYSANDFLAGS linsert l BEFORE a b
    COMMAND GETKEYSANDFLAGS lset l 0 v
    COMMAND GETKEYSANDFLAGS ltrim l 0 1
    COMMAND GETKEYSANDFLAGS lrem l 0 v
    COMMAND GETKEYSANDFLAGS lpushx l v
    COMMAND GETKEYSANDFLAGS append k v
    COMMAND GETKEYSANDFLAGS setrange k 0 v
    COMMAND GETKEYSANDFLAGS incrbyfloat k 1
    COMMAND GETKEYSANDFLAGS expire k 1
    COMMAND GETKEYSANDFLAGS persist k
    COMMAND GETKEYSANDFLAGS ttl k
    COMMAND GETKEYSANDFLAGS touch a b
    COMMAND GETKEYSANDFLAGS unlink a b
    COMMAND GETKEYSANDFLAGS type k
    COMMAND GETKEYSANDFLAGS xtrim k MAXLEN 1
    COMMAND GETKEYSANDFLAGS xdel k 1
    COMMAND GETKEYSANDFLAGS xack k g 1
    COMMAND GETKEYSANDFLAGS xclaim k g c 0 1
    COMMAND GETKEYSANDFLAGS xsetid k 1
    COMMAND GETKEYSANDFLAGS geoadd k 0 0 m
    COMMAND GETKEYSANDFLAGS hstrlen h f
    COMMAND GETKEYSANDFLAGS strlen k
    COMMAND GETKEYSANDFLAGS setbit k 0 1
    COMMAND GETKEYSANDFLAGS psetex k 1 v
    COMMAND GETKEYSANDFLAGS getset k v
    COMMAND GETKEYSANDFLAGS msetnx a 1 b 2
    COMMAND GETKEYSANDFLAGS mset a 1 b 2
    COMMAND GETKEYSANDFLAGS watch a b
    COMMAND GETKEYSANDFLAGS object freq k
    COMMAND GETKEYSANDFLAGS move k 1
    COMMAND GETKEYSANDFLAGS sort_ro k BY x GET y
    COMMAND GETKEYSANDFLAGS hrandfield h
    COMMAND GETKEYSANDFLAGS zrandmember z
    COMMAND GETKEYSANDFLAGS pfadd h a
    COMMAND GETKEYSANDFLAGS pfdebug getreg h
    COMMAND GETKEYSANDFLAGS spublish c m
    COMMAND GETKEYSANDFLAGS ssubscribe a b
    COMMAND GETKEYSANDFLAGS sunsubscribe a
    COMMAND GETKEYSANDFLAGS lpos l a
    COMMAND GETKEYSANDFLAGS smismember s a
    COMMAND GETKEYSANDFLAGS zadd z 1 a
    COMMAND GETKEYSANDFLAGS zrangestore d s 0 1
    COMMAND GETKEYSANDFLAGS hdel h f
    COMMAND GETKEYSANDFLAGS decr k
    COMMAND GETKEYSANDFLAGS xgroup createconsumer k g c
    COMMAND GETKEYSANDFLAGS xgroup setid k g $
    COMMAND GETKEYSANDFLAGS xautoclaim k g c 0 0
    COMMAND GETKEYSANDFLAGS xinfo groups k
    COMMAND GETKEYSANDFLAGS xpending k g
    COMMAND GETKEYSANDFLAGS copy a b
    COMMAND GETKEYSANDFLAGS bitpos k 1
    INFO nosuch
    CONFIG GET maxmemory maxmemory
    CONFIG GET MAXMEMORY
    COMMAND GETKEYS zunionstore d 2 a
    COMMAND GETKEYS zunionstore d 2 a b
    COMMAND GETKEYS zunionstore d -1 a
    COMMAND GETKEYS zinterstore d 1 a WEIGHTS 1
    COMMAND GETKEYS zdiffstore d 3 a b c
    COMMAND GETKEYS zunion 2 a b WITHSCORES
    COMMAND GETKEYS zunion -1 a
    COMMAND GETKEYS zunion abc a
    COMMAND GETKEYS zinter 2 a b
    COMMAND GETKEYS zintercard 5 a b
    COMMAND GETKEYS zdiff 2 a
    COMMAND GETKEYS lmpop 2 a LEFT
    COMMAND GETKEYS lmpop 1 a LEFT
    COMMAND GETKEYS blmpop 0 3 a LEFT
    COMMAND GETKEYS blmpop 0 2 a LEFT
    COMMAND GETKEYS zmpop 3 a MIN
    COMMAND GETKEYS bzmpop 0 3 a MIN
    COMMAND GETKEYS sintercard 2 a b LIMIT 1
    COMMAND GETKEYS sintercard 4 a b LIMIT 1
    COMMAND GETKEYS eval x 2 a
    COMMAND GETKEYS eval x 3 a b
    COMMAND GETKEYS eval x 0
    COMMAND GETKEYS eval x -1
    COMMAND GETKEYS eval_ro x 2 a
    COMMAND GETKEYS evalsha x 2 a
    COMMAND GETKEYS fcall f 3 a b
    COMMAND GETKEYS fcall_ro f 2 a b
    COMMAND GETKEYS spublish c m
    COMMAND GETKEYS ssubscribe a
    COMMAND GETKEYS publish c m
    COMMAND GETKEYS subscribe c
    COMMAND GETKEYSANDFLAGS georadius k 0 0 1 km STOREDIST d
    COMMAND GETKEYSANDFLAGS georadius k 0 0 1 km STORE d STOREDIST e
    COMMAND GETKEYSANDFLAGS georadius k 0 0 1 km store d storedist e
    COMMAND GETKEYSANDFLAGS georadius k 0 0 1 km STORE
    COMMAND GETKEYSANDFLAGS georadius k 0 0 1 STORE d STORE
    COMMAND GETKEYSANDFLAGS georadius STORE 0 0 1 km STORE d
    COMMAND GETKEYSANDFLAGS georadiusbymember k m 1 km STORE d
    COMMAND GETKEYSANDFLAGS georadiusbymember k STORE 1 km STORE d
    COMMAND GETKEYSANDFLAGS georadius_ro k 0 0 1 km
    COMMAND GETKEYSANDFLAGS sort k STORE d
    COMMAND GETKEYSANDFLAGS xreadgroup GROUP g c STREAMS a >
    COMMAND GETKEYSANDFLAGS zunionstore d 2 a b
    COMMAND GETKEYSANDFLAGS zunionstore d 3 a b
"""


def test_command_subcommands_and_getkeys(oracle):
    play(oracle, SCRIPT)
