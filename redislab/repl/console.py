"""The plain console loop: prompt-toolkit prompt, redis-cli formatting, hints, HELP.

``Console.handle_line`` does all the work for one typed line and is what tests
drive; ``Console.run`` adds the prompt (history with Ctrl-R search, completion,
inline argument hints).
"""
from __future__ import annotations

import sys
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.layout.processors import Processor, Transformation
from prompt_toolkit.styles import Style

from ..cliformat import format_reply
from . import grammar
from .completion import RedisCompleter
from .helptext import help_text
from .tokenize import TokenizeError, split_args

_SUBSCRIBE = {b"subscribe", b"psubscribe", b"ssubscribe"}
STYLE = Style.from_dict({"hint": "#888888"})


def prompt_text(label: str, db: int = 0, queued: int | None = None) -> str:
    """``127.0.0.1:6379>``, ``redislab[2]>`` off db 0, ``(TX)`` then ``(TX:3)`` in MULTI."""
    s = label
    if db:
        s += f"[{db}]"
    if queued is not None:
        s += "(TX)" if queued == 0 else f"(TX:{queued})"
    return s + "> "


def history_path() -> Path:
    import platformdirs

    d = Path(platformdirs.user_data_dir("redislab"))
    d.mkdir(parents=True, exist_ok=True)
    return d / "repl_history"


class HintProcessor(Processor):
    """Shows the rest of the command's syntax in grey after the cursor, like redis-cli."""

    def apply_transformation(self, ti):
        doc = ti.document
        if ti.lineno != doc.line_count - 1 or doc.cursor_position != len(doc.text):
            return Transformation(ti.fragments)
        hint = grammar.hint_for(doc.text)
        if not hint:
            return Transformation(ti.fragments)
        return Transformation(list(ti.fragments) + [("class:hint", hint)])


class Console:
    def __init__(self, backend, *, write=None, history: History | None = None,
                 input=None, output=None):
        self.backend = backend
        self.write = write or self._stdout
        self.history = history
        self.input = input
        self.output = output
        self.running = True

    @staticmethod
    def _stdout(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    def prompt(self) -> str:
        b = self.backend
        return prompt_text(b.label, b.db, b.queued)

    # --------------------------------------------------------------- one line
    def handle_line(self, line: str) -> bool:
        """Run one typed line; False when the console should exit."""
        try:
            argv = split_args(line)
        except TokenizeError:
            self.write("Invalid argument(s)\n")
            return True
        if not argv:
            return True
        name = argv[0].lower()
        if name in (b"quit", b"exit"):
            self.running = False
            return False
        if name == b"help" or name == b"?":
            self.write(help_text([a.decode("utf-8", "replace") for a in argv[1:]]))
            return True
        if name == b"clear":
            self.write("\x1b[H\x1b[2J")
            return True
        try:
            reply = self.backend.execute(argv)
        except (OSError, ConnectionError) as e:
            self.write(f"Could not connect to Redis at {self.backend.label}: {e}\n")
            return True
        self.write(format_reply(reply, argv))
        if name in _SUBSCRIBE and hasattr(self.backend, "_read"):
            self._listen(len(argv) - 2)
        return True

    def _listen(self, more_confirmations: int) -> None:
        """After SUBSCRIBE on a real server redis-cli prints messages until Ctrl-C."""
        try:
            for _ in range(max(0, more_confirmations)):
                self.write(format_reply(self.backend._read()))
            self.write("Reading messages... (press Ctrl-C to quit)\n")
            while True:
                self.write(format_reply(self.backend._read()))
        except KeyboardInterrupt:
            self.backend.close()
            self.backend.conn.connect()

    def on_push(self, msg) -> None:
        """Out-of-band messages on the embedded engine (pub/sub, MONITOR)."""
        self.write(format_reply(msg))

    # ----------------------------------------------------------------- prompt
    def run(self) -> int:
        from prompt_toolkit.patch_stdout import patch_stdout

        session = PromptSession(
            history=self.history if self.history is not None else _file_history(),
            completer=RedisCompleter(self.backend.scan_keys),
            complete_while_typing=False,
            input_processors=[HintProcessor()],
            style=STYLE,
            input=self.input,
            output=self.output,
        )
        with patch_stdout(raw=True):
            while self.running:
                try:
                    line = session.prompt(self.prompt)
                except KeyboardInterrupt:
                    continue
                except EOFError:
                    break
                if not self.handle_line(line):
                    break
        return 0


def _file_history() -> History:
    try:
        return FileHistory(str(history_path()))
    except OSError:
        return InMemoryHistory()


def main(url: str | None = None, engine=None) -> int:
    """`redislab repl [--url ...]`: the console on the embedded engine or a server."""
    from .backends import EngineBackend, RemoteBackend

    if url:
        try:
            backend = RemoteBackend(url)
        except Exception as e:  # noqa: BLE001 - report any connection failure plainly
            print(f"Could not connect to Redis at {url}: {e}", file=sys.stderr)
            return 1
        console = Console(backend)
    else:
        console = Console(None)
        console.backend = EngineBackend(engine, on_push=console.on_push)
    try:
        return console.run()
    finally:
        console.backend.close()
