"""The lab console on a real server (`redislab --url redis://host:port`).

``RemoteBackend`` has the embedded backend's shape (``execute``, ``label``, ``db``,
``queued``, ``keys``, ``close``) so the console never learns where it is. Commands go
over one raw connection (redis-py's ``Connection``, RESP2 like redis-cli) and replies
are decoded by the repl's ``RemoteBackend`` into the engine's reply values, so
``cliformat`` prints them exactly as it prints the embedded engine's.

What a plain request/reply loop gets wrong, and is handled here:

* a reply that does not come at once (BLPOP 0, XREAD BLOCK, DEBUG SLEEP) must not
  freeze the interface: after a short wait the backend hands the console a parked
  reply with ``wait()``, which the console already waits for in a thread;
* ``SUBSCRIBE a b`` answers with one frame per channel (returned as a ``Multi``, as
  the engine does), and once subscribed, messages arrive whenever the server likes:
  a reader thread owns the socket then, passing messages to ``on_push`` and command
  replies back to ``execute``;
* MONITOR never stops streaming on its connection, so it is refused with a note.

The key browser and the visualizers read the embedded engine's memory; against a
server they would show the wrong data, so ``RemotePlaygroundScreen`` replaces them
with a note saying so.
"""
from __future__ import annotations

import queue
import select
import threading

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Markdown, Static

from ...engine.replies import Multi, Push, Status
from ...errors import RedisError
from ..screens.playground import PlaygroundScreen
from .console import Console

PARK_AFTER = 0.25         # seconds: a reply slower than this is awaited off the UI thread
_CONFIRM = {b"subscribe", b"unsubscribe", b"psubscribe", b"punsubscribe", b"ssubscribe", b"sunsubscribe"}
_MESSAGES = {b"message", b"pmessage", b"smessage"}
_SUB_KIND = {b"subscribe": "channels", b"unsubscribe": "channels", b"psubscribe": "patterns",
             b"punsubscribe": "patterns", b"ssubscribe": "shard", b"sunsubscribe": "shard"}


class Parked:
    """A reply still on its way; ``wait()`` blocks until it arrives (run in a thread)."""

    def __init__(self, backend: "RemoteBackend", argv):
        self.backend = backend
        self.argv = argv

    def wait(self):
        try:
            return self.backend._receive(self.argv)
        except (OSError, ConnectionError, ValueError, AttributeError, TypeError) as e:   # closed while waiting
            return RedisError(f"connection lost: {e}")


class RemoteBackend:
    def __init__(self, url: str, on_push=None):
        from ...repl.backends import RemoteBackend as Wire

        try:
            self.wire = Wire(url)
        except Exception as e:  # noqa: BLE001 - redis-py's errors are not OSError
            raise ConnectionError(str(e)) from e
        self.url = url
        self.label = self.wire.label
        self.on_push = on_push
        self.subs = {"channels": set(), "patterns": set(), "shard": set()}
        self._replies: queue.Queue = queue.Queue()
        self._pump: threading.Thread | None = None
        self._stop = threading.Event()

    # ----------------------------------------------------------- interface
    @property
    def db(self) -> int:
        return self.wire.db

    @property
    def queued(self) -> int | None:
        return self.wire.queued

    @property
    def subscribed(self) -> bool:
        return any(self.subs.values())

    def execute(self, argv: list[bytes]):
        name = argv[0].lower() if argv else b""
        if name == b"monitor":
            return RedisError("MONITOR streams forever on its connection; run it in redis-cli "
                              "(redis-cli -u URL monitor) next to the lab")
        # Decided before sending: the reader may answer and stop (last UNSUBSCRIBE)
        # before we look again, leaving the replies in the queue.
        pumped = self._pump is not None and self._pump.is_alive()
        self.wire.conn.send_packed_command(self.wire.conn.pack_command(*argv))
        if pumped:
            return self._receive(argv)
        if not self.wire._buf and not self._readable(PARK_AFTER):
            return Parked(self, argv)
        return self._receive(argv)

    def keys(self, prefix: str, limit: int = 200) -> list[str]:
        if self.subscribed:           # SCAN is refused in subscribed mode
            return []
        pattern = "".join("\\" + c if c in "*?[]\\" else c for c in prefix) + "*"
        reply = self.execute([b"SCAN", b"0", b"MATCH", pattern.encode(), b"COUNT", b"1000"])
        if isinstance(reply, list) and len(reply) == 2 and isinstance(reply[1], list):
            return sorted(k.decode("utf-8", "replace") for k in reply[1])[:limit]
        return []

    def close(self) -> None:
        self._stop.set()
        try:
            self.wire.close()
        except Exception:  # noqa: BLE001 - closing a dead connection is fine
            pass
        if self._pump is not None:
            self._pump.join(timeout=1)

    # ------------------------------------------------------------ replies
    def _readable(self, timeout: float) -> bool:
        sock = self.wire.conn._sock
        r, _, _ = select.select([sock], [], [], timeout)
        return bool(r)

    def _frames_expected(self, name: bytes, argv) -> int:
        """SUBSCRIBE a b confirms each channel in its own frame; UNSUBSCRIBE with no
        names confirms every current one (or one frame with a nil name if none)."""
        if name not in _CONFIRM:
            return 1
        if len(argv) > 1:
            return len(argv) - 1
        return max(1, len(self.subs[_SUB_KIND[name]])) if name.endswith(b"unsubscribe") else 1

    def _next_frame(self):
        if self._pump is not None and self._pump.is_alive() or not self._replies.empty():
            frame = self._replies.get(timeout=30)
            if isinstance(frame, Exception):
                raise frame
            return frame
        while True:
            frame = self.wire._read()
            # After HELLO 3, pushes (messages, CLIENT TRACKING invalidations) may come
            # before a reply; they are not the answer to the command just sent.
            if type(frame) is Push and frame and isinstance(frame[0], bytes) \
                    and frame[0].lower() in _MESSAGES | {b"invalidate"}:
                if self.on_push is not None:
                    self.on_push(frame)
                continue
            return frame

    def _receive(self, argv):
        name = argv[0].lower() if argv else b""
        frames = []
        for _ in range(self._frames_expected(name, argv)):
            frame = self._next_frame()
            frames.append(frame)
            if isinstance(frame, RedisError):
                break
        for f in frames:
            self._note_subscription(f)
        if name == b"reset" and frames and frames[0] == "RESET":
            for s in self.subs.values():
                s.clear()
        reply = frames[0] if len(frames) == 1 else Multi(frames)
        self.wire._track(argv, frames[0])
        if self.subscribed and (self._pump is None or not self._pump.is_alive()):
            self._start_pump()
        return reply

    def _note_subscription(self, frame) -> None:
        if isinstance(frame, list) and len(frame) == 3 and isinstance(frame[0], bytes) \
                and frame[0].lower() in _CONFIRM and frame[1] is not None:
            kind = self.subs[_SUB_KIND[frame[0].lower()]]
            (kind.discard if b"unsub" in frame[0].lower() else kind.add)(frame[1])

    # ---------------------------------------------------- subscribed mode
    def _start_pump(self) -> None:
        self._pump = threading.Thread(target=self._run_pump, name="redislab-remote-pubsub", daemon=True)
        self._pump.start()

    def _run_pump(self) -> None:
        """Own the socket while subscribed: messages to ``on_push``, everything else to
        ``execute``. Stops after the frame that leaves subscribed mode, so the
        connection is back to plain request/reply before the next command."""
        try:
            while not self._stop.is_set():
                if not self.wire._buf and not self._readable(0.2):
                    continue
                frame = self.wire._read()
                if isinstance(frame, list) and frame and isinstance(frame[0], bytes) \
                        and frame[0].lower() in _MESSAGES:
                    if self.on_push is not None:
                        self.on_push(frame)
                    continue
                self._replies.put(frame)
                last_confirm = isinstance(frame, list) and len(frame) == 3 and frame[2] == 0 \
                    and isinstance(frame[0], bytes) and frame[0].lower() in _CONFIRM
                if last_confirm or frame == Status("RESET"):
                    return
        except (OSError, ConnectionError, ValueError, AttributeError, TypeError) as e:
            # close() pulls the socket from under a read (redis-py sets it to None).
            if not self._stop.is_set():
                self._replies.put(ConnectionError(str(e)))


def connect_remote(url: str, on_push=None) -> RemoteBackend:
    """A console backend on the server at ``url``; raises ConnectionError if unreachable."""
    return RemoteBackend(url, on_push=on_push)


REMOTE_NOTE = (
    "[b]Connected to a real server[/b] ({label}).\n\n"
    "The key browser, the key pictures and the clock controls draw the lab's own engine "
    "from memory; they cannot see inside another server, so they are off here rather "
    "than showing data that is not yours.\n\n"
    "Inspect keys with commands instead: [b]SCAN 0[/b], [b]TYPE key[/b], "
    "[b]OBJECT ENCODING key[/b], [b]MEMORY USAGE key[/b], [b]TTL key[/b]."
)


class RemotePlaygroundScreen(PlaygroundScreen):
    """The playground with its console on a server and a note where the views were.
    Kept next to the backend because it exists only for it."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="playground"):
            with Vertical(id="left"):
                if self.entry.intro:
                    yield Markdown(self._intro(), id="intro")
                console = Console(self.backend, id="console")
                console.border_title = f"console · {self.backend.label}"
                yield console
            with Vertical(id="right"):
                yield Static(REMOTE_NOTE.format(label=self.backend.label), id="remote-note")
        yield Footer()

    def on_mount(self) -> None:
        # Messages for a SUBSCRIBE arrive on the backend's reader thread; the
        # console's push handler hops to the UI thread itself.
        if hasattr(self.backend, "on_push"):
            self.backend.on_push = self.query_one(Console)._on_push

    def on_command_ran(self, msg) -> None:
        msg.prevent_default()      # nothing to refresh: the views are embedded-only

    def action_forward(self, seconds: int) -> None:
        self.notify("The server keeps its own time: fast-forward works only on the built-in engine.")
