"""The second set of pictures (bits, HLL, geo, streams, pub/sub, Venn, skiplist
levels), driven the way a learner drives them: commands typed in the playground's
console, then what the key panel shows."""
import time

from rich.console import Console as RichConsole
from textual.widgets import Static

from redislab.lab import visualizers as V
from redislab.lab.screens.help import binding_rows
from redislab.lab.widgets.console import CommandInput, Console
from redislab.lab.widgets.keyview import KeyPanel

from .helpers import open_free_play, type_line


async def run(pilot, line: str) -> None:
    """Run one console line (the whole line at once: long lines stay fast)."""
    inp = pilot.app.screen.query_one(CommandInput)
    inp.value = line
    await pilot.press("enter")
    await pilot.pause()


def picture(app, width: int = 80) -> str:
    """Plain text of what the key panel shows right now."""
    body = app.screen.query_one("#picture-body", Static)
    rc = RichConsole(width=width, force_terminal=False)
    with rc.capture() as cap:
        rc.print(body.content)
    return cap.get()


def panel(app) -> KeyPanel:
    return app.screen.query_one(KeyPanel)


async def test_setbit_opens_the_bit_grid_and_f7_toggles(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        await type_line(pilot, "SETBIT visits 10 1")
        await run(pilot, "SETBIT visits 42 1")
        out = picture(app)
        assert "BITCOUNT 2 of 48 bits · 6 bytes · BITPOS 1 = 10" in out
        assert "00100000" in out                     # bit 10 = byte 1, third bit
        assert "last SETBIT (42)" in out
        assert panel(app).view.picture == "bitmap"
        await pilot.press("f4", "f7")                # focus the picture, other view
        await pilot.pause()
        assert panel(app).view.picture == "string" and "BITCOUNT" not in picture(app)
        await pilot.press("f7")
        await pilot.pause()
        assert "BITCOUNT 2" in picture(app)
        await pilot.press("f2")
        await run(pilot, "SET plain hello")          # an ordinary string opens as text
        assert panel(app).view.picture == "string"


async def test_big_bitmap_is_windowed(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        t0 = time.perf_counter()
        await run(pilot, "SETBIT huge 8000000 1")    # a 1 MB string
        assert time.perf_counter() - t0 < 5.0   # in-app layout; the pure renders are timed below
        out = picture(app)
        assert "BITCOUNT 1 of 8000008 bits" in out and "BITPOS 1 = 8000000" in out
        assert "zero bytes" in out and "bytes 0–199 of 1000001" in out
        await pilot.press("f4", "]")
        await pilot.pause()
        assert "bytes 200–399" in picture(app)


async def test_pfadd_shows_registers_estimate_and_exact_count(make_app, lab_engine):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        await run(pilot, "PFADD visitors alice bob carol")
        await run(pilot, "PFADD visitors bob dave")
        out = picture(app, 80)
        assert "HyperLogLog · sparse" in out
        assert "estimate 4  exact 4  error +0.00%" in out
        assert "4 of 16384 registers set" in out
        members = " ".join(f"user{i}" for i in range(3000))
        await run(pilot, f"PFADD visitors {members}")
        out = picture(app, 80)
        assert "HyperLogLog · dense" in out          # grew past hll-sparse-max-bytes
        assert "exact 3004  error" in out
        # The estimate is computed without PFCOUNT: the cached cardinality stays stale.
        assert "header cache stale" in out
        await run(pilot, "PFCOUNT visitors")
        console = app.screen.query_one(Console)
        est = console.transcript[-1].split()[-1]
        assert f"estimate {est}" in picture(app, 80)
        # An HLL that existed before this console saw it: the exact count is unknown.
        lab_engine.run("PFADD", "other", "x", "y")
        await run(pilot, "PFADD other z")
        assert "exact count unknown" in picture(app, 80)


async def test_geoadd_map_and_search_overlay(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        await run(pilot, "GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania")
        await run(pilot, "GEOADD Sicily 12.5 37.8 Marsala")
        out = picture(app, 70)
        assert panel(app).view.picture == "geo"
        assert "Palermo" in out and "13.36139" in out and "┌" in out
        await run(pilot, "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 100 km")
        out = picture(app, 70)
        assert "+ GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 100 km · 1 found" in out
        assert "+" in out and "·" in out             # the centre and the area searched
        await run(pilot, "GEORADIUSBYMEMBER Sicily Palermo 200 km")
        assert "3 found" in picture(app, 70)
        await run(pilot, "GEOSEARCH Sicily FROMMEMBER Marsala BYBOX 100 100 km")
        assert "1 found" in picture(app, 70)


async def test_stream_entries_groups_and_pending(make_app, lab_engine):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        await run(pilot, "XADD orders 1-0 item book qty 1")
        await run(pilot, "XADD orders 2-0 item pen qty 3")
        await run(pilot, "XADD orders 3-0 item ink qty 2")
        out = picture(app, 80)
        assert "1-0" in out and "item=book qty=1" in out and "no consumer groups" in out
        await run(pilot, "XGROUP CREATE orders shipping 0")
        await run(pilot, "XREADGROUP GROUP shipping alice COUNT 2 STREAMS orders >")
        lab_engine.clock.advance(5000) if hasattr(lab_engine.clock, "advance") else None
        await run(pilot, "XREADGROUP GROUP shipping bob COUNT 1 STREAMS orders >")
        await run(pilot, "XREADGROUP GROUP shipping alice STREAMS orders 0")   # re-delivers 1-0, 2-0
        out = picture(app, 100)
        assert "group shipping  last-delivered-id 3-0" in out
        assert "pending 3" in out
        assert "alice  pending 2" in out and "bob  pending 1" in out
        assert "1-0  delivered ×2" in out and "3-0  delivered ×1" in out
        assert "idle" in out and "⏳" in out
        await run(pilot, "XACK orders shipping 3-0")
        out = picture(app, 100)
        assert "bob  pending 0" in out


async def test_pubsub_panel_after_subscribe_and_publish(make_app, lab_engine):
    other = lab_engine.session("lab-test")
    other.push = lambda msg: None
    lab_engine.execute(other, [b"CLIENT", b"SETNAME", b"worker"])
    lab_engine.execute(other, [b"PSUBSCRIBE", b"news.*"])
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        await run(pilot, "HELLO 3")                  # RESP3: PUBLISH allowed while subscribed
        await run(pilot, "SUBSCRIBE news.tech")
        out = picture(app, 90)
        assert "Pub/Sub · 1 channel(s) · 1 pattern(s)" in out
        assert "news.tech" in out and "news.*" in out and "worker" in out
        await run(pilot, "PUBLISH news.tech hello")
        await run(pilot, "PUBLISH nowhere lost-msg")
        out = picture(app, 90)
        assert "news.tech ← hello  → 2 receivers" in out
        assert "nowhere ← lost-msg  → 0 receivers (lost)" in out
        assert out.index("lost-msg") < out.index("hello")        # newest first
        await run(pilot, "SET k v")                  # a key command: back to the key
        assert "Pub/Sub" not in picture(app)


async def test_sinter_draws_a_venn_view(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        await run(pilot, "SADD a 1 2 3 apple")
        await run(pilot, "SADD b 3 apple 9")
        await run(pilot, "SINTER a b")
        out = picture(app, 70)
        assert "SINTER A = a  B = b" in out
        assert "lit: what SINTER returns (2 members)" in out
        rows = [ln.split() for ln in out.splitlines()]
        assert ["2", "2", "1"] in [[c for c in r if c.isdigit()] for r in rows if "│" in "".join(r)]
        await run(pilot, "SDIFF a b")
        assert "lit: what SDIFF returns (2 members)" in picture(app, 70)
        await run(pilot, "SUNIONSTORE u a b")
        assert "lit: what SUNIONSTORE returns (5 members)" in picture(app, 70)
        await run(pilot, "SCARD a")
        assert "only A" not in picture(app, 70)      # the Venn view lasts one command


async def test_zset_skiplist_levels_and_huge_keys(make_app, lab_engine):
    lab_engine.run("ZADD", "big", *[x for i in range(100_000) for x in (i, f"m{i}")])
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        await run(pilot, "ZADD board 10 ann 20 bob 5 cy")
        assert panel(app).view.picture == "zset"
        await pilot.press("f4", "f7")
        await pilot.pause()
        out = picture(app, 70)
        assert "HEAD" in out and "NIL" in out and "■" in out and "L1=3" in out
        assert out.index(" cy ") < out.index(" ann ") < out.index(" bob ")   # score order
        await pilot.press("f2")
        t0 = time.perf_counter()
        await run(pilot, "ZSCORE big m5")
        await pilot.press("f4", "f7")
        await pilot.pause()
        out = picture(app, 70)
        assert time.perf_counter() - t0 < 5.0   # in-app layout; the pure renders are timed below
        assert "items 0–199 of 100000" in out and "L1=200" in out
        await pilot.press("]")
        await pilot.pause()
        assert "ranks 0–199 above" in picture(app, 70)


def test_windowed_renders_are_fast_at_100k(lab_engine):
    e = lab_engine
    db = e.keyspace.dbs[0]
    notes = V.Notes()

    def ran(*argv):
        argv = [a if isinstance(a, bytes) else str(a).encode() for a in argv]
        notes.observe(db, argv, e.run(*argv), e.clock.time_ms())

    ran("GEOADD", "g", *[x for i in range(100_000) for x in (-120 + (i % 1000) * 0.1, 30 + (i // 1000) * 0.1, f"p{i}")])
    ran("GEOSEARCH", "g", "FROMLONLAT", -100, 35, "BYRADIUS", 200, "km")
    ran("PFADD", "h", *[f"u{i}" for i in range(100_000)])
    for i in range(3000):
        e.run("XADD", "s", "*", "i", i)
    ran("SADD", "a", *range(100_000))
    ran("SADD", "b", *range(50_000, 150_000))
    shown = {}
    for key in (b"g", b"h", b"s"):
        rc = RichConsole(width=60, force_terminal=False)
        t0 = time.perf_counter()
        with rc.capture() as cap:
            rc.print(V.render(V.view_of(db, key, e.clock.time_ms(), 0, notes)))
        assert time.perf_counter() - t0 < 1.0, key
        shown[key] = cap.get()
    assert "exact 100000" in shown[b"h"] and "HyperLogLog · dense" in shown[b"h"]
    assert "found" in shown[b"g"] and "items 0–199 of 100000" in shown[b"g"]
    assert "items 0–199 of 3000" in shown[b"s"]
    ran("SINTER", "a", "b")
    rc = RichConsole(width=60, force_terminal=False)
    t0 = time.perf_counter()
    with rc.capture() as cap:
        rc.print(V.render_focus(notes.focus, db, e.clock.time_ms(), e, notes))
    assert time.perf_counter() - t0 < 1.0
    assert "50000" in cap.get()


def test_f7_is_documented_in_help(make_app):
    rows = binding_rows(make_app())
    assert any(key == "f7" and "bits" in desc for _, key, desc in rows)


def test_hll_snapshot(snap_compare, make_app):
    async def run_before(pilot):
        await open_free_play(pilot)
        await run(pilot, "PFADD visitors " + " ".join(f"v{i}" for i in range(300)))
        await run(pilot, "PFADD visitors alice bob")

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=run_before)
