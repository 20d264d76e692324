"""OBJECT ENCODING at every threshold and after CONFIG SET of the knobs, against
redis-server 7.0: intsets (set-max-intset-entries, int64 edges), hash and sorted-set
listpacks (entries and value limits, 0 = never listpack, counters that grow past the
value limit, stores built by ZUNIONSTORE/ZRANGESTORE/GEOSEARCHSTORE) and strings
(int, embstr at 44/45 bytes, raw after APPEND/SETRANGE).

Left out, because the engine follows 7.2+ there (docs/COMPATIBILITY.md): lists
(listpack before quicklist), sets of strings (listpack) and the set-max-listpack-*
knobs; test_sweep_newer_compat.py checks those against the 7.2 rules.
"""
from __future__ import annotations

import pytest

from tests.compat.test_sweep_scripts_compat import play

SCRIPTS = {
    "intset_to_hashtable_at_the_limit": r"""
    CONFIG SET set-max-intset-entries 4
    SADD s 0
    OBJECT ENCODING s
    SADD s 1
    OBJECT ENCODING s
    SADD s 2
    OBJECT ENCODING s
    SADD s 3
    OBJECT ENCODING s
    SADD s 4
    OBJECT ENCODING s
    SADD s 5
    OBJECT ENCODING s
    SADD s x
    OBJECT ENCODING s
""",
    "intset_members_at_int64_edges": r"""
    SADD s 9223372036854775807
    OBJECT ENCODING s
    SADD s2 -9223372036854775808
    OBJECT ENCODING s2
    SADD s3 9223372036854775808
    SADD s4 01
    SADD s5 -0
    SADD s6 ' 1'
    SADD s7 +1
""",
    "hash_listpack_limits": r"""
    CONFIG SET hash-max-listpack-entries 2
    CONFIG SET hash-max-listpack-value 5
    HSET h a 1
    OBJECT ENCODING h
    HSET h b 2
    OBJECT ENCODING h
    HSET h c 3
    OBJECT ENCODING h
    HSET h2 a 123456
    OBJECT ENCODING h2
    HSET h3 abcdef 1
    OBJECT ENCODING h3
    HSET h4 abcde 12345
    OBJECT ENCODING h4
    HINCRBY h4 abcde 1000000
    OBJECT ENCODING h4
    HSETNX h5 a 1234567
    OBJECT ENCODING h5
    HINCRBYFLOAT h6 a 1.5
    OBJECT ENCODING h6
    HINCRBYFLOAT h6 a 100000.25
    OBJECT ENCODING h6
""",
    "hash_entries_zero": r"""
    CONFIG SET hash-max-listpack-entries 0
    HSET h a 1
    OBJECT ENCODING h
""",
    "zset_listpack_limits": r"""
    CONFIG SET zset-max-listpack-entries 2
    CONFIG SET zset-max-listpack-value 4
    ZADD z 1 a
    OBJECT ENCODING z
    ZADD z 2 b
    OBJECT ENCODING z
    ZADD z 3 c
    OBJECT ENCODING z
    ZADD z2 1 abcde
    OBJECT ENCODING z2
    ZADD z3 1 abcd
    OBJECT ENCODING z3
    ZINCRBY z4 1 abcdef
    OBJECT ENCODING z4
    ZREM z a b
    OBJECT ENCODING z
    ZUNIONSTORE d 1 z3
    OBJECT ENCODING d
    ZUNIONSTORE d 2 z3 z
    OBJECT ENCODING d
    ZRANGESTORE d2 z 0 -1
    OBJECT ENCODING d2
    ZADD z5 1 a 2 b
    ZRANGESTORE d3 z5 0 -1
    OBJECT ENCODING d3
    ZINTERSTORE d4 2 z5 z5
    OBJECT ENCODING d4
    ZDIFFSTORE d5 1 z5
    OBJECT ENCODING d5
""",
    "zset_entries_zero": r"""
    CONFIG SET zset-max-listpack-entries 0
    ZADD z 1 a
    OBJECT ENCODING z
    GEOADD g 1 1 a
    OBJECT ENCODING g
""",
    "string_encodings": r"""
    SET k 123
    OBJECT ENCODING k
    SET k 12345678901234567890
    OBJECT ENCODING k
    SET k aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
    OBJECT ENCODING k
    SET k aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
    OBJECT ENCODING k
    SET k -0
    OBJECT ENCODING k
    SET k 0
    OBJECT ENCODING k
    SET k 9223372036854775807
    OBJECT ENCODING k
    APPEND k x
    OBJECT ENCODING k
    SET k 1
    APPEND k 2
    OBJECT ENCODING k
    SET k 10
    INCR k
    OBJECT ENCODING k
    SET k 1.5
    OBJECT ENCODING k
    INCRBYFLOAT k 1
    OBJECT ENCODING k
    SETRANGE k2 0 12
    OBJECT ENCODING k2
    SET k ' 1'
    OBJECT ENCODING k
    SET k 01
    OBJECT ENCODING k
    GETSET k 5
    OBJECT ENCODING k
    SET k abc
    SETRANGE k 0 x
    OBJECT ENCODING k
    MSET a 1 b xyz
    OBJECT ENCODING a
    OBJECT ENCODING b
    SETEX k 100 123
    OBJECT ENCODING k
    SET k 10000
    OBJECT ENCODING k
    SET k 9999
    OBJECT ENCODING k
""",
    "other_types": r"""
    XADD x 1-1 a 1
    OBJECT ENCODING x
    PFADD p a
    OBJECT ENCODING p
    SETBIT b 1 1
    OBJECT ENCODING b
""",
    "hash_value_64_vs_65_bytes": r"""
    HSET h f vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv
    OBJECT ENCODING h
    HSET h2 ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff v
    OBJECT ENCODING h2
    HSET h3 f vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv
    OBJECT ENCODING h3
    HSET h4 fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff v
    OBJECT ENCODING h4
""",
    "zset_member_64_vs_65_bytes": r"""
    ZADD z 1 mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
    OBJECT ENCODING z
    ZADD z2 1 mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
    OBJECT ENCODING z2
    ZADD z3 1 a
    ZINCRBY z3 1 mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm
    OBJECT ENCODING z3
""",
    "hash_entries_128_vs_129": r"""
    HSET big f0 0
    HSET big f1 1
    HSET big f2 2
    HSET big f3 3
    HSET big f4 4
    HSET big f5 5
    HSET big f6 6
    HSET big f7 7
    HSET big f8 8
    HSET big f9 9
    HSET big f10 10
    HSET big f11 11
    HSET big f12 12
    HSET big f13 13
    HSET big f14 14
    HSET big f15 15
    HSET big f16 16
    HSET big f17 17
    HSET big f18 18
    HSET big f19 19
    HSET big f20 20
    HSET big f21 21
    HSET big f22 22
    HSET big f23 23
    HSET big f24 24
    HSET big f25 25
    HSET big f26 26
    HSET big f27 27
    HSET big f28 28
    HSET big f29 29
    HSET big f30 30
    HSET big f31 31
    HSET big f32 32
    HSET big f33 33
    HSET big f34 34
    HSET big f35 35
    HSET big f36 36
    HSET big f37 37
    HSET big f38 38
    HSET big f39 39
    HSET big f40 40
    HSET big f41 41
    HSET big f42 42
    HSET big f43 43
    HSET big f44 44
    HSET big f45 45
    HSET big f46 46
    HSET big f47 47
    HSET big f48 48
    HSET big f49 49
    HSET big f50 50
    HSET big f51 51
    HSET big f52 52
    HSET big f53 53
    HSET big f54 54
    HSET big f55 55
    HSET big f56 56
    HSET big f57 57
    HSET big f58 58
    HSET big f59 59
    HSET big f60 60
    HSET big f61 61
    HSET big f62 62
    HSET big f63 63
    HSET big f64 64
    HSET big f65 65
    HSET big f66 66
    HSET big f67 67
    HSET big f68 68
    HSET big f69 69
    HSET big f70 70
    HSET big f71 71
    HSET big f72 72
    HSET big f73 73
    HSET big f74 74
    HSET big f75 75
    HSET big f76 76
    HSET big f77 77
    HSET big f78 78
    HSET big f79 79
    HSET big f80 80
    HSET big f81 81
    HSET big f82 82
    HSET big f83 83
    HSET big f84 84
    HSET big f85 85
    HSET big f86 86
    HSET big f87 87
    HSET big f88 88
    HSET big f89 89
    HSET big f90 90
    HSET big f91 91
    HSET big f92 92
    HSET big f93 93
    HSET big f94 94
    HSET big f95 95
    HSET big f96 96
    HSET big f97 97
    HSET big f98 98
    HSET big f99 99
    HSET big f100 100
    HSET big f101 101
    HSET big f102 102
    HSET big f103 103
    HSET big f104 104
    HSET big f105 105
    HSET big f106 106
    HSET big f107 107
    HSET big f108 108
    HSET big f109 109
    HSET big f110 110
    HSET big f111 111
    HSET big f112 112
    HSET big f113 113
    HSET big f114 114
    HSET big f115 115
    HSET big f116 116
    HSET big f117 117
    HSET big f118 118
    HSET big f119 119
    HSET big f120 120
    HSET big f121 121
    HSET big f122 122
    HSET big f123 123
    HSET big f124 124
    HSET big f125 125
    HSET big f126 126
    HSET big f127 127
    OBJECT ENCODING big
    HSET big f128 128
    OBJECT ENCODING big
    HDEL big f0 f1 f2
    OBJECT ENCODING big
""",
    "zset_entries_128_vs_129": r"""
    ZADD big 0 m0
    ZADD big 1 m1
    ZADD big 2 m2
    ZADD big 3 m3
    ZADD big 4 m4
    ZADD big 5 m5
    ZADD big 6 m6
    ZADD big 7 m7
    ZADD big 8 m8
    ZADD big 9 m9
    ZADD big 10 m10
    ZADD big 11 m11
    ZADD big 12 m12
    ZADD big 13 m13
    ZADD big 14 m14
    ZADD big 15 m15
    ZADD big 16 m16
    ZADD big 17 m17
    ZADD big 18 m18
    ZADD big 19 m19
    ZADD big 20 m20
    ZADD big 21 m21
    ZADD big 22 m22
    ZADD big 23 m23
    ZADD big 24 m24
    ZADD big 25 m25
    ZADD big 26 m26
    ZADD big 27 m27
    ZADD big 28 m28
    ZADD big 29 m29
    ZADD big 30 m30
    ZADD big 31 m31
    ZADD big 32 m32
    ZADD big 33 m33
    ZADD big 34 m34
    ZADD big 35 m35
    ZADD big 36 m36
    ZADD big 37 m37
    ZADD big 38 m38
    ZADD big 39 m39
    ZADD big 40 m40
    ZADD big 41 m41
    ZADD big 42 m42
    ZADD big 43 m43
    ZADD big 44 m44
    ZADD big 45 m45
    ZADD big 46 m46
    ZADD big 47 m47
    ZADD big 48 m48
    ZADD big 49 m49
    ZADD big 50 m50
    ZADD big 51 m51
    ZADD big 52 m52
    ZADD big 53 m53
    ZADD big 54 m54
    ZADD big 55 m55
    ZADD big 56 m56
    ZADD big 57 m57
    ZADD big 58 m58
    ZADD big 59 m59
    ZADD big 60 m60
    ZADD big 61 m61
    ZADD big 62 m62
    ZADD big 63 m63
    ZADD big 64 m64
    ZADD big 65 m65
    ZADD big 66 m66
    ZADD big 67 m67
    ZADD big 68 m68
    ZADD big 69 m69
    ZADD big 70 m70
    ZADD big 71 m71
    ZADD big 72 m72
    ZADD big 73 m73
    ZADD big 74 m74
    ZADD big 75 m75
    ZADD big 76 m76
    ZADD big 77 m77
    ZADD big 78 m78
    ZADD big 79 m79
    ZADD big 80 m80
    ZADD big 81 m81
    ZADD big 82 m82
    ZADD big 83 m83
    ZADD big 84 m84
    ZADD big 85 m85
    ZADD big 86 m86
    ZADD big 87 m87
    ZADD big 88 m88
    ZADD big 89 m89
    ZADD big 90 m90
    ZADD big 91 m91
    ZADD big 92 m92
    ZADD big 93 m93
    ZADD big 94 m94
    ZADD big 95 m95
    ZADD big 96 m96
    ZADD big 97 m97
    ZADD big 98 m98
    ZADD big 99 m99
    ZADD big 100 m100
    ZADD big 101 m101
    ZADD big 102 m102
    ZADD big 103 m103
    ZADD big 104 m104
    ZADD big 105 m105
    ZADD big 106 m106
    ZADD big 107 m107
    ZADD big 108 m108
    ZADD big 109 m109
    ZADD big 110 m110
    ZADD big 111 m111
    ZADD big 112 m112
    ZADD big 113 m113
    ZADD big 114 m114
    ZADD big 115 m115
    ZADD big 116 m116
    ZADD big 117 m117
    ZADD big 118 m118
    ZADD big 119 m119
    ZADD big 120 m120
    ZADD big 121 m121
    ZADD big 122 m122
    ZADD big 123 m123
    ZADD big 124 m124
    ZADD big 125 m125
    ZADD big 126 m126
    ZADD big 127 m127
    OBJECT ENCODING big
    ZADD big 128 m128
    OBJECT ENCODING big
    ZREM big m0 m1
    OBJECT ENCODING big
    ZREMRANGEBYRANK big 0 -1
    EXISTS big
""",
    "intset_entries_512_vs_513": r"""
    SADD big 0
    SADD big 1
    SADD big 2
    SADD big 3
    SADD big 4
    SADD big 5
    SADD big 6
    SADD big 7
    SADD big 8
    SADD big 9
    SADD big 10
    SADD big 11
    SADD big 12
    SADD big 13
    SADD big 14
    SADD big 15
    SADD big 16
    SADD big 17
    SADD big 18
    SADD big 19
    SADD big 20
    SADD big 21
    SADD big 22
    SADD big 23
    SADD big 24
    SADD big 25
    SADD big 26
    SADD big 27
    SADD big 28
    SADD big 29
    SADD big 30
    SADD big 31
    SADD big 32
    SADD big 33
    SADD big 34
    SADD big 35
    SADD big 36
    SADD big 37
    SADD big 38
    SADD big 39
    SADD big 40
    SADD big 41
    SADD big 42
    SADD big 43
    SADD big 44
    SADD big 45
    SADD big 46
    SADD big 47
    SADD big 48
    SADD big 49
    SADD big 50
    SADD big 51
    SADD big 52
    SADD big 53
    SADD big 54
    SADD big 55
    SADD big 56
    SADD big 57
    SADD big 58
    SADD big 59
    SADD big 60
    SADD big 61
    SADD big 62
    SADD big 63
    SADD big 64
    SADD big 65
    SADD big 66
    SADD big 67
    SADD big 68
    SADD big 69
    SADD big 70
    SADD big 71
    SADD big 72
    SADD big 73
    SADD big 74
    SADD big 75
    SADD big 76
    SADD big 77
    SADD big 78
    SADD big 79
    SADD big 80
    SADD big 81
    SADD big 82
    SADD big 83
    SADD big 84
    SADD big 85
    SADD big 86
    SADD big 87
    SADD big 88
    SADD big 89
    SADD big 90
    SADD big 91
    SADD big 92
    SADD big 93
    SADD big 94
    SADD big 95
    SADD big 96
    SADD big 97
    SADD big 98
    SADD big 99
    SADD big 100
    SADD big 101
    SADD big 102
    SADD big 103
    SADD big 104
    SADD big 105
    SADD big 106
    SADD big 107
    SADD big 108
    SADD big 109
    SADD big 110
    SADD big 111
    SADD big 112
    SADD big 113
    SADD big 114
    SADD big 115
    SADD big 116
    SADD big 117
    SADD big 118
    SADD big 119
    SADD big 120
    SADD big 121
    SADD big 122
    SADD big 123
    SADD big 124
    SADD big 125
    SADD big 126
    SADD big 127
    SADD big 128
    SADD big 129
    SADD big 130
    SADD big 131
    SADD big 132
    SADD big 133
    SADD big 134
    SADD big 135
    SADD big 136
    SADD big 137
    SADD big 138
    SADD big 139
    SADD big 140
    SADD big 141
    SADD big 142
    SADD big 143
    SADD big 144
    SADD big 145
    SADD big 146
    SADD big 147
    SADD big 148
    SADD big 149
    SADD big 150
    SADD big 151
    SADD big 152
    SADD big 153
    SADD big 154
    SADD big 155
    SADD big 156
    SADD big 157
    SADD big 158
    SADD big 159
    SADD big 160
    SADD big 161
    SADD big 162
    SADD big 163
    SADD big 164
    SADD big 165
    SADD big 166
    SADD big 167
    SADD big 168
    SADD big 169
    SADD big 170
    SADD big 171
    SADD big 172
    SADD big 173
    SADD big 174
    SADD big 175
    SADD big 176
    SADD big 177
    SADD big 178
    SADD big 179
    SADD big 180
    SADD big 181
    SADD big 182
    SADD big 183
    SADD big 184
    SADD big 185
    SADD big 186
    SADD big 187
    SADD big 188
    SADD big 189
    SADD big 190
    SADD big 191
    SADD big 192
    SADD big 193
    SADD big 194
    SADD big 195
    SADD big 196
    SADD big 197
    SADD big 198
    SADD big 199
    SADD big 200
    SADD big 201
    SADD big 202
    SADD big 203
    SADD big 204
    SADD big 205
    SADD big 206
    SADD big 207
    SADD big 208
    SADD big 209
    SADD big 210
    SADD big 211
    SADD big 212
    SADD big 213
    SADD big 214
    SADD big 215
    SADD big 216
    SADD big 217
    SADD big 218
    SADD big 219
    SADD big 220
    SADD big 221
    SADD big 222
    SADD big 223
    SADD big 224
    SADD big 225
    SADD big 226
    SADD big 227
    SADD big 228
    SADD big 229
    SADD big 230
    SADD big 231
    SADD big 232
    SADD big 233
    SADD big 234
    SADD big 235
    SADD big 236
    SADD big 237
    SADD big 238
    SADD big 239
    SADD big 240
    SADD big 241
    SADD big 242
    SADD big 243
    SADD big 244
    SADD big 245
    SADD big 246
    SADD big 247
    SADD big 248
    SADD big 249
    SADD big 250
    SADD big 251
    SADD big 252
    SADD big 253
    SADD big 254
    SADD big 255
    SADD big 256
    SADD big 257
    SADD big 258
    SADD big 259
    SADD big 260
    SADD big 261
    SADD big 262
    SADD big 263
    SADD big 264
    SADD big 265
    SADD big 266
    SADD big 267
    SADD big 268
    SADD big 269
    SADD big 270
    SADD big 271
    SADD big 272
    SADD big 273
    SADD big 274
    SADD big 275
    SADD big 276
    SADD big 277
    SADD big 278
    SADD big 279
    SADD big 280
    SADD big 281
    SADD big 282
    SADD big 283
    SADD big 284
    SADD big 285
    SADD big 286
    SADD big 287
    SADD big 288
    SADD big 289
    SADD big 290
    SADD big 291
    SADD big 292
    SADD big 293
    SADD big 294
    SADD big 295
    SADD big 296
    SADD big 297
    SADD big 298
    SADD big 299
    SADD big 300
    SADD big 301
    SADD big 302
    SADD big 303
    SADD big 304
    SADD big 305
    SADD big 306
    SADD big 307
    SADD big 308
    SADD big 309
    SADD big 310
    SADD big 311
    SADD big 312
    SADD big 313
    SADD big 314
    SADD big 315
    SADD big 316
    SADD big 317
    SADD big 318
    SADD big 319
    SADD big 320
    SADD big 321
    SADD big 322
    SADD big 323
    SADD big 324
    SADD big 325
    SADD big 326
    SADD big 327
    SADD big 328
    SADD big 329
    SADD big 330
    SADD big 331
    SADD big 332
    SADD big 333
    SADD big 334
    SADD big 335
    SADD big 336
    SADD big 337
    SADD big 338
    SADD big 339
    SADD big 340
    SADD big 341
    SADD big 342
    SADD big 343
    SADD big 344
    SADD big 345
    SADD big 346
    SADD big 347
    SADD big 348
    SADD big 349
    SADD big 350
    SADD big 351
    SADD big 352
    SADD big 353
    SADD big 354
    SADD big 355
    SADD big 356
    SADD big 357
    SADD big 358
    SADD big 359
    SADD big 360
    SADD big 361
    SADD big 362
    SADD big 363
    SADD big 364
    SADD big 365
    SADD big 366
    SADD big 367
    SADD big 368
    SADD big 369
    SADD big 370
    SADD big 371
    SADD big 372
    SADD big 373
    SADD big 374
    SADD big 375
    SADD big 376
    SADD big 377
    SADD big 378
    SADD big 379
    SADD big 380
    SADD big 381
    SADD big 382
    SADD big 383
    SADD big 384
    SADD big 385
    SADD big 386
    SADD big 387
    SADD big 388
    SADD big 389
    SADD big 390
    SADD big 391
    SADD big 392
    SADD big 393
    SADD big 394
    SADD big 395
    SADD big 396
    SADD big 397
    SADD big 398
    SADD big 399
    SADD big 400
    SADD big 401
    SADD big 402
    SADD big 403
    SADD big 404
    SADD big 405
    SADD big 406
    SADD big 407
    SADD big 408
    SADD big 409
    SADD big 410
    SADD big 411
    SADD big 412
    SADD big 413
    SADD big 414
    SADD big 415
    SADD big 416
    SADD big 417
    SADD big 418
    SADD big 419
    SADD big 420
    SADD big 421
    SADD big 422
    SADD big 423
    SADD big 424
    SADD big 425
    SADD big 426
    SADD big 427
    SADD big 428
    SADD big 429
    SADD big 430
    SADD big 431
    SADD big 432
    SADD big 433
    SADD big 434
    SADD big 435
    SADD big 436
    SADD big 437
    SADD big 438
    SADD big 439
    SADD big 440
    SADD big 441
    SADD big 442
    SADD big 443
    SADD big 444
    SADD big 445
    SADD big 446
    SADD big 447
    SADD big 448
    SADD big 449
    SADD big 450
    SADD big 451
    SADD big 452
    SADD big 453
    SADD big 454
    SADD big 455
    SADD big 456
    SADD big 457
    SADD big 458
    SADD big 459
    SADD big 460
    SADD big 461
    SADD big 462
    SADD big 463
    SADD big 464
    SADD big 465
    SADD big 466
    SADD big 467
    SADD big 468
    SADD big 469
    SADD big 470
    SADD big 471
    SADD big 472
    SADD big 473
    SADD big 474
    SADD big 475
    SADD big 476
    SADD big 477
    SADD big 478
    SADD big 479
    SADD big 480
    SADD big 481
    SADD big 482
    SADD big 483
    SADD big 484
    SADD big 485
    SADD big 486
    SADD big 487
    SADD big 488
    SADD big 489
    SADD big 490
    SADD big 491
    SADD big 492
    SADD big 493
    SADD big 494
    SADD big 495
    SADD big 496
    SADD big 497
    SADD big 498
    SADD big 499
    SADD big 500
    SADD big 501
    SADD big 502
    SADD big 503
    SADD big 504
    SADD big 505
    SADD big 506
    SADD big 507
    SADD big 508
    SADD big 509
    SADD big 510
    SADD big 511
    OBJECT ENCODING big
    SADD big 512
    OBJECT ENCODING big
    SREM big 0 1 2
    OBJECT ENCODING big
""",
    "zset_stores_under_small_limits": r"""
    CONFIG SET zset-max-listpack-entries 3
    ZADD a 1 x 2 y
    ZADD b 3 z 4 w
    ZUNIONSTORE d 2 a b
    OBJECT ENCODING d
    ZINTERSTORE d2 2 a a
    OBJECT ENCODING d2
    ZRANGESTORE d3 d 0 1
    OBJECT ENCODING d3
    ZRANGESTORE d4 d 0 -1
    OBJECT ENCODING d4
    GEOADD g 1 1 p1 2 2 p2
    GEOSEARCHSTORE gd g FROMLONLAT 1 1 BYRADIUS 1000 km
    OBJECT ENCODING gd
    CONFIG SET zset-max-listpack-value 2
    ZADD c 1 abc
    OBJECT ENCODING c
    ZADD c2 1 ab
    OBJECT ENCODING c2
""",
    "hash_counters_grow_past_value_limit": r"""
    CONFIG SET hash-max-listpack-value 3
    HSET h a 1
    HINCRBYFLOAT h a 0.5
    OBJECT ENCODING h
    HINCRBYFLOAT h a 1000
    OBJECT ENCODING h
    HSET h2 a 1
    HINCRBY h2 a 999
    OBJECT ENCODING h2
    HINCRBY h2 a 1
    OBJECT ENCODING h2
    CONFIG SET hash-max-listpack-entries 1
    HSETNX h3 a 1
    HSETNX h3 b 2
    OBJECT ENCODING h3
""",
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_encoding_script(oracle, name):
    play(oracle, SCRIPTS[name])
