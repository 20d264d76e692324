"""A fidelity sweep: many small command scripts, each run line by line on the engine
and on redis-server 7.0, every reply (values and error texts) compared.

A script is one line per command, split like a shell line (``shlex``); doubles are
compared by value (7.0 prints %.17g, the engine 7.4's shortest form). Lines whose
answer is random or in hash order (SCAN/KEYS over a whole db, negative SRANDMEMBER
counts) are left out here; where 7.0 and 7.4 differ the 7.4 answer is tested in
test_sweep_newer_compat.py. Each script starts from an empty server.
"""
from __future__ import annotations

import shlex

import pytest

SCRIPTS = {
    "wrongtype_string_key": r"""
    SET s v
    LPUSH s x
    HSET s f v
    SADD s m
    ZADD s 1 m
    XADD s * a 1
    INCR s
    LPOS s x
    SINTERCARD 1 s
    ZINTERCARD 1 s
    PFADD s a
    GEOADD s 1 1 m
    BITCOUNT s
    GETEX s
    LLEN s
    HLEN s
    OBJECT ENCODING s
""",
    "wrongtype_list_key": r"""
    LPUSH l a
    GET l
    INCR l
    APPEND l x
    STRLEN l
    SETRANGE l 0 x
    GETRANGE l 0 1
    BITCOUNT l
    SETBIT l 0 1
    GETBIT l 0
    BITPOS l 1
    BITFIELD l GET u8 0
    HGET l f
    SCARD l
    ZCARD l
    XLEN l
    PFCOUNT l
    GETDEL l
    GETEX l EX 10
    INCRBYFLOAT l 1
    DECRBY l 1
    MSETNX l 1
    SORT l
""",
    "getex_and_get_arity": r"""
    GET
    SET k
    GETEX
    GETEX k EX
    GETEX k EX 10 PX 10
    GETEX k PERSIST EX 10
    GETEX k FOO
    SET k v
    GETEX k EX 10 PX 10
    GETEX k PERSIST EX 10
    GETEX k EX 10 PERSIST
    GETEX k PERSIST PERSIST
    GETEX k EX 0
    GETEX k EX -1
    GETEX k PX 0
    GETEX k EXAT 0
    GETEX k EX abc
    GETEX k EX 9223372036854775807
    GETEX k PX 9223372036854775807
    GETEX k EXAT 9223372036854775807
    GETEX k EX 10 EX 20
    GETEX k KEEPTTL
    GETEX k EX
    GETEX k PERSIST
    TTL k
""",
    "incrbyfloat_edges": r"""
    SET k 1
    INCRBYFLOAT k 1e308
    INCRBYFLOAT k 1e308
    INCRBYFLOAT k inf
    INCRBYFLOAT k -inf
    INCRBYFLOAT k nan
    INCRBYFLOAT k abc
    INCRBYFLOAT k ""
    INCRBYFLOAT k " 1"
    INCRBYFLOAT k "1 "
    INCRBYFLOAT k 0x10
    INCRBYFLOAT k 1e-400
    SET k 1e308
    INCRBYFLOAT k 1e308
    SET k abc
    INCRBYFLOAT k 1
    SET k " 1"
    INCRBYFLOAT k 1
    SET k inf
    INCRBYFLOAT k 1
    SET k 5.0e3
    INCRBYFLOAT k 1
    GET k
    SET k 10.50
    INCRBYFLOAT k 0.1
    INCRBYFLOAT k 3.0e3
    INCRBYFLOAT k -5.0e3
""",
    "hincrby_hincrbyfloat_edges": r"""
    HSET h f 1
    HINCRBYFLOAT h f 1e308
    HINCRBYFLOAT h f 1e308
    HINCRBYFLOAT h f inf
    HINCRBYFLOAT h f nan
    HINCRBYFLOAT h f abc
    HINCRBYFLOAT h g 1.5
    HSET h s abc
    HINCRBYFLOAT h s 1
    HINCRBY h s 1
    HINCRBY h f 1
    HINCRBY h g 1
    HINCRBY h g 9223372036854775807
    HINCRBY h g abc
    HINCRBY h n 9223372036854775807
    HINCRBY h n 1
    HINCRBYFLOAT h
    HINCRBY h f
""",
    "expire_negative_deletes": r"""
    SET k v
    EXPIRE k -1
    EXISTS k
""",
    "expire_overflow_and_nx_xx_gt_lt": r"""
    SET k v
    EXPIRE k 9223372036854775807
    EXPIRE k 9223372036854775
    EXPIRE k 9223372036854776
    PEXPIRE k 9223372036854775807
    PEXPIRE k 9223372036854775806
    EXPIREAT k 9223372036854775807
    PEXPIREAT k 9223372036854775807
    EXPIRE k -9223372036854775808
    PEXPIRE k -9223372036854775808
    EXPIRE k abc
    EXPIRE k 1.5
    EXPIRE k 100 NX XX
    EXPIRE k 100 GT LT
    EXPIRE k 100 NX GT
    EXPIRE k 100 NX LT
    EXPIRE k 100 XX GT
    EXPIRE k 100 FOO
    EXPIRE k 100 NX NX
    EXPIRE k 100 GT
    EXPIRE k 100 LT
    EXPIRE k 100 XX
    TTL k
    EXPIRE k 100 NX
    EXPIRE k 200 GT
    EXPIRE k 50 GT
    EXPIRE k 50 LT
    EXPIRE k 100 LT
    TTL k
    EXPIRE k 100 XX LT
    PERSIST k
    EXPIRE k 100 LT
    EXPIRE k 100 GT
    TTL k
    EXPIRE nokey 100
    EXPIRE nokey 100 FOO
    EXPIRE nokey abc
    EXPIRE
    EXPIRE k
    EXPIRETIME nokey
    EXPIRE k 100
    EXPIRE k 0
    EXISTS k
""",
    "expire_past_and_case": r"""
    SET k v
    PEXPIRE k -1
    SET k v EX 100
    EXPIREAT k 1
    EXISTS k
    SET k v
    EXPIREAT k -1
    EXISTS k
    SET k v
    PEXPIREAT k 0 NX
    SET k v
    EXPIRE k 9223372036854775 GT
    EXPIRE k 10 nx
    EXPIRE k 20 gt
    EXPIRE k 5 gt
""",
    "object_freq_idletime_under_policies": r"""
    SET k v
    OBJECT FREQ nokey
    OBJECT IDLETIME nokey
    OBJECT REFCOUNT k
    OBJECT REFCOUNT nokey
    OBJECT ENCODING nokey
    OBJECT FOO k
    OBJECT
    OBJECT FREQ
    CONFIG SET maxmemory-policy allkeys-lfu
    OBJECT FREQ nokey
    OBJECT IDLETIME nokey
    CONFIG SET maxmemory-policy volatile-lfu
    CONFIG SET maxmemory-policy allkeys-lru
    CONFIG SET maxmemory-policy volatile-random
    CONFIG SET maxmemory-policy noeviction
""",
    "config_get_set_errors": r"""
    CONFIG GET
    CONFIG SET
    CONFIG SET maxmemory
    CONFIG SET maxmemory abc
    CONFIG SET maxmemory -1
    CONFIG SET maxmemory 1gb
    CONFIG GET maxmemory
    CONFIG SET maxmemory 0
    CONFIG SET nosuch 1
    CONFIG SET maxmemory-policy nosuch
    CONFIG SET maxmemory 1 maxmemory 2
    CONFIG SET maxmemory 1 nosuch 2
    CONFIG SET hash-max-listpack-entries abc
    CONFIG SET list-max-listpack-size -5
    CONFIG SET list-max-listpack-size abc
    CONFIG SET list-max-listpack-size 0
    CONFIG GET list-max-listpack-size
    CONFIG SET list-max-listpack-size -2
    CONFIG SET appendonly maybe
    CONFIG SET lfu-log-factor -1
    CONFIG SET notify-keyspace-events Z
    CONFIG SET notify-keyspace-events x
    CONFIG GET notify-keyspace-events
    CONFIG SET notify-keyspace-events ""
    CONFIG GET nosuchparam
    CONFIG GET hash-max-ziplist-entries
    CONFIG SET hash-max-ziplist-entries 100
    CONFIG GET hash-max-listpack-entries
    CONFIG SET hash-max-listpack-entries 128
    CONFIG FOO
    CONFIG RESETSTAT extra
    CONFIG SET set-max-intset-entries 0
    CONFIG SET maxmemory-policy ALLKEYS-LRU
    CONFIG GET maxmemory-policy
    CONFIG SET maxmemory-policy noeviction
    CONFIG SET timeout -1
    CONFIG SET timeout 10
    CONFIG SET timeout 0
    CONFIG SET slowlog-log-slower-than abc
    CONFIG SET hz 0
    CONFIG GET hz
    CONFIG SET hz 1000
    CONFIG GET hz
    CONFIG SET hz 10
""",
    "scan_family_option_errors": r"""
    SET k v
    HSET h f v
    SADD s a
    ZADD z 1 a
    SCAN abc
    SCAN 18446744073709551616
    SCAN 0 COUNT abc
    SCAN 0 TYPE nosuch
    SCAN 0 FOO
    SCAN 0 COUNT 10 FOO 1
    HSCAN h
    HSCAN h abc
    HSCAN h 0 COUNT 0
    HSCAN h 0 COUNT abc
    HSCAN h 0 MATCH
    HSCAN h 0 TYPE string
    HSCAN h 0 FOO
    HSCAN k 0
    HSCAN nokey 0
    HSCAN nokey abc
    HSCAN nokey 0 COUNT 0
    HSCAN nokey 0 FOO
    SSCAN s 0 COUNT 0
    SSCAN s 0 COUNT -5
    SSCAN s 0 TYPE set
    SSCAN s 0 MATCH a
    SSCAN k 0
    SSCAN nokey 0 FOO
    ZSCAN z 0 COUNT 0
    ZSCAN z 0 NOVALUES
    ZSCAN z 0 NOSCORES
    ZSCAN z 0 MATCH
    ZSCAN h 0
    ZSCAN nokey 0 COUNT abc
    SSCAN s 1.5
    SSCAN s " 0"
    SSCAN s 00
""",
    "list_lpos_linsert_lset_lmpop_errors": r"""
    RPUSH l a b c a b c
    LPOS l a
    LPOS l a RANK 0
    LPOS l a RANK -1
    LPOS l a RANK 2
    LPOS l a RANK 9223372036854775807
    LPOS l a RANK abc
    LPOS l a COUNT -1
    LPOS l a COUNT 0
    LPOS l a COUNT abc
    LPOS l a MAXLEN -1
    LPOS l a MAXLEN 0
    LPOS l a MAXLEN 2
    LPOS l a MAXLEN abc
    LPOS l a FOO
    LPOS l a RANK
    LPOS l a COUNT 0 RANK -1 MAXLEN 1
    LPOS nokey a COUNT 0
    LPOS nokey a
    LPOS nokey a RANK 0
    LPOS nokey a FOO
    LINSERT l BEFORE a x
    LINSERT l AFTER c y
    LINSERT l MIDDLE a x
    LINSERT l before zz x
    LINSERT nokey BEFORE a x
    LINSERT nokey FOO a x
    LSET l 100 x
    LSET l -100 x
    LSET l abc x
    LSET nokey 0 x
    LSET nokey abc x
    LINDEX l abc
    LINDEX l 9223372036854775808
    LRANGE l abc 1
    LRANGE l 0 abc
    LTRIM l abc 1
    LREM l abc a
    LREM l 0 a
    LRANGE l 0 -1
    LPOP l -1
    LPOP l 0
    LPOP l abc
    LPOP nokey 0
    LPOP nokey -1
    RPOP l 9223372036854775807
    LPUSHX nokey a
    LMPOP 0 l LEFT
    LMPOP 1 l MIDDLE
    LMPOP 1 l LEFT COUNT 0
    LMPOP 1 l LEFT COUNT -1
    LMPOP 2 l LEFT
    LMPOP abc l LEFT
    LMPOP 1 l LEFT COUNT 1 COUNT 2
    LMPOP 1 l LEFT FOO
    LMOVE l l2 LEFT FOO
    BLMOVE l l2 LEFT RIGHT -1
    BLMOVE l l2 LEFT RIGHT abc
    BLPOP l -1
    BLPOP l abc
    BLMPOP 0 0 l LEFT
    BLMPOP -1 1 l LEFT
    LPUSH
    RPUSHX l
    SET str v
    LPOS str a
    LINSERT str BEFORE a b
    LSET str 0 x
    LMPOP 1 str LEFT
    LMPOP 2 nokey str LEFT
""",
    "intercard_limit_and_zset_algebra_errors": r"""
    SADD a 1 2 3
    SADD b 2 3 4
    ZADD za 1 a 2 b 3 c
    ZADD zb 1 b 2 c
    SINTERCARD 2 a b
    SINTERCARD 2 a b LIMIT 0
    SINTERCARD 2 a b LIMIT 1
    SINTERCARD 2 a b LIMIT -1
    SINTERCARD 2 a b LIMIT abc
    SINTERCARD 2 a b LIMIT
    SINTERCARD 2 a b LIMIT 1 LIMIT 2
    SINTERCARD 2 a b FOO 1
    SINTERCARD 0 a
    SINTERCARD -1 a
    SINTERCARD abc a
    SINTERCARD 3 a b
    SINTERCARD 1 a b
    SINTERCARD 2 a nokey
    SINTERCARD 9223372036854775807 a
    SINTERCARD 2147483648 a
    ZINTERCARD 2 za zb
    ZINTERCARD 2 za zb LIMIT 0
    ZINTERCARD 2 za zb LIMIT -1
    ZINTERCARD 2 za zb LIMIT abc
    ZINTERCARD 2 za zb LIMIT
    ZINTERCARD 2 za zb WEIGHTS 1 2
    ZINTERCARD 0 za
    ZINTERCARD 3 za zb
    ZINTERCARD 1 za zb
    ZINTERCARD abc za
    ZINTERCARD 2 za a
    ZINTER 2 za a
    ZINTER 2 za zb WEIGHTS 1
    ZINTER 2 za zb WEIGHTS 1 abc
    ZINTER 2 za zb WEIGHTS 1 2 3
    ZINTER 2 za zb AGGREGATE foo
    ZINTER 2 za zb AGGREGATE
    ZINTER 2 za zb WITHSCORES WITHSCORES
    ZINTER 2 za zb LIMIT 1
    ZINTER 0 za
    ZUNION 2 za zb WEIGHTS 1 nan
    ZUNIONSTORE d 2 za zb WITHSCORES
    ZDIFF 2 za zb WEIGHTS 1 1
    ZDIFF 2 za zb AGGREGATE SUM
    ZDIFFSTORE d 2 za zb WITHSCORES
    ZDIFFSTORE d 0 za
    ZUNIONSTORE d 0 za
    ZUNIONSTORE d -1 za
    ZUNIONSTORE d abc za
    ZUNION 1 za WITHSCORES AGGREGATE min
    ZUNIONSTORE d 1 a
    ZUNIONSTORE d 2 za a
    SMEMBERS a
    ZUNIONSTORE d 1 za WEIGHTS inf
    ZRANGE d 0 -1 WITHSCORES
    ZUNIONSTORE d 2 za za WEIGHTS inf -inf
    ZRANGE d 0 -1 WITHSCORES
    ZINTERSTORE d 2 za zb WEIGHTS 0 0 AGGREGATE max
    ZRANGE d 0 -1 WITHSCORES
""",
    "zrange_option_combinations": r"""
    ZADD z 0 a 0 b 0 c 0 d 1 e
    ZRANGE z 0 -1 LIMIT 0 1
    ZRANGE z [a [c BYLEX WITHSCORES
    ZRANGE z - + BYLEX REV
    ZRANGE z + - BYLEX REV
    ZRANGE z + - BYLEX REV LIMIT 1 2
    ZRANGE z - + BYLEX LIMIT 0 -1
    ZRANGE z - + BYLEX LIMIT -1 2
    ZRANGE z - + BYLEX LIMIT 0
    ZRANGE z - + BYLEX LIMIT abc 1
    ZRANGE z a c BYLEX
    ZRANGE z (a c BYLEX
    ZRANGE z 0 1 BYSCORE BYLEX
    ZRANGE z 0 1 BYLEX BYSCORE
    ZRANGE z 0 1 BYSCORE BYSCORE
    ZRANGE z 0 1 REV REV
    ZRANGE z 0 1 WITHSCORES WITHSCORES
    ZRANGE z 0 1 BYSCORE LIMIT 0 1 LIMIT 1 1
    ZRANGE z (0 1 BYSCORE
    ZRANGE z 1 0 BYSCORE REV WITHSCORES
    ZRANGE z inf -inf BYSCORE REV
    ZRANGE z -inf +inf BYSCORE
    ZRANGE z abc 1 BYSCORE
    ZRANGE z 0 abc
    ZRANGE z 0 1 FOO
    ZRANGE z (1 (1 BYSCORE
    ZRANGE z [a (a BYLEX
    ZRANGE z 0 -1 REV LIMIT 0 1
    ZRANGE z 0 -1 REV WITHSCORES
    ZRANGE z -100 100
    ZRANGE z 9223372036854775807 -9223372036854775808
    ZRANGE nokey 0 1 FOO
    ZRANGE nokey a b BYSCORE
    ZRANGE nokey a b BYLEX
    ZRANGE nokey 0 1 LIMIT 0 1
    ZRANGESTORE d z 0 -1 WITHSCORES
    ZRANGESTORE d z 0 -1 LIMIT 0 1
    ZRANGESTORE d z [a [c BYLEX LIMIT 1 1
    ZRANGE d 0 -1
    ZRANGESTORE d nokey 0 -1
    EXISTS d
    ZRANGEBYSCORE z 0 1 LIMIT 0
    ZRANGEBYSCORE z 0 1 WITHSCORES LIMIT 0 1 FOO
    ZRANGEBYLEX z - + WITHSCORES
    ZRANGEBYLEX z - + LIMIT 0 1 LIMIT 0 2
    ZREVRANGEBYLEX z + - LIMIT 0 1
    ZREVRANGEBYSCORE z 1 0 WITHSCORES LIMIT 1 1
    ZREVRANGE z 0 -1 WITHSCORES FOO
    ZREVRANGE z 0 -1 LIMIT 0 1
    ZRANGEBYSCORE z 0 nan
    ZRANGEBYSCORE z nan 1
    ZCOUNT z nan 1
    ZCOUNT z (nan 1
    ZLEXCOUNT z a b
    ZLEXCOUNT z [a b
    ZREMRANGEBYLEX z a b
    ZREMRANGEBYSCORE z a b
    ZREMRANGEBYRANK z a b
    ZADD z nan x
    ZADD z inf x
    ZINCRBY z -inf x
    ZINCRBY z nan x
    ZADD z INCR 1 a 2 b
    ZADD z NX XX 1 a
    ZADD z GT LT 1 a
    ZADD z NX GT 1 a
    ZADD z XX GT 1 a
    ZADD z CH
    ZADD z 1
    ZADD z 1 a 2
    ZADD z INCR
    ZADD z GT 1
    ZMSCORE z
    ZMSCORE nokey a
    ZRANDMEMBER z 0 WITHSCORES
    ZRANDMEMBER z abc
    ZRANDMEMBER z 1 FOO
    ZRANDMEMBER z -9223372036854775808
    ZRANDMEMBER z -4611686018427387904 WITHSCORES
    ZRANDMEMBER z 9223372036854775807 WITHSCORES
    ZPOPMIN z -1
    ZPOPMIN z 0
    ZPOPMIN z abc
    ZPOPMIN nokey -1
    ZMPOP 1 z MIN COUNT 0
    ZMPOP 1 z FOO
    ZMPOP 0 z MIN
    ZMPOP 1 z MIN COUNT -1
    ZMPOP 1 z MIN COUNT 1 FOO
    BZPOPMIN z -1
    BZMPOP 0 1 z MAX COUNT 0
""",
    "bitcount_bitpos_bitfield_bitop": r"""
    SET b "\x00\xff\x0f"
    SETBIT b 100 1
    BITCOUNT b 0 -1 BIT
    BITCOUNT b 0 -1 BYTE
    BITCOUNT b 0 -1 bit
    BITCOUNT b 0 -1 FOO
    BITCOUNT b 0
    BITCOUNT b 0 -1 BIT extra
    BITCOUNT b abc 1
    BITCOUNT b 0 abc
    BITCOUNT b 5 3 BIT
    BITCOUNT b -5 -1 BIT
    BITCOUNT b 0 9223372036854775807 BIT
    BITCOUNT b -9223372036854775808 -1 BIT
    BITCOUNT b -9223372036854775808 -1
    BITCOUNT b 0 -9223372036854775808
    BITCOUNT nokey 0
    BITCOUNT nokey 0 1 FOO
    BITPOS b 1
    BITPOS b 0
    BITPOS b 1 0 -1 BIT
    BITPOS b 1 3 5 BIT
    BITPOS b 0 8 BIT
    BITPOS b 1 0 -1 FOO
    BITPOS b 2
    BITPOS b abc
    BITPOS b 1 abc
    BITPOS b 1 0 abc
    BITPOS b 0 0 -1 BIT
    BITPOS b 1 -9223372036854775808 -1 BIT
    BITPOS b 1 0 9223372036854775807 BIT
    BITPOS b 0 100 200
    BITPOS b 1 0 -1 BYTE extra
    BITPOS nokey 0
    BITPOS nokey 1
    BITPOS nokey 2
    SET z "\xff\xff"
    BITPOS z 0
    BITPOS z 0 0 -1
    BITPOS z 0 0
    BITPOS z 0 0 -1 BIT
    BITPOS z 0 1 15 BIT
    SETBIT b -1 1
    SETBIT b 4294967296 1
    SETBIT b 4294967295 2
    SETBIT b abc 1
    GETBIT b -1
    GETBIT b 4294967296
    GETBIT b abc
    BITFIELD b GET u8 0 GET i8 0 GET u63 0 GET i64 0
    BITFIELD b GET u64 0
    BITFIELD b GET i65 0
    BITFIELD b GET u0 0
    BITFIELD b GET x8 0
    BITFIELD b GET u8 -1
    BITFIELD b GET u8 #1
    BITFIELD b GET u8 #-1
    BITFIELD b GET u8 abc
    BITFIELD b SET u8 0 256
    BITFIELD b SET u8 0 abc
    BITFIELD b SET i8 0 -129
    BITFIELD b SET u63 0 9223372036854775807
    BITFIELD b INCRBY u2 0 5 OVERFLOW SAT INCRBY u2 0 5 OVERFLOW FAIL INCRBY u2 0 5
    BITFIELD b OVERFLOW FOO
    BITFIELD b OVERFLOW
    BITFIELD b FOO
    BITFIELD b GET
    BITFIELD b GET u8
    BITFIELD b INCRBY u8 0
    BITFIELD b INCRBY u8 0 abc
    BITFIELD b SET u8 4294967296 1
    BITFIELD b SET u8 #536870912 1
    BITFIELD_RO b GET u8 0
    BITFIELD_RO b SET u8 0 1
    BITFIELD_RO b INCRBY u8 0 1
    BITFIELD_RO b OVERFLOW SAT
    BITFIELD_RO b GET u8
    BITFIELD nokey
    BITFIELD nokey GET u8 0
    BITFIELD b INCRBY i64 0 9223372036854775807 INCRBY i64 0 1
    BITFIELD b OVERFLOW SAT INCRBY i64 0 9223372036854775807 INCRBY i64 0 9223372036854775807
    BITFIELD b overflow wrap incrby u63 0 9223372036854775807
    HSET h f v
    BITFIELD h GET u8 0
    BITFIELD_RO h GET u8 0
    BITCOUNT h
    BITPOS h 1
    SETBIT h 0 1
    GETBIT h 0
    BITOP AND d b h
    BITOP FOO d b
    BITOP NOT d b z
    BITOP NOT d b
    BITOP AND d
    BITOP AND d nokey
    EXISTS d
    GET d
    BITOP OR d b z
    GET d
    BITOP XOR d b
    BITOP and d b nokey
    STRLEN d
""",
    "stream_argument_errors": r"""
    XADD x 1-1 a 1
    XADD x 1-1 a 1
    XADD x 0-0 a 1
    XADD y 0-0 a 1
    XADD x 1-* a 1
    XADD x 0-* a 1
    XADD x 2-18446744073709551615 a 1
    XADD x 18446744073709551615-18446744073709551615 a 1
    XADD x * a 1
    XADD x 18446744073709551616-0 a 1
    XADD x abc a 1
    XADD x 1- a 1
    XADD x -1 a 1
    XADD x * a
    XADD x *
    XADD x NOMKSTREAM
    XADD nos NOMKSTREAM * a 1
    EXISTS nos
    XADD x MAXLEN
    XADD x MAXLEN abc * a 1
    XADD x MAXLEN -1 * a 1
    XADD x MAXLEN 10 LIMIT 5 * a 1
    XADD x MAXLEN ~ 10 LIMIT 5 * a 1
    XADD x MAXLEN ~ 10 LIMIT -1 * a 1
    XADD x MAXLEN ~ 10 LIMIT abc * a 1
    XADD x MAXLEN 1 MINID 1 * a 1
    XADD x MINID abc * a 1
    XADD x MINID 1-x * a 1
    XADD x MAXLEN = 5 * a 1
    XADD x MAXLEN ~ 5 * a 1
    XADD x LIMIT 5 * a 1
    XADD x FOO * a 1
    XADD x NOMKSTREAM NOMKSTREAM * a 1
    XLEN x
    XTRIM x
    XTRIM x MAXLEN
    XTRIM x MAXLEN abc
    XTRIM x MAXLEN -1
    XTRIM x FOO 1
    XTRIM x MAXLEN 1 LIMIT 1
    XTRIM x MAXLEN ~ 1 LIMIT 0
    XTRIM x MINID ~ 0 LIMIT 1000000000
    XTRIM x MAXLEN 1 MINID 0
    XTRIM x MAXLEN 100 FOO
    XTRIM x MINID 9999999999999999999999
    XTRIM nokey MAXLEN 0
    XTRIM nokey FOO 0
    XTRIM x MAXLEN 9223372036854775808
    XRANGE x - +
    XRANGE x abc +
    XRANGE x - + COUNT
    XRANGE x - + COUNT abc
    XRANGE x - + COUNT -1
    XRANGE x - + COUNT 0
    XRANGE x - + FOO 1
    XRANGE x (- +
    XRANGE x ( +
    XRANGE x (18446744073709551615-18446744073709551615 +
    XRANGE x - (0-0
    XREVRANGE x + - COUNT 1
    XREVRANGE x (0 -
    XDEL x
    XDEL x abc
    XDEL x 1-1 abc
    XDEL nokey 1-1
    XDEL x 99-99
    XSETID x 0-0
    XSETID x abc
    XSETID x 99999999999999-0 ENTRIESADDED -1
    XSETID x 99999999999999-0 ENTRIESADDED 1
    XSETID x 99999999999999-0 MAXDELETEDID 99999999999999999-0
    XSETID x 99999999999999-0 FOO 1
    XSETID nokey 1-1
    SET s v
    XADD s * a 1
    XLEN s
    XRANGE s - +
    XTRIM s MAXLEN 1
    XINFO STREAM s
    XINFO STREAM nokey
    XINFO STREAM x FULL COUNT abc
    XINFO STREAM x FOO
    XINFO STREAM x FULL COUNT -1
    XINFO FOO
    XGROUP CREATE x g $
    XGROUP CREATE x g $
    XGROUP CREATE nokey g $
    XGROUP CREATE nokey g $ MKSTREAM
    XGROUP CREATE x g2 abc
    XGROUP CREATE x g3 $ ENTRIESREAD abc
    XGROUP CREATE x g3 $ ENTRIESREAD -2
    XGROUP CREATE x g3 $ FOO
    XGROUP SETID x nog $
    XGROUP SETID x g abc
    XGROUP DESTROY x nog
    XGROUP CREATECONSUMER x nog c
    XGROUP DELCONSUMER x nog c
    XGROUP FOO
    XREADGROUP GROUP g c STREAMS x
    XREADGROUP GROUP g c STREAMS x >
    XREADGROUP GROUP nog c STREAMS x >
    XREADGROUP GROUP g c COUNT -1 STREAMS x >
    XREADGROUP GROUP g c BLOCK -1 STREAMS x >
    XREADGROUP GROUP g c NOACK FOO STREAMS x >
    XREAD STREAMS x
    XREAD STREAMS x abc
    XREAD COUNT abc STREAMS x 0
    XREAD BLOCK abc STREAMS x 0
    XREAD BLOCK -1 STREAMS x 0
    XREAD FOO STREAMS x 0
    XREAD STREAMS x >
    XACK x g abc
    XACK x g 1-1
    XACK nokey g 1-1
    XPENDING x g - + abc
    XPENDING x g - + 10 c extra
    XPENDING x g IDLE abc - + 10
    XPENDING x g IDLE 10 - +
    XPENDING x nog
    XPENDING nokey g
    XCLAIM x g c abc 1-1
    XCLAIM x g c 0 abc
    XCLAIM x g c 0 1-1 IDLE abc
    XCLAIM x g c 0 1-1 RETRYCOUNT -1
    XCLAIM x g c 0 1-1 FOO
    XCLAIM x g c -1 1-1
    XAUTOCLAIM x g c 0 0 COUNT 0
    XAUTOCLAIM x g c 0 0 COUNT abc
    XAUTOCLAIM x g c 0 abc
    XAUTOCLAIM x g c abc 0
    XAUTOCLAIM x g c 0 0 FOO
    XAUTOCLAIM x g c 0 0 COUNT 99999999999
    XAUTOCLAIM x nog c 0 0
""",
    "geo_errors": r"""
    GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
    GEOADD g 200 10 x
    GEOADD g 10 90 x
    GEOADD g 10 85.05112879 x
    GEOADD g abc 10 x
    GEOADD g 10 abc x
    GEOADD g NX XX 10 10 x
    GEOADD g CH NX 10 10 x
    GEOADD g FOO 10 10 x
    GEOADD g 10 10
    GEOADD g 10 10 x 20
    GEOADD g XX
    GEOADD g GT 10 10 x
    GEODIST g Palermo Catania
    GEODIST g Palermo Catania km
    GEODIST g Palermo Catania KM
    GEODIST g Palermo Catania foo
    GEODIST g Palermo nosuch
    GEODIST g Palermo Catania km extra
    GEODIST nokey a b
    GEODIST nokey a b foo
    GEOPOS g Palermo nosuch
    GEOPOS nokey a
    GEOHASH g Palermo nosuch
    GEOHASH nokey a
    GEORADIUS g 15 37 200 km
    GEORADIUS g 15 37 200 foo
    GEORADIUS g 15 37 -1 km
    GEORADIUS g 15 37 abc km
    GEORADIUS g 200 37 200 km
    GEORADIUS g 15 37 200 km COUNT 0
    GEORADIUS g 15 37 200 km COUNT -1
    GEORADIUS g 15 37 200 km COUNT 1 ANY
    GEORADIUS g 15 37 200 km ANY
    GEORADIUS g 15 37 200 km ASC DESC
    GEORADIUS g 15 37 200 km STORE
    GEORADIUS g 15 37 200 km STORE d WITHDIST
    GEORADIUS g 15 37 200 km STORE d WITHCOORD
    GEORADIUS g 15 37 200 km STOREDIST d WITHHASH
    GEORADIUS g 15 37 200 km FOO
    GEORADIUS_RO g 15 37 200 km STORE d
    GEORADIUSBYMEMBER g nosuch 200 km
    GEORADIUSBYMEMBER g Palermo 200 km WITHDIST COUNT 1
    GEOSEARCH g FROMMEMBER Palermo BYRADIUS 200 km
    GEOSEARCH g FROMLONLAT 15 37 BYRADIUS 200 km
    GEOSEARCH g FROMLONLAT 15 37
    GEOSEARCH g BYRADIUS 200 km
    GEOSEARCH g FROMMEMBER Palermo FROMLONLAT 15 37 BYRADIUS 200 km
    GEOSEARCH g FROMMEMBER Palermo BYRADIUS 200 km BYBOX 1 1 km
    GEOSEARCH g FROMMEMBER Palermo BYBOX 100 100 km
    GEOSEARCH g FROMMEMBER Palermo BYBOX -1 100 km
    GEOSEARCH g FROMMEMBER Palermo BYBOX 100 abc km
    GEOSEARCH g FROMMEMBER Palermo BYBOX 100 100 foo
    GEOSEARCH g FROMMEMBER nosuch BYRADIUS 200 km
    GEOSEARCH g FROMMEMBER Palermo BYRADIUS 200 km STORE d
    GEOSEARCH g FROMMEMBER Palermo BYRADIUS 200 km COUNT 0
    GEOSEARCH g FROMMEMBER Palermo BYRADIUS 200 km ANY
    GEOSEARCH g FROMMEMBER Palermo BYRADIUS 200 km COUNT 1 ANY ASC
    GEOSEARCH g FROMLONLAT 200 37 BYRADIUS 200 km
    GEOSEARCH g FROMLONLAT 15 95 BYRADIUS 200 km
    GEOSEARCH g FROMMEMBER Palermo BYRADIUS 200 km WITHCOORD WITHDIST WITHHASH
    GEOSEARCH nokey FROMMEMBER Palermo BYRADIUS 200 km
    GEOSEARCH nokey FROMLONLAT 15 37 BYRADIUS 200 km
    GEOSEARCH nokey FROMLONLAT 15 37 BYRADIUS 200 foo
    GEOSEARCHSTORE d g FROMMEMBER Palermo BYRADIUS 200 km WITHDIST
    GEOSEARCHSTORE d g FROMMEMBER Palermo BYRADIUS 200 km STOREDIST
    ZRANGE d 0 -1 WITHSCORES
    GEOSEARCHSTORE d nokey FROMLONLAT 15 37 BYRADIUS 200 km
    EXISTS d
    GEOSEARCHSTORE d g FROMMEMBER Palermo BYRADIUS 200 km STOREDIST STOREDIST
    GEOSEARCH g FROMMEMBER Palermo BYRADIUS 200 km STOREDIST
    SET s v
    GEOADD s 10 10 x
    GEOPOS s x
    GEODIST s a b
    GEOSEARCH s FROMLONLAT 15 37 BYRADIUS 200 km
    GEOSEARCHSTORE d s FROMLONLAT 15 37 BYRADIUS 200 km
    GEORADIUS s 15 37 200 km
    GEOHASH s a
""",
    "sort_edge_cases": r"""
    RPUSH l 3 1 2
    SORT l
    SORT l DESC
    SORT l ALPHA
    SORT l LIMIT 0
    SORT l LIMIT abc 1
    SORT l LIMIT 0 -1
    SORT l LIMIT -1 1
    SORT l BY
    SORT l GET
    SORT l STORE
    SORT l FOO
    SORT l ASC DESC
    SORT l BY nosort
    SORT l BY nosort DESC
    SORT l BY nosort LIMIT 0 1
    SORT l STORE d
    LRANGE d 0 -1
    SORT nokey STORE d
    EXISTS d
    RPUSH m a b 1
    SORT m
    SORT m ALPHA DESC
    SORT_RO l STORE d
    SORT_RO l BY w*
    SORT_RO l GET #
    SET w1 3
    SET w2 1
    SET w3 x
    SORT l BY w*
    SORT l BY w* ALPHA
    SORT l BY w* GET # GET w*
    SORT l BY h*->f
    SORT l GET h*->
    SORT l GET ->f
    SORT l BY w* LIMIT 0 1 STORE d
    SORT l BY w*->
    HSET s1 f 1
    SET str v
    SORT str
    SORT l BY nosort STORE str
    GET str
    SADD set 3 1 2
    SORT set
    SORT set LIMIT 0 2
    SORT set BY nosort
    ZADD z 3 a 1 b 2 c
    SORT z BY nosort
    SORT z BY nosort DESC
    SORT z BY nosort LIMIT 1 1
    SORT z BY nosort DESC LIMIT 1 1
    SORT z ALPHA
    SORT z
""",
    "client_subcommand_errors": r"""
    CLIENT
    CLIENT FOO
    CLIENT SETNAME
    CLIENT SETNAME "a b"
    CLIENT SETNAME "a\nb"
    CLIENT SETNAME ""
    CLIENT GETNAME
    CLIENT SETNAME x
    CLIENT GETNAME
    CLIENT GETNAME extra
    CLIENT KILL
    CLIENT KILL 1.2.3.4:5
    CLIENT KILL ID abc
    CLIENT KILL ADDR 1.2.3.4:5
    CLIENT KILL LADDR 1.2.3.4:5
    CLIENT KILL TYPE foo
    CLIENT KILL TYPE normal SKIPME maybe
    CLIENT KILL FOO bar
    CLIENT KILL ID
    CLIENT KILL USER nosuchuser
    CLIENT PAUSE
    CLIENT PAUSE abc
    CLIENT PAUSE -1
    CLIENT PAUSE 0 FOO
    CLIENT UNPAUSE extra
    CLIENT REPLY FOO
    CLIENT TRACKING
    CLIENT TRACKING maybe
    CLIENT TRACKING on FOO
    CLIENT TRACKING on REDIRECT abc
    CLIENT TRACKING on REDIRECT 999999
    CLIENT TRACKING off PREFIX a
    CLIENT TRACKING on PREFIX a
    CLIENT TRACKING on OPTIN OPTOUT
    CLIENT CACHING yes
    CLIENT CACHING maybe
    CLIENT UNBLOCK
    CLIENT UNBLOCK abc
    CLIENT NO-EVICT
    CLIENT NO-EVICT maybe
    CLIENT NO-EVICT on
""",
    "db_index_and_keyspace_admin_errors": r"""
    SELECT
    SELECT abc
    SELECT -1
    SELECT 16
    SELECT 2147483648
    SELECT 1.5
    SWAPDB 0
    SWAPDB 0 abc
    SWAPDB 0 16
    SWAPDB -1 0
    MOVE k abc
    MOVE k 16
    MOVE k 0
    SET k v
    MOVE k 0
    COPY k k
    COPY k k2 DB abc
    COPY k k2 DB 16
    COPY k k2 FOO
    COPY k k2 REPLACE REPLACE
    COPY k k2 DB
    COPY nokey k2
    RENAME nokey x
    RENAME k k
    RENAMENX k k
    RENAMENX nokey x
    TYPE nokey
    TOUCH
    UNLINK
    DBSIZE extra
    FLUSHALL FOO
    FLUSHALL ASYNC SYNC
    FLUSHDB SYNC
    FLUSHALL sync
    RANDOMKEY extra
    EXISTS
    DEL
    ECHO
    ECHO a b
    PING a b
    TIME extra
    LASTSAVE extra
    DEBUG FOO
    OBJECT ENCODING
""",
    "transaction_errors": r"""
    MULTI
    MULTI
    EXEC
    EXEC
    DISCARD
    WATCH
    MULTI
    WATCH k
    SET k v
    FOO
    EXEC
    MULTI
    SET k
    EXEC
    UNWATCH extra
""",
    "pubsub_arity": r"""
    SUBSCRIBE
    PSUBSCRIBE
    PUBLISH c
    PUBLISH c m
    PUBSUB FOO
    PUBSUB CHANNELS a b
    PUBSUB NUMSUB
    PUBSUB NUMPAT extra
    PUBSUB SHARDCHANNELS a b
    SPUBLISH c m
""",
    "db_index_int_range": r"""
    SET k v
    MOVE k 2147483648
    MOVE k -1
    MOVE k 1.5
    SWAPDB 0 2147483648
    SWAPDB 2147483648 0
    SWAPDB abc 0
    COPY k k2 DB 2147483648
    COPY k k2 DB -1
    SELECT -2147483649
    SELECT 0x1
    SELECT " 1"
""",
    "hash_set_count_and_arity_errors": r"""
    HSET h a 1 b 2
    HRANDFIELD h 0
    HRANDFIELD h abc
    HRANDFIELD h 1 FOO
    HRANDFIELD h -9223372036854775808
    HRANDFIELD h -4611686018427387904 WITHVALUES
    HRANDFIELD nokey 5
    HRANDFIELD nokey
    HRANDFIELD nokey abc
    HSTRLEN h a
    HSTRLEN h nosuch
    HSETNX h a 1 2
    HMSET h a
    HSET h a
    HGETALL nokey
    HMGET h
    HDEL h
    HEXISTS h
    HKEYS h x
    HSET h a 1 b
    SADD s a b c
    SRANDMEMBER s abc
    SRANDMEMBER s -9223372036854775808
    SRANDMEMBER s 1 2
    SPOP s -1
    SPOP s abc
    SPOP s 0
    SPOP nokey 0
    SPOP nokey -1
    SPOP s 1 2
    SMOVE s d nosuch
    SMOVE s s a
    SMISMEMBER s
    SMISMEMBER nokey a b
    SINTERSTORE d
    SUNION
    SDIFF nokey s
    SET str v
    SMOVE s str a
    SMOVE str s a
    SMOVE s str zz
    SINTERSTORE str s
    TYPE str
""",
    "string_range_and_counter_errors": r"""
    SET k hello
    GETRANGE k 0
    GETRANGE k abc 1
    GETRANGE k 0 -100
    GETRANGE k -100 -1
    GETRANGE k 9223372036854775807 -9223372036854775808
    SETRANGE k -1 x
    SETRANGE k 536870912 x
    SETRANGE k 536870911 ""
    SETRANGE nokey 0 ""
    EXISTS nokey
    SETRANGE k abc x
    LCS k
    LCS k k2 FOO
    SET k2 hxllo
    LCS k k2
    LCS k k2 LEN
    LCS k k2 IDX
    LCS k k2 IDX MINMATCHLEN 2 WITHMATCHLEN
    LCS k k2 LEN IDX
    LCS k k2 MINMATCHLEN abc
    LCS k k2 MINMATCHLEN -1 IDX
    LCS k k2 MINMATCHLEN
    LCS nokey k2
    LPUSH l a
    LCS l k
    MSET a
    MSET a 1 b
    MGET
    GETDEL
    GETSET k
    SETNX k
    SETEX k 0 v
    SETEX k -1 v
    SETEX k abc v
    PSETEX k 0 v
    SETEX k 9223372036854775807 v
    PSETEX k 9223372036854775807 v
    INCRBY k abc
    SET n 9223372036854775807
    INCR n
    DECRBY n -9223372036854775808
    SET n -9223372036854775808
    DECR n
    DECRBY n 1
    INCRBY n -1
    SET n 5
    DECRBY n -9223372036854775808
    STRLEN nokey
    APPEND
    SUBSTR k 0 1
    SUBSTR k abc 1
""",
    "scripting_and_function_errors": r"""
    EVAL
    EVAL "return 1"
    EVAL "return 1" abc
    EVAL "return 1" -1
    EVAL "return 1" 1
    EVAL "return 1" 2 a
    EVAL "return {1,2}" 0
    EVAL "return redis.call('nosuch')" 0
    EVAL "return redis.call('set','k')" 0
    EVAL "return redis.pcall('set','k')" 0
    EVAL "return redis.call('get','k')" 0
    EVAL "syntax error here" 0
    EVAL "error('x')" 0
    EVAL "return redis.error_reply('MY err')" 0
    EVAL "return redis.status_reply('FINE')" 0
    EVAL "return 1.9" 0
    EVAL "return {1,2,nil,3}" 0
    EVAL "return redis.call('lpush','str','x')" 0
    EVALSHA abc 0
    EVALSHA 0000000000000000000000000000000000000000 0
    SCRIPT EXISTS
    SCRIPT LOAD
    SCRIPT FLUSH FOO
    SCRIPT FOO
    SCRIPT KILL
    FCALL nosuch 0
    FCALL nosuch abc
    FUNCTION LOAD "bad"
    FUNCTION LOAD "#!lua name=x\nreturn 1"
    FUNCTION LOAD "#!lua\nreturn 1"
    FUNCTION LOAD "#!foo name=x\nreturn 1"
    FUNCTION DELETE nosuch
    FUNCTION LIST FOO
    FUNCTION LIST WITHCODE LIBRARYNAME
    FUNCTION FLUSH FOO
    FUNCTION RESTORE abc
    FUNCTION KILL
    FUNCTION STATS extra
    FUNCTION FLUSH
""",
}


def play(oracle, script: str) -> None:
    for line in script.strip().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            oracle.same(*shlex.split(line), floats=True)


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_sweep_script(oracle, name):
    play(oracle, SCRIPTS[name])
