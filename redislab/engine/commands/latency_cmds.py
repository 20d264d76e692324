"""LATENCY and its subcommands (the monitor itself is engine/latency.py)."""
from __future__ import annotations

from ... import errors
from .. import registry
from ..args import text
from ..latency import LatencyMonitor
from ..registry import Str, command
from ..replies import Verbatim, help_reply

registry.container("LATENCY", group="server", summary="A container for latency diagnostics commands.",
                   since="2.8.13")

_L = dict(group="server", flags="admin noscript loading stale")


@command("LATENCY|LATEST", arity=2, **_L,
         tips="nondeterministic_output request_policy:all_nodes response_policy:special",
         summary="Return the newest spike of every latency event.", complexity="O(1)", since="2.8.13")
def latency_latest(s, argv):
    mon = LatencyMonitor.of(s.engine)
    out = []
    for name, series in mon.events.items():
        t, ms = series.samples[-1]
        out.append([name.encode(), t, ms, series.max])
    return out


@command("LATENCY|HISTORY", arity=3, **_L,
         tips="nondeterministic_output request_policy:all_nodes response_policy:special",
         summary="Return the recorded spikes of one latency event, oldest first.", complexity="O(1)",
         since="2.8.13", args=(Str("event"),))
def latency_history(s, argv):
    series = LatencyMonitor.of(s.engine).events.get(text(argv[2]))
    if series is None:
        return []
    return [[t, ms] for t, ms in series.samples]


@command("LATENCY|RESET", arity=-2, **_L,
         tips="request_policy:all_nodes response_policy:agg_sum",
         summary="Forget the samples of some latency events, or of all of them.", complexity="O(1)",
         since="2.8.13", args=(Str("event", optional=True, multiple=True),))
def latency_reset(s, argv):
    mon = LatencyMonitor.of(s.engine)
    return mon.reset([text(a) for a in argv[2:]] if len(argv) > 2 else None)


@command("LATENCY|GRAPH", arity=3, **_L,
         tips="nondeterministic_output request_policy:all_nodes response_policy:special",
         summary="Draw an ASCII chart of one latency event's samples.", complexity="O(1)", since="2.8.13",
         args=(Str("event"),))
def latency_graph(s, argv):
    mon = LatencyMonitor.of(s.engine)
    event = text(argv[2])
    if event not in mon.events:
        raise errors.err(f"No samples available for event '{event}'")
    return Verbatim(mon.graph(event))


@command("LATENCY|DOCTOR", arity=2, **_L,
         tips="nondeterministic_output request_policy:all_nodes response_policy:special",
         summary="Explain the recorded latency events in plain words, with advice.", complexity="O(1)",
         since="2.8.13")
def latency_doctor(s, argv):
    return Verbatim(LatencyMonitor.of(s.engine).doctor())


@command("LATENCY|HISTOGRAM", arity=-2, **_L,
         tips="nondeterministic_output request_policy:all_nodes response_policy:special",
         summary="Return the distribution of command durations, per command, as cumulative "
                 "power-of-two buckets in microseconds.",
         complexity="O(N) where N is the number of commands with latency information being retrieved.",
         since="7.0.0", args=(Str("command", optional=True, multiple=True),))
def latency_histogram(s, argv):
    mon = LatencyMonitor.of(s.engine)
    if len(argv) == 2:
        specs = [sp for sp in registry.all_specs() if sp.fn is not None]
    else:
        specs = []
        for a in argv[2:]:
            name = text(a).lower()
            parent, _, sub = name.partition("|")
            sp = registry.lookup(parent)
            if sp is not None and sub:
                sp = registry.lookup_sub(sp, sub) if sp.subcommands else None
            if sp is not None and sp not in specs:
                specs.append(sp)
    out = {}
    for sp in specs:
        h = mon.histogram(sp)
        if h is not None:
            out[sp.name.encode()] = {b"calls": h["calls"], b"histogram_usec": h["histogram_usec"]}
    return out


@command("LATENCY|HELP", arity=2, group="server", flags="loading stale",
         summary="Explain the LATENCY subcommands.", complexity="O(1)", since="2.8.13")
def latency_help(s, argv):
    return help_reply(
        "LATENCY",
        "DOCTOR", "    Describe the recorded latency events and what may cause them.",
        "GRAPH <event>", "    Draw an ASCII chart of the samples of <event>.",
        "HISTORY <event>", "    The (time, latency) samples of <event>, oldest first.",
        "LATEST", "    The newest sample of every event.",
        "RESET [<event> ...]", "    Forget the samples of the given events (all events by default).",
        "HISTOGRAM [<command> ...]",
        "    Cumulative distribution of the durations of the given commands (all by default).",
    )
