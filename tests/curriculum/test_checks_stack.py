"""The ``ts`` and ``index`` state checks: a time series' settings and a search index's
definition, read from the data rather than from the learner's own TS.INFO / FT.INFO."""
from redislab.curriculum import grade, load_lessons
from redislab.curriculum.grading import values_for

from .helpers import errors
from .test_grading import _ex


def failed(res) -> list[str]:
    return [c.reason for c in res.checks if not c.passed]


TS = _ex("""
  - ts: {key: m, retention: 21600000, labels: {site: north, kind: power}, samples: 1, last: 230}
  - ts: {key: src, rules: [{into: dst, bucket: 3600000, aggregation: max}]}
""", setup="[TS.CREATE src, TS.CREATE dst]")


def test_ts_check_reads_retention_labels_samples_and_the_newest_value():
    ok = ["TS.ADD m * 230 RETENTION 21600000 LABELS site north kind power other x",
          "TS.CREATERULE src dst AGGREGATION MAX 3600000"]
    assert grade(TS, ok).passed                 # extra labels are allowed
    res = grade(TS, ["TS.CREATE m LABELS site north kind power", "TS.ADD m * 230",
                     "TS.CREATERULE src dst AGGREGATION max 3600000"])
    assert failed(res) == ["the retention of `m` is 0 (kept for ever); it should be 21600000 ms"]
    res = grade(TS, ["TS.CREATE m RETENTION 21600000 LABELS site south", "TS.ADD m * 230"])
    assert failed(res)[0] == "the label site of `m` is south, it should be north"
    res = grade(TS, ["TS.CREATE m RETENTION 21600000 LABELS site north"])
    assert failed(res)[0] == "`m` should carry the label kind = power"
    res = grade(TS, ["TS.CREATE m RETENTION 21600000 LABELS site north kind power"])
    assert failed(res)[0] == "`m` holds 0 samples, it should hold 1"
    res = grade(TS, ["TS.ADD m 1 230 RETENTION 21600000 LABELS site north kind power", "TS.ADD m 2 231"])
    assert failed(res)[0] == "`m` holds 2 samples, it should hold 1"
    res = grade(TS, ["SET m 230"])
    assert failed(res)[0] == "`m` is a string, it should be a time series (TS.CREATE or TS.ADD)"
    assert failed(grade(TS, []))[0] == "`m` does not exist"


def test_ts_check_compares_the_rules_exactly():
    ok = "TS.ADD m * 230 RETENTION 21600000 LABELS site north kind power"
    res = grade(TS, [ok, "TS.CREATERULE src dst AGGREGATION avg 3600000"])
    assert failed(res) == ["the rule of `src` goes into `dst`, avg per 3600000 ms; it should be max per 3600000 ms"]
    assert failed(grade(TS, [ok])) == ["`src` should have a compaction rule into `dst`, max per 3600000 ms"]
    res = grade(TS, [ok, "TS.CREATE x", "TS.CREATERULE src dst AGGREGATION max 3600000",
                     "TS.CREATERULE src x AGGREGATION min 60000"])
    assert failed(res) == ["`src` has a rule into `x` as well, which is not asked for"]


IDX = _ex("""
  - index: {name: idx, on: HASH, prefixes: ["movie:"], fields: {title: TEXT, year: NUMERIC SORTABLE}, docs: 2}
""", setup="[HSET movie:1 title a year 1990, HSET movie:2 title b year 2000, HSET film:3 title c]")


def test_index_check_reads_the_definition_from_ft_info():
    assert grade(IDX, ["FT.CREATE idx ON HASH PREFIX 1 movie: SCHEMA title TEXT year NUMERIC SORTABLE g TAG"]).passed
    res = grade(IDX, ["FT.CREATE idx ON HASH PREFIX 1 movie: SCHEMA title TEXT year NUMERIC"])
    assert failed(res) == ["year should be NUMERIC SORTABLE in `idx` (it is not SORTABLE)"]
    res = grade(IDX, ["FT.CREATE idx ON HASH PREFIX 1 movie: SCHEMA title TAG year NUMERIC SORTABLE"])
    assert failed(res) == ["title is TAG in `idx`; it should be TEXT"]
    res = grade(IDX, ["FT.CREATE idx ON HASH PREFIX 1 movie: SCHEMA title TEXT"])
    assert failed(res) == ["`idx` has no attribute year; it should have year as NUMERIC"]
    res = grade(IDX, ["FT.CREATE idx ON HASH PREFIX 2 movie: film: SCHEMA title TEXT year NUMERIC SORTABLE"])
    assert failed(res) == ['the prefixes of `idx` are ["movie:", "film:"], so it indexes `film:3` too; '
                           'only keys under ["movie:"] belong in it']
    res = grade(IDX, ["FT.CREATE idx ON JSON PREFIX 1 movie: SCHEMA $.title AS title TEXT"])
    assert failed(res) == ["`idx` indexes JSON keys; it should index HASH (ON HASH)"]
    assert failed(grade(IDX, [])) == ["there is no index `idx` (FT.CREATE makes one)"]


def test_index_prefixes_are_graded_by_the_keys_they_index():
    """`PREFIX 1 movie` indexes movie:1 exactly as `movie:` does (RediSearch matches
    key prefixes by plain string), so it passes; a prefix that misses future movies or
    pulls in another hash fails, naming the key."""
    create = "FT.CREATE idx ON HASH PREFIX {} SCHEMA title TEXT year NUMERIC SORTABLE"
    for prefixes in ("1 movie", "1 movie:", "1 mov", "2 movie: movie"):
        res = grade(IDX, [create.format(prefixes)])
        assert res.passed, (prefixes, failed(res))
    res = grade(IDX, [create.format("1 movie:1")])
    assert failed(res) == ['the prefixes of `idx` are ["movie:1"]: a key such as `movie:new` would not be '
                           'indexed; they should cover every key under ["movie:"]']
    res = grade(IDX, [create.replace("PREFIX {} ", "")])          # no PREFIX: every hash
    assert failed(res) == ['the prefixes of `idx` are [""], so it indexes `film:3` too; '
                           'only keys under ["movie:"] belong in it']
    # Only keys of the index's type count: a string under "m" is not indexed by ON HASH.
    assert grade(IDX, ["SET mx 1", create.format("1 m")]).passed
    res = grade(IDX, ["HSET mx title z", create.format("1 m")])
    assert failed(res) == ['the prefixes of `idx` are ["m"], so it indexes `mx` too; '
                           'only keys under ["movie:"] belong in it']


def test_index_check_counts_documents():
    ex = _ex("  - index: {name: idx, docs: 2}", setup="[HSET movie:1 title a, HSET movie:2 title b]")
    assert grade(ex, ["FT.CREATE idx ON HASH PREFIX 1 movie: SCHEMA title TEXT"]).passed
    res = grade(ex, ["FT.CREATE idx ON HASH PREFIX 1 movies: SCHEMA title TEXT"])
    assert failed(res) == ["`idx` holds 0 documents; it should hold 2 (check the prefix)"]


def test_malformed_ts_and_index_checks_are_reported():
    head = "id: t\ntitle: T\nsection: '2.1'\nminutes: 5\nsteps: [{title: s, text: t}]\nexercises:\n"
    body = ("  - id: e\n    title: T\n    goal: G\n    solution: [PING]\n    checks:\n"
            "      - ts: {key: k, rules: [{into: d}]}\n"
            "      - index: {name: i, fields: [title]}\n")
    errs = errors(head + body)
    assert any("ts 'rules' is a list of {into, bucket, aggregation}" in e for e in errs)
    assert any("index 'fields' is a mapping (name: value)" in e for e in errs)


def test_stack_lessons_grade_the_series_and_the_index_not_the_learners_info_reply():
    """Before, create-meter passed only if the learner's last TS.INFO showed the right
    settings, and index-movies only if the last command was FT.INFO: creating the
    series with TS.ADD's own options, or not looking, failed."""
    lessons = load_lessons().by_id()
    meter = next(e for e in lessons["07-3-timeseries"].exercises if e.id == "create-meter")
    env = values_for(meter, 0)
    ms = env["hours"] * 3600000
    line = f"TS.ADD meter:{env['m']} * {env['v']} RETENTION {ms} LABELS site {env['site']} kind power"
    assert grade(meter, [line]).passed
    res = grade(meter, [line.replace(str(ms), str(env["hours"]))])
    assert failed(res) == [f"the retention should be {env['hours']} hours, written in milliseconds "
                           "(see retentionTime in TS.INFO)"]
    hourly = next(e for e in lessons["07-3-timeseries"].exercises if e.id == "hourly-max")
    room = values_for(hourly, 0)["room"]
    assert grade(hourly, [f"TS.CREATE temp:{room}:max1h",
                          f"TS.CREATERULE temp:{room} temp:{room}:max1h AGGREGATION max 3600000"]).passed
    movies = next(e for e in lessons["07-2-redisearch"].exercises if e.id == "index-movies")
    create = "FT.CREATE idx:movies ON HASH PREFIX 1 movie: SCHEMA title TEXT year NUMERIC SORTABLE genre TAG"
    assert grade(movies, [create]).passed
    assert grade(movies, [create.replace("movie:", "movie"), "FT.INFO idx:movies"]).passed   # no colon
    res = grade(movies, [create.replace("PREFIX 1 movie: ", "")])
    assert "and no others such as review:1" in res.reason
    assert not grade(movies, [create.replace(" SORTABLE", "")]).passed

