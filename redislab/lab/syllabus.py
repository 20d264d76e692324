"""The curriculum as the home screen lists it, until lesson files exist.

One entry per section of the guide (1-14) plus the interview questions and the quiz.
Titles follow the guide's numbering so a learner can read along; the one-line
descriptions and the short intros are our own words. When ``lessons/*.yaml`` land,
the curriculum loader replaces this list and the screens keep working, because they
only read ``Entry`` fields.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    id: str          # stable id, later the lesson file's name
    number: str      # "1".."14", "Q" for interview questions, "?" for the quiz
    title: str
    blurb: str       # one line for the home screen
    intro: str = ""  # short Markdown shown above the playground console


FREE_PLAY = Entry("free-play", "", "Free play",
                  "An empty Redis to experiment with: no lesson, just the console.",
                  "An empty database on your own. Type any Redis command; `HELP` lists "
                  "the groups, `HELP SET` explains one command.")

SECTIONS: tuple[Entry, ...] = (
    Entry("overview", "1", "Redis overview",
          "What an in-memory key-value server is, and why it is fast.",
          "Redis keeps every key in memory and answers one command at a time. "
          "Try `SET greeting hello`, `GET greeting`, then `DBSIZE`."),
    Entry("core-types", "2", "Five core data structures",
          "Strings, lists, sets, sorted sets and hashes, hands on.",
          "Each key holds one type. Try `SET user:1:name Alice`, `INCR visits`, "
          "`SADD tags a b`, `ZADD board 10 ann 20 bob`, `HSET user:1 name Alice age 30`, "
          "and pick a key on the right to see how it is stored."),
    Entry("advanced-types", "3", "Advanced data structures",
          "HyperLogLog, bitmaps, geospatial indexes and streams.",
          "Specialised types trade exactness or generality for memory and speed: "
          "counting uniques, flags per day, places on a map, append-only logs."),
    Entry("caching", "4", "Caching patterns",
          "Cache-aside, write-through and write-behind compared.",
          "A cache sits in front of a slower store. Store a value with a TTL "
          "(`SET user:1 '{...}' EX 60`) and press **F5** to jump time forward."),
    Entry("invalidation", "5", "Cache invalidation",
          "TTLs, events, versioned keys and stampede protection.",
          "Stale data is the price of caching. Try `SET lock:report 1 NX EX 10` twice, "
          "then fast-forward past the TTL."),
    Entry("messaging", "6", "Pub/Sub and streams",
          "Fire-and-forget channels versus persistent, replayable logs.",
          "`PUBLISH news hi` returns how many subscribers heard it; nobody listening "
          "means the message is gone."),
    Entry("stack", "7", "Redis Stack",
          "JSON documents, search, time series and Bloom filters.",
          "Modules add new types and commands next to the core ones."),
    Entry("lua", "8", "Lua scripting",
          "Running several commands atomically on the server.",
          "A script runs without any other command interleaving, like a transaction "
          "that can also branch. Compare with `MULTI` ... `EXEC`."),
    Entry("cluster", "9", "Redis Cluster",
          "Hash slots, hash tags and why some multi-key commands fail.",
          "Keys are spread over 16384 slots; `{tag}` in a name keeps related keys together."),
    Entry("practice", "10", "Redis in practice",
          "Sessions, rate limiters, leaderboards and locks.",
          "Real systems combine the basic types with TTLs: a session is a hash that expires."),
    Entry("comparison", "11", "Redis vs Memcached vs DragonflyDB",
          "Where each one fits, and what you give up.",
          "Feature comparison. Use the console to try what Memcached cannot do: "
          "lists, sorted sets, transactions."),
    Entry("clients", "12", "Client library examples",
          "The same commands from Java, Node.js, Python and Go.",
          "Client libraries send exactly the commands you type here."),
    Entry("interview", "13", "Interview questions",
          "Fifteen classic questions, answered by experiment.",
          "Each question can be checked in the console: expiry, big keys, pipelining..."),
    Entry("quiz", "14", "Quiz",
          "Test yourself on the whole guide.",
          "A short quiz over every section. Questions arrive with the quiz files."),
)


def entries() -> tuple[Entry, ...]:
    """What the home screen lists: free play first, then the syllabus in order."""
    return (FREE_PLAY,) + SECTIONS


def by_id(entry_id: str) -> Entry | None:
    for e in entries():
        if e.id == entry_id:
            return e
    return None
