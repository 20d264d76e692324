"""Pictures of the Stack modules' keys, driven as a learner drives them: a command
typed in the playground's console, then what the key panel shows."""
from rich.console import Console as RichConsole

from redislab.lab.visualizers import KeyView, json_doc, probabilistic, timeseries
from redislab.lab.visualizers.timeseries import sparkline

from .helpers import open_free_play
from .test_visualizers2 import picture, run


def _text(renderable, width: int = 100) -> str:
    rc = RichConsole(width=width, force_terminal=False)
    with rc.capture() as cap:
        rc.print(renderable)
    return cap.get()


async def test_json_set_draws_the_document_with_its_paths(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        await run(pilot, """JSON.SET user:1 $ '{"name":"Alice","address":{"city":"Seoul"},"tags":["python","redis"]}'""")
        shown = picture(app, 100)
        assert "ReJSON-RL" in shown
        assert "$.address.city" in shown and '"Seoul"' in shown
        assert "$.tags[1]" in shown and '"redis"' in shown


async def test_ts_add_draws_a_sparkline_and_the_newest_samples(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        await run(pilot, "TS.CREATE temp LABELS room kitchen")
        for i, v in enumerate((20, 21, 23, 22)):
            await run(pilot, f"TS.ADD temp {1000 * (i + 1)} {v}")
        shown = picture(app, 100)
        assert "TSDB-TYPE" in shown and "4 samples" in shown and "room=kitchen" in shown
        assert "4000  22" in shown


async def test_bloom_filter_shows_how_full_it_is(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        await run(pilot, "BF.RESERVE seen 0.01 100")
        await run(pilot, "BF.MADD seen a b c")
        shown = picture(app, 100)
        assert "MBbloom--" in shown and "3/100 items" in shown and "definitely not" in shown


def test_sparkline_scales_between_min_and_max():
    assert sparkline([0, 7]) == "▁█"
    assert sparkline([5, 5, 5]) == "▄▄▄"
    assert sparkline([]) == ""


def test_pictures_of_sketches_and_cuckoo():
    from redislab import Redis
    from redislab.engine import Engine

    e = Engine()
    r = Redis(engine=e)
    r.execute_command("CF.RESERVE", "cf", 64)
    r.execute_command("CF.ADD", "cf", "x")
    r.execute_command("CMS.INITBYDIM", "cms", 10, 3)
    r.execute_command("CMS.INCRBY", "cms", "a", 5)
    r.execute_command("TOPK.RESERVE", "tk", 2)
    r.execute_command("TOPK.ADD", "tk", "a", "a", "b")
    db = e.keyspace.dbs[0]
    for key, want in ((b"cf", "1 fingerprints stored"), (b"cms", "5 counted in all"), (b"tk", "a")):
        v = db.data[key]
        assert want in _text(probabilistic.render(KeyView(key, v, v.TYPE, "raw", None, 0)))
    assert json_doc and timeseries     # (the module tests above drive these two)


async def test_the_redisearch_lesson_runs_on_its_own_engine_in_db_0(make_app):
    # RediSearch refuses FT.CREATE outside database 0; ordinary lessons get db 1, 2, ...
    from redislab.lab.widgets.console import CommandInput

    from .helpers import screen_lines, type_line
    from .test_newcomer import open_lesson

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_lesson(pilot, "07-2-redisearch")
        assert "own engine" in screen.sub_title and "cluster" not in screen.sub_title
        screen.query_one(CommandInput).focus()
        await type_line(pilot, "FT.CREATE idx ON HASH PREFIX 1 movie: SCHEMA title TEXT")
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "OK" in shown and "Cannot create index" not in shown


def test_json_paths_stay_whole_in_a_narrow_panel():
    # At 80x24 the key panel is ~31 columns: the tree-and-path grid cut every path to
    # "$.address.…", so city and zip looked alike. Narrow, each node is "path  value".
    from redislab import Redis
    from redislab.engine import Engine

    e = Engine()
    Redis(engine=e).execute_command(
        "JSON.SET", "u", "$", '{"name":"Alice","address":{"city":"Seoul","zip":"06000"}}')
    v = e.keyspace.dbs[0].data[b"u"]
    view = KeyView(b"u", v, v.TYPE, "raw", None, 0)
    narrow = _text(json_doc.render(view), width=31)
    assert '$.address.city  "Seoul"' in narrow and '$.address.zip  "06000"' in narrow
    assert "…" not in narrow
    wide = _text(json_doc.render(view), width=100)
    assert "city: \"Seoul\"" in wide and "$.address.city" in wide


def test_ts_picture_reads_ms_as_a_span_and_counts_one_sample_right():
    from redislab import Redis
    from redislab.engine import Engine

    e = Engine()
    r = Redis(engine=e)
    r.execute_command("TS.CREATE", "m", "RETENTION", 43200000)
    r.execute_command("TS.CREATE", "m:avg")
    r.execute_command("TS.CREATERULE", "m", "m:avg", "AGGREGATION", "avg", 300000)
    r.execute_command("TS.ADD", "m", 1000, 5)
    v = e.keyspace.dbs[0].data[b"m"]
    shown = _text(timeseries.render(KeyView(b"m", v, v.TYPE, "raw", None, 0)))
    assert "retention 43200000 ms (12 h)" in shown
    assert "avg per 300000 ms (5 min)" in shown
    assert "the only sample so far" in shown and "last 1 samples" not in shown


def test_a_nearly_empty_bloom_filter_still_shows_its_bits():
    # 1 item in a 1000-item filter sets 7 of ~9600 bits: the strip was all blanks and
    # the line said "0% of bits set".
    from redislab import Redis
    from redislab.engine import Engine

    e = Engine()
    r = Redis(engine=e)
    r.execute_command("BF.RESERVE", "bf", 0.01, 1000)
    r.execute_command("BF.ADD", "bf", "alice@example.com")
    v = e.keyspace.dbs[0].data[b"bf"]
    shown = _text(probabilistic.render(KeyView(b"bf", v, v.TYPE, "raw", None, 0)))
    assert "7 bits set (0.07%)" in shown and "0% of bits set" not in shown
    assert "░" in shown
