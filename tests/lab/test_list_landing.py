"""The list picture marks where the learner's last push landed, and the end a pop took from."""
from redislab.engine import Engine, VirtualClock
from redislab.lab.visualizers import Notes, render, view_of


def _text(renderable) -> str:
    from rich.console import Console

    c = Console(width=80, record=True, color_system=None)
    c.print(renderable)
    return c.export_text()


def test_push_and_pop_are_marked():
    e = Engine(clock=VirtualClock())
    s = e.session()
    notes = Notes()
    db = e.keyspace.dbs[0]

    def run(*a):
        argv = [x.encode() for x in a]
        reply = e.execute(s, argv)
        notes.observe(db, argv, reply)
        return reply

    run("RPUSH", "q", "a", "b")
    run("LPUSH", "q", "x", "y")
    out = _text(render(view_of(db, b"q", e.clock.time_ms(), notes=notes)))
    assert "last push: 2 element(s) landed at the head" in out
    run("RPOP", "q")
    out = _text(render(view_of(db, b"q", e.clock.time_ms(), notes=notes)))
    assert "last pop: 1 element(s) taken from the tail" in out
