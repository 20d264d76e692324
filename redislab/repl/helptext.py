"""HELP <command> and HELP @group, printed from the command table like redis-cli's."""
from __future__ import annotations

from ..engine import registry


def _entry(spec) -> str:
    lines = [f"  {spec.display_name} {spec.hint()}".rstrip()]
    lines.append(f"  summary: {spec.summary}")
    lines.append(f"  since: {spec.since}")
    lines.append(f"  group: {spec.group}")
    if spec.complexity:
        lines.append(f"  complexity: {spec.complexity}")
    return "\n".join(lines) + "\n"


def _specs():
    for spec in registry.load_all().values():
        if spec.fn is not None:   # a container (CLIENT) is listed through its subcommands
            yield spec
        for sub in spec.subcommands.values():
            yield sub


def groups() -> list[str]:
    return sorted({s.group for s in _specs()})


def help_text(args: list[str], leave: str = '"quit" to exit') -> str:
    """The text for ``HELP`` followed by ``args`` (redis-cli's layout: a blank line,
    then one block per command). ``leave`` says how to get out: the lab's consoles
    are left with Esc, not with "quit" (which the lab sends to Redis)."""
    if not args:
        return ("redislab console (redis-cli compatible)\n"
                'Type: "help @<group>" to get a list of commands in <group>\n'
                '      "help <command>" for help on <command>\n'
                '      "help <tab>" to get a list of possible help topics\n'
                f"      {leave}\n\n"
                "Groups: " + " ".join("@" + g for g in groups()) + "\n")
    first = args[0]
    if first.startswith("@"):
        group = first[1:].lower()
        specs = sorted((s for s in _specs() if s.group == group), key=lambda s: s.name)
        if not specs:
            return f"No help for {first} (unknown group)\n"
        return "\n" + "\n".join(_entry(s) for s in specs) + "\n"
    spec, used = registry.lookup(first), 1
    if spec is not None and spec.subcommands and len(args) > 1:
        sub = registry.lookup_sub(spec, args[1])
        if sub is not None:
            spec = sub
    elif spec is not None and spec.subcommands and spec.fn is None:
        subs = sorted(spec.subcommands.values(), key=lambda s: s.name)
        return "\n" + "\n".join(_entry(s) for s in subs) + "\n"
    if spec is None:
        return f"No help for '{' '.join(args)}'\n"
    return "\n" + _entry(spec) + "\n"
