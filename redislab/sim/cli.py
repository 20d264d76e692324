"""`redislab simulate`: run a scenario, list them, or grade a challenge.

Registered in the `redislab` command table through ``@subcommand`` (this module is
one of ``redislab.cli._PLUGINS``).
"""
from __future__ import annotations

import argparse
import json
import sys

from ..cli import subcommand
from .metrics import TABLE_SKIP


def parse_params(items: list[str]) -> dict:
    out = {}
    for item in items or ():
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ValueError(f"--param wants NAME=VALUE, got {item!r}")
        out[name.strip()] = value.strip()
    return out


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def format_table(result: dict, columns: tuple = ()) -> str:
    """Metrics as rows and strategies side by side as columns."""
    results = result["results"]
    names = list(results)
    keys: list[str] = [c for c in columns if any(c in r for r in results.values())]
    for r in results.values():
        keys += [k for k in r if k not in keys and k not in TABLE_SKIP]
    rows = [["metric"] + names] + [[k] + [_fmt(results[n].get(k, "")) for n in names] for k in keys]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for j, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_result(result: dict, columns: tuple = ()) -> str:
    params = ", ".join(f"{k}={_fmt(v)}" for k, v in result["params"].items() if k != "strategies")
    out = [f"{result['scenario']}  (seed {result['seed']})", f"params: {params}", "", format_table(result, columns)]
    if result.get("notes"):
        out += [""] + [f"* {n}" for n in result["notes"]]
    return "\n".join(out)


def format_list() -> str:
    from .challenges import CHALLENGES
    from .scenarios import all_scenarios

    out = []
    for sc in all_scenarios().values():
        out.append(f"{sc.name}: {sc.summary}")
        out.append(f"    strategies: {', '.join(sc.strategies)}")
        for p in sc.params:
            choices = f" [{'|'.join(map(str, p.choices))}]" if p.choices else ""
            out.append(f"    {p.name}={_fmt(p.default)}{choices}  {p.help}")
        out.append("")
    out.append("challenges (redislab simulate SCENARIO --challenge ID --param strategies=NAME ...):")
    for c in CHALLENGES.values():
        knobs = ", ".join(["strategies"] + list(c.allowed))
        out.append(f"    {c.id} [{c.scenario}]: {c.title}  (you may set: {knobs})")
    return "\n".join(out)


def format_grade(g: dict) -> str:
    params = ", ".join(f"{k}={_fmt(v)}" for k, v in g["params"].items())
    out = [f"challenge {g['challenge']}: {g['title']}",
           f"scenario {g['scenario']}, strategy {g['strategy']}, {params} (seed {g['seed']})"]
    for c in g["checks"]:
        out.append(f"  [{'pass' if c['passed'] else 'FAIL'}] {c['goal']}: got {_fmt(c['value'])}")
    out.append("PASSED" if g["passed"] else "not yet")
    return "\n".join(out)


def main(args) -> int:
    from .challenges import CHALLENGES, grade
    from .scenarios import all_scenarios

    if args.list:
        print(format_list())
        return 0
    table = all_scenarios()
    if not args.scenario:
        print("redislab simulate: name a scenario (or --list): " + ", ".join(table), file=sys.stderr)
        return 2
    if args.scenario not in table:
        print(f"redislab simulate: unknown scenario {args.scenario!r}; try: {', '.join(table)}", file=sys.stderr)
        return 2
    try:
        params = parse_params(args.param)
        if args.challenge:
            ch = CHALLENGES.get(args.challenge)
            if ch is None or ch.scenario != args.scenario:
                mine = [c.id for c in CHALLENGES.values() if c.scenario == args.scenario]
                print(f"redislab simulate: no challenge {args.challenge!r} for {args.scenario}; "
                      f"try: {', '.join(mine) or '(none)'}", file=sys.stderr)
                return 2
            g = grade(args.challenge, params, args.seed)
            print(json.dumps(g, indent=2) if args.json else format_grade(g))
            return 0 if g["passed"] else 1
        sc = table[args.scenario]
        result = sc.execute(params, args.seed)
    except ValueError as e:
        print(f"redislab simulate: {e}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2) if args.json else format_result(result, sc.columns))
    return 0


@subcommand("simulate", "run a deterministic cache / distributed-pattern simulation")
def _simulate(p: argparse.ArgumentParser):
    p.add_argument("scenario", nargs="?", help="scenario name (see --list)")
    p.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                   help="set a scenario parameter (repeatable); strategies=a,b picks strategies")
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed, same numbers)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--list", action="store_true", help="list scenarios, their parameters and challenges")
    p.add_argument("--challenge", metavar="ID", help="grade a challenge of this scenario")
    return main
