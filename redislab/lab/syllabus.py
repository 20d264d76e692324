"""What the home screen lists: free play, the lessons, the interview questions and the quiz.

The lessons come from the curriculum loader (``lessons/*.yaml``, or the folder given
with ``redislab --lessons DIR``), in file order, which is the guide's order
(``01-overview``, ``02-1-strings``, ...). A file that does not load becomes an entry
of its own carrying its errors (``file:line: message``), so one broken lesson is
visible and never hides the others. Screens only read ``Entry`` fields.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.cells import cell_len

FREE, LESSON, QUIZ, INTERVIEW, BROKEN = "free", "lesson", "quiz", "interview", "broken"
SIMULATIONS, CODELABS = "simulations", "codelabs"


@dataclass(frozen=True)
class Entry:
    id: str          # stable id: the lesson's id for lessons
    number: str      # the guide section ("2.1"), "Q" interview questions, "?" quiz, "!" broken
    title: str
    blurb: str       # one line for the home screen
    intro: str = ""  # short Markdown shown above a playground console
    kind: str = FREE
    lesson: object = field(default=None, compare=False)   # curriculum Lesson for kind LESSON
    errors: tuple = ()                                    # str(LessonError) for kind BROKEN


FREE_PLAY = Entry("free-play", "", "Free play",
                  "An empty Redis to experiment with: no lesson, just the console.",
                  "An empty database on your own. Type any Redis command; `HELP` lists "
                  "the groups, `HELP SET` explains one command.")

INTERVIEW_ENTRY = Entry("interview", "Q", "Interview questions",
                        "The guide's classic interview questions, answered by experiment.",
                        kind=INTERVIEW)
QUIZ_ENTRY = Entry("quiz", "?", "Quiz", "Test yourself on the whole guide.", kind=QUIZ)
# Rows of their own (not only keys): a newcomer reads the table, not the footer.
SIMULATIONS_ENTRY = Entry("simulations", "S", "Simulations",
                          "Cache patterns, thundering herds, eviction, locks and rate limits run "
                          "side by side on one workload; graded challenges.", kind=SIMULATIONS)
CODELABS_ENTRY = Entry("codelabs", "C", "Code labs",
                       "The guide's Python examples to edit and run against the built-in Redis, "
                       "with checks.", kind=CODELABS)

_cache: dict = {}


def load(folder: Path | str | None = None, refresh: bool = False):
    """The curriculum ``LoadResult`` for ``folder`` (default: the shipped lessons).
    Parsing every file takes a few hundred ms, so the result is kept per folder."""
    from ..content import lessons_dir
    from ..curriculum import load_lessons

    path = Path(folder) if folder else lessons_dir()
    key = str(path.resolve())
    if refresh or key not in _cache:
        _cache[key] = load_lessons(path)
    return _cache[key]


def _first_line(md: str) -> str:
    text = " ".join((md or "").split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def short_title(title: str) -> str:
    """``Strings: text, counters and values that expire`` -> ``Strings``: the table row;
    the whole title is in the line under the table."""
    return title.split(": ", 1)[0]


HEADER_SIDES = 18     # Textual's Header: the icon (8 cells) and the clock's space (10)


def _cut(text: str, room: int) -> str:
    """``text`` cut at a word boundary to fit ``room`` cells with its "…"."""
    if cell_len(text) <= room:
        return text
    cut = text[: max(room - 1, 0)]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,:;·-(") + "…"


def fit_title(head: str, subs: tuple[str, ...], width: int) -> tuple[str, str]:
    """(title, subtitle) that the header shows whole: it cuts its line at the end,
    which took the sandbox's database number ("sandbox: data…"). A long title loses
    words from its end (keeping two after its colon), then everything after the
    colon ("7. Redis Stack"); only then is the shorter subtitle (``subs[1]``) used."""
    name = short_title(head)
    for sub in subs:
        room = width - HEADER_SIDES - cell_len(" — ") - cell_len(sub)
        if cell_len(head) <= room:
            return head, sub
        cut = _cut(head, room)
        if ": " in cut and len(cut.split(": ", 1)[1].split()) >= 2:
            return cut, sub
        if cell_len(name) <= room:
            return name, sub
    return _cut(name, room), subs[-1]


def lesson_entry(lesson) -> Entry:
    return Entry(lesson.id, lesson.section, lesson.title,
                 _first_line(lesson.summary) or f"{lesson.minutes} minutes",
                 lesson.summary or "", kind=LESSON, lesson=lesson)


def entries(folder: Path | str | None = None) -> tuple[Entry, ...]:
    """Free play, the lessons in order, interview questions, quiz, simulations, code
    labs, then broken files."""
    res = load(folder)
    out = [FREE_PLAY] + [lesson_entry(lesson) for lesson in res.lessons] + \
        [INTERVIEW_ENTRY, QUIZ_ENTRY, SIMULATIONS_ENTRY, CODELABS_ENTRY]
    for path, errors in res.broken.items():
        out.append(Entry(f"broken:{path}", "!", Path(path).name, "This lesson file has errors.",
                         kind=BROKEN, errors=tuple(str(e) for e in errors)))
    return tuple(out)


def lessons(folder: Path | str | None = None) -> list:
    return list(load(folder).lessons)


def by_id(entry_id: str, folder: Path | str | None = None) -> Entry | None:
    for e in entries(folder):
        if e.id == entry_id:
            return e
    return None
