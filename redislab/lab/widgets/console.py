"""The lab console: type a Redis command, read redis-cli's answer.

Parsing, completion candidates, hints and HELP come from ``redislab.repl``'s pure
helpers so both consoles behave the same; this module only adds the Textual parts
(log, prompt, input with history and Tab) and announces every command it ran with
``CommandRan`` so the visualizers can refresh.
"""
from __future__ import annotations

import os
import threading

from rich.highlighter import Highlighter
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label, RichLog, Static

from ...cliformat import format_reply
from ...engine.blocking import Blocked
from ...engine.replies import as_resp2 as resp2
from ...errors import RedisError
from ...repl import grammar
from ...repl.completion import candidates
from ...repl.helptext import help_text
from ...repl.tokenize import TokenizeError, split_args, split_words
from ..messages import CommandRan
from .highlight import STYLES, highlight, roles
from .history_search import HistorySearch
from .reflowlog import ReflowLog

IDLE_HINT = "Tab: complete · ↑↓: history · Ctrl+R: search · HELP cmd"
MORE_PROMPT = "...> "
MORE_HINT = "multi-line · Esc cancels · close the quote (or end a line without \\) to run"
# A blocking command with timeout 0 waits for ever; redis-cli's way out is Ctrl+C,
# which Textual would answer with "quit the app?". Both keys stop the wait here.
BLOCKED_HINT = "blocked · Esc or Ctrl+C stops waiting (nothing else runs until then)"


def open_quote(text: str) -> str | None:
    """The quote still open at the end of ``text``, if any. The scan follows
    split_args' quoting so both agree on where a string ends."""
    quote = None
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if quote == '"':
            if c == "\\":
                i += 1
            elif c == '"':
                quote = None
        elif quote == "'":
            if c == "\\" and i + 1 < n and text[i + 1] == "'":
                i += 1
            elif c == "'":
                quote = None
        elif c in "\"'":
            quote = c
        i += 1
    return quote


def needs_more(text: str) -> bool:
    """Does ``text`` continue on the next line? Yes when a quote is still open
    (an EVAL script typed over several lines) or it ends in a ``\\`` outside quotes."""
    return open_quote(text) is not None or text.endswith("\\")


def one_line(text: str) -> str:
    """A multi-line command as one history line that means the same: a newline in
    double quotes becomes the ``\\n`` escape, elsewhere a space (single quotes
    have no escape for it, so a newline there is the one lossy case)."""
    out, quote, i = [], None, 0
    while i < len(text):
        c = text[i]
        if c == "\n":
            out.append("\\n" if quote == '"' else " ")
        else:
            out.append(c)
            if quote == '"' and c == "\\" and i + 1 < len(text):
                out.append(text[i + 1])
                i += 1
            elif quote is None and c in "\"'":
                quote = c
            elif c == quote:
                quote = None
        i += 1
    return "".join(out)


class CommandHighlighter(Highlighter):
    """Colours the line under the cursor as it is typed (see ``highlight``)."""

    def highlight(self, text: Text) -> None:
        for s, e, role in roles(text.plain):
            if role:
                text.stylize(STYLES[role], s, e)


def prompt_text(label: str, db: int = 0, queued: int | None = None) -> str:
    """``redislab>``, ``redislab[2]>`` off db 0, ``redislab(TX 3)>`` inside MULTI.
    The queued count is shown (redis-cli shows only ``(TX)``) because watching the
    queue grow is the point of the transactions lesson."""
    s = label + (f"[{db}]" if db else "")
    if queued is not None:
        s += f"(TX {queued})"
    return s + "> "


def complete_line(line: str, cands: list[str]) -> tuple[str, list[str]]:
    """Apply Tab to ``line``: (new line, candidates to show). One candidate is
    inserted with a trailing space; several extend the word to their common prefix."""
    if not cands:
        return line, []
    words, ends_space = split_words(line)
    current = "" if ends_space or not words else words[-1]
    stem = line[: len(line) - len(current)] if current and line.endswith(current) else line
    quoted = [f'"{c}"' if " " in c else c for c in cands]
    if len(quoted) == 1:
        return stem + quoted[0] + " ", []
    # candidates() already matches the case the user typed in, so a plain common
    # prefix is right for command words and case-sensitive key names alike.
    prefix = os.path.commonprefix(quoted)
    if len(prefix) > len(current):
        return stem + prefix, quoted
    return line, quoted


def hint_line(line: str) -> Text | str:
    """What the line under the prompt says while typing: the rest of the command's
    syntax (as redis-cli shows it), and right after the command name its summary."""
    if not line.strip():
        return IDLE_HINT
    words, ends_space = split_words(line)
    hint = grammar.hint_for(line).strip()
    text = Text(hint, style="dim")
    spec, used = grammar.resolve(words)
    if spec is not None and len(words) == used and ends_space and spec.summary:
        text.append(("  — " if hint else "") + spec.summary, style="dim italic")
    return text


class CommandInput(Input):
    """An Input with shell-like history and Tab completion."""

    BINDINGS = [
        Binding("up", "history(-1)", "Previous command", show=False, tooltip="Previous command from the history"),
        Binding("down", "history(1)", "Next command", show=False, tooltip="Next command from the history"),
        Binding("tab", "complete", "Complete", show=False, tooltip="Complete the command, subcommand, option or key name"),
        Binding("enter", "run", "Run", show=False, tooltip="Run the command (an open quote or a final \\ continues it on the next line)"),
        # Ctrl+R as in readline and the terminal REPL; the lesson's Reset moved to
        # Ctrl+O so the two never compete while the console has focus.
        Binding("ctrl+r", "search", "Search history", show=False,
                tooltip="Reverse-search the history: type to narrow, Ctrl+R older, Enter take, Esc cancel"),
    ]

    def __init__(self, **kw):
        super().__init__(**kw)
        self.history: list[str] = []
        self._pos = 0
        self._draft = ""
        self.search: HistorySearch | None = None

    def remember(self, line: str) -> None:
        if line and (not self.history or self.history[-1] != line):
            self.history.append(line)
        self._pos = len(self.history)
        self._draft = ""

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._pos == len(self.history):
            self._draft = self.value
        self._pos = max(0, min(len(self.history), self._pos + step))
        self.value = self.history[self._pos] if self._pos < len(self.history) else self._draft
        self.cursor_position = len(self.value)

    # Keys that act on the whole line are handled here, in the input's own key
    # queue, not through BINDINGS: a binding runs later, after the characters typed
    # next have already been inserted, which splits lines wrongly when keys arrive
    # fast (a burst from a script, tmux, a paste without bracketed-paste support).
    # BINDINGS above still document them (F1 help) and serve as a fallback.
    _LINE_KEYS = {"enter": ("run", ()), "tab": ("complete", ()),
                  "up": ("history", (-1,)), "down": ("history", (1,)),
                  "ctrl+r": ("search", ())}

    async def _on_key(self, event) -> None:
        console = self._console()
        if self.search is not None:
            # While searching every key belongs to the search, as in readline.
            event.stop()
            event.prevent_default()
            self._search_key(event)
            return
        if console is not None and console.blocked:
            # The session is parked on a blocking command: Esc/Ctrl+C give up the
            # wait; Enter cannot send another command on it, so it is held back
            # (the line stays for when the reply comes). Other keys type ahead.
            # A wait that cannot be called off (a server's) lets Esc leave the screen.
            stop = event.key in ("escape", "ctrl+c") and console.can_stop_waiting
            if stop or event.key == "enter":
                event.stop()
                event.prevent_default()
                if stop:
                    console.stop_waiting()
                return
        if event.key == "escape" and console is not None and console.pending:
            # Only a pending multi-line command eats Esc; otherwise it goes on
            # to the screen (Back).
            event.stop()
            event.prevent_default()
            console.cancel_pending()
            return
        act = self._LINE_KEYS.get(event.key)
        if act is None:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        name, args = act
        getattr(self, f"action_{name}")(*args)

    def _console(self) -> "Console | None":
        return next((a for a in self.ancestors if isinstance(a, Console)), None)

    # ------------------------------------------------------------ Ctrl+R search
    def action_search(self) -> None:
        self.search = HistorySearch(self.history)
        self._show_search()

    def _show_search(self) -> None:
        console = self._console()
        if console is not None and self.search is not None:
            style = "bold red" if self.search.failed else "yellow"
            console.query_one(".hint", Static).update(Text(self.search.status(), style=style))

    def _search_key(self, event) -> None:
        s = self.search
        key = event.key
        if key == "ctrl+r":
            s.older()
        elif key == "backspace":
            s.backspace()
        elif key in ("escape", "ctrl+g"):
            self._end_search(None)
            return
        elif key == "enter" or not (event.is_printable and event.character):
            # Enter takes the match; any other key (arrows...) also ends the search
            # with the match in the line, like readline, so nothing is lost.
            self._end_search(s.match)
            return
        else:
            s.type(event.character)
        self._show_search()

    def _end_search(self, line: str | None) -> None:
        self.search = None
        if line is not None:
            self.value = line
            self.cursor_position = len(line)
        console = self._console()
        if console is not None:
            console.query_one(".hint", Static).update(
                MORE_HINT if console.pending else hint_line(self.value))

    def action_complete(self) -> None:
        console = self._console()
        if console is not None:
            console.complete()

    def action_run(self) -> None:
        # Not Input.Submitted: its value is read when the message is handled, so
        # with fast typing (or keys sent in a burst) the next line's first keys
        # would already be in it. Taking the value here keeps lines apart.
        line, self.value = self.value, ""
        console = self._console()
        if console is not None:
            console.enter_line(line)


class Console(Widget):
    """A scrolling log, a hint line and a prompt, on one backend session."""

    DEFAULT_CSS = """
    Console { layout: vertical; height: 1fr; }
    Console > RichLog { height: 1fr; background: $surface; scrollbar-size-vertical: 1; overflow-x: hidden; }
    Console > .hint { height: 1; color: $text-muted; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    Console > Horizontal { height: 1; }
    Console .prompt { width: auto; color: $accent; padding: 0 0 0 1; }
    Console CommandInput { border: none; height: 1; padding: 0; background: $surface; }
    Console CommandInput:focus { border: none; }
    """

    def __init__(self, backend, *, id: str | None = None, greeting: str | None = None):
        super().__init__(id=id)
        self.backend = backend
        self.greeting = greeting     # None: the free-play suggestion below
        self.transcript: list[str] = []   # plain text of everything logged (tests, copy)
        # The candidate list Tab showed, and the line it belongs to: it stays on the
        # hint line while the line is still that one (see _changed).
        self._cands: tuple[str, Text] | None = None
        self.pending: list[str] = []      # earlier lines of a multi-line command
        self._parked = None               # a blocking command's reply still to come
        if hasattr(backend, "session"):
            backend.session.push = self._on_push

    def compose(self) -> ComposeResult:
        # min_width: RichLog renders at least 78 columns by default, which crops
        # wrapped lines in a narrow pane instead of wrapping them. ReflowLog: a
        # terminal resize re-wraps what is already there.
        yield ReflowLog(wrap=True, markup=False, highlight=False, max_lines=5000, min_width=20)
        with Horizontal():
            yield Label(self.prompt, classes="prompt")
            yield CommandInput(placeholder="type a Redis command", select_on_focus=False,
                               highlighter=CommandHighlighter())
        yield Static(IDLE_HINT, classes="hint")

    def on_mount(self) -> None:
        where = "the built-in Redis engine" if self.backend.label == "redislab" else self.backend.label
        text = self.greeting if self.greeting is not None else \
            f"Connected to {where}. Try: SET user:1:name Alice, then GET user:1:name"
        # Written now, not after a refresh: RichLog holds lines until it knows its
        # width anyway, and a screen's own notes (an exercise loading) must come after.
        if text:
            self.write(text, "dim")

    @property
    def prompt(self) -> str:
        b = self.backend
        return prompt_text(b.label, b.db, b.queued)

    @property
    def blocked(self) -> bool:
        return self._parked is not None

    def focus_input(self) -> None:
        self.query_one(CommandInput).focus()

    # ----------------------------------------------------------------- output
    def write(self, text: str, style: str = "") -> None:
        text = text.rstrip("\n")
        self.transcript.extend(text.split("\n"))
        if len(self.transcript) > 10_000:      # keep about what the log keeps
            del self.transcript[:5_000]
        self.query_one(RichLog).write(Text(text, style=style))

    def _as_sent(self, reply):
        """The reply in the shape the session's protocol delivers it. The engine
        answers in RESP3 values; a RESP2 connection (redis-cli's default, and the
        lessons' examples) gets maps as flat lists, sets as lists and doubles as
        strings, so ``HGETALL`` prints ``1) "name"`` as redis-cli does, not ``1#``.
        After ``HELLO 3`` the RESP3 shapes show, as with ``redis-cli -3``."""
        session = getattr(self.backend, "session", None)
        return resp2(reply) if getattr(session, "resp", 3) == 2 else reply

    def _write_reply(self, reply, argv) -> None:
        style = "bold red" if isinstance(reply, RedisError) else ""
        self.write(format_reply(self._as_sent(reply), argv) or "\n", style)

    def _on_push(self, msg) -> None:
        # Pushes (pub/sub messages) can come from a thread serving another client.
        text = format_reply(self._as_sent(msg))
        if threading.current_thread() is threading.main_thread():
            self.write(text, "green")
        else:
            self.app.call_from_thread(self.write, text, "green")

    # ------------------------------------------------------------------ input
    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.pending:
            self.query_one(".hint", Static).update(MORE_HINT)
            return
        if self.blocked:        # typing ahead: the way out stays on screen
            self.query_one(".hint", Static).update(self._blocked_hint())
            return
        # The line as it is now, not as the message says: keys sent in a burst post
        # Changed for "H", "HS", ... that arrive after the Tab that followed them, and
        # a stale one must neither overwrite Tab's list nor hint at an old line.
        value = self.query_one(CommandInput).value
        if self._cands is not None:
            if value == self._cands[0]:
                self.query_one(".hint", Static).update(self._cands[1])
                return
            self._cands = None       # the line moved on: back to the syntax hint
        self.query_one(".hint", Static).update(hint_line(value))

    def enter_line(self, line: str) -> None:
        """Enter pressed on ``line``: run it, or hold it when the command goes on."""
        inp = self.query_one(CommandInput)
        text = "\n".join([*self.pending, line])
        if needs_more(text):
            # A trailing backslash only joins lines; an open quote keeps the newline.
            joined = open_quote(text) is None
            self.pending.append(line[:-1] if joined else line)
            inp.highlighter = None     # a continuation line alone would colour wrongly
            self.query_one(".prompt", Label).update(MORE_PROMPT)
            self.query_one(".hint", Static).update(MORE_HINT)
            return
        self._end_pending()
        if text.strip():
            inp.remember(one_line(text) if "\n" in text else text)
            self.run_line(text)

    def cancel_pending(self) -> None:
        self.write("\n".join(self.pending) + "  (cancelled)", "dim")
        self._end_pending()
        self.query_one(".hint", Static).update(IDLE_HINT)

    def _end_pending(self) -> None:
        if self.pending:
            self.pending = []
            self.query_one(CommandInput).highlighter = CommandHighlighter()
            self.query_one(".prompt", Label).update(self.prompt)

    def run_line(self, line: str) -> None:
        """Run one typed command (it may span lines) as if entered at the prompt."""
        log = self.query_one(RichLog)
        # Colour the whole command at once (a script's string spans lines), then
        # echo it line by line, each under its own prompt.
        coloured, start = highlight(line, base="bold"), 0
        for n, part in enumerate(line.split("\n")):
            echo = Text(self.prompt if n == 0 else MORE_PROMPT.rjust(len(self.prompt)), style="dim")
            echo.append(coloured[start:start + len(part)])
            start += len(part) + 1
            self.transcript.append(echo.plain)
            log.write(echo)
        try:
            argv = split_args(line)
        except TokenizeError:
            self.write("Invalid argument(s)", "bold red")
            return
        if not argv:
            return
        name = argv[0].lower()
        if name in (b"help", b"?"):
            self.write(help_text([a.decode("utf-8", "replace") for a in argv[1:]],
                                 leave="Esc to leave this screen (Ctrl+Q quits the lab)"))
            return
        if name == b"clear":
            self.query_one(RichLog).clear()
            return
        if name in (b"quit", b"exit"):
            self.write("This console stays open; press Ctrl+Q to leave the lab.", "yellow")
            return
        try:
            reply = self.backend.execute(argv)
        except (OSError, ConnectionError) as e:
            self.write(f"Could not reach {self.backend.label}: {e}", "bold red")
            return
        wait = getattr(reply, "wait", None)
        if callable(wait):
            # A command CLIENT PAUSE holds is the engine's Blocked with the command kept
            # (argv); a remote server's parked reply (widgets/remote.py) is not one.
            held = isinstance(reply, Blocked) and reply.argv is not None
            self.write("(held by CLIENT PAUSE: it runs when the pause ends...)" if held
                       else "(blocked: waiting for data or the timeout...)", "yellow")
            # The input keeps focus (not disabled): Esc and Ctrl+C must reach it to
            # stop the wait, and Enter is held back there while the session waits.
            self._parked = reply
            self.query_one(".hint", Static).update(self._blocked_hint())
            self._wait_blocked(reply, argv)
            return
        self._finish(argv, reply)

    def _finish(self, argv, reply) -> None:
        self._write_reply(reply, argv)
        self.query_one(".prompt", Label).update(self.prompt)
        self.post_message(CommandRan(argv, reply))

    @work(thread=True, exclusive=True)
    def _wait_blocked(self, parked, argv) -> None:
        reply = parked.wait()
        self.app.call_from_thread(self._unblock, argv, reply)

    def _unblock(self, argv, reply) -> None:
        parked, self._parked = self._parked, None
        self.query_one(".hint", Static).update(hint_line(self.query_one(CommandInput).value))
        if getattr(parked, "cancelled", False):
            # As a redis-cli client that gave up: the command had no effect.
            self.write("(stopped waiting: nothing was popped or read)", "dim")
            return
        self._finish(argv, reply)

    @property
    def can_stop_waiting(self) -> bool:
        # A server's reply (the remote console) cannot be called off from here.
        return callable(getattr(self._parked, "cancel", None))

    def _blocked_hint(self) -> str:
        return BLOCKED_HINT if self.can_stop_waiting else "blocked · waiting for the reply"

    def stop_waiting(self) -> None:
        """Esc / Ctrl+C while a blocking command waits: cancel it, like Ctrl+C in
        redis-cli. The waiting thread then returns and ``_unblock`` reports it."""
        if self.can_stop_waiting:
            self._parked.cancel()

    # ------------------------------------------------------------- completion
    def complete(self) -> None:
        inp = self.query_one(CommandInput)
        line = inp.value[: inp.cursor_position]
        cands = candidates(line, self.backend.keys)
        new, shown = complete_line(line, cands)
        value = new + inp.value[inp.cursor_position:]
        self._cands = None
        if shown:
            more = f"  (+{len(shown) - 12})" if len(shown) > 12 else ""
            text = Text("  ".join(shown[:12]) + more, style="cyan")
            self._cands = (value, text)
            self.query_one(".hint", Static).update(text)
        if new != line:
            inp.value = value
            inp.cursor_position = len(new)

