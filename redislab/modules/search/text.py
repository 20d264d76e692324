"""Words: how a TEXT value becomes terms, which terms are stop words, and the stemmer.

RediSearch splits text on punctuation and white space, lower-cases it, drops stop
words and (unless a field is NOSTEM or the query is VERBATIM) also matches words that
share a stem. Its stemmer is Snowball's English one; ours is a deliberately small
suffix stripper (documented in docs/stack/search.md) so that a learner can predict
it: "guides", "guided" and "guiding" all meet "guide", and "libraries" meets "library".
"""
from __future__ import annotations

import re

# The default stop word list from the RediSearch documentation ("Stop words" page).
DEFAULT_STOPWORDS = frozenset("""
a is the an and are as at be but by for if in into it no not of on or such that their
then there these they this to was will with""".split())

# Characters that end a word, in documents and in queries (RediSearch's separators).
SEPARATORS = set(",.<>{}[]\"':;!@#$%^&*()-+=~|/\\ \t\r\n\f\v?`")
_SPLIT = re.compile(r"[,.<>{}\[\]\"':;!@#$%^&*()\-+=~|/\\\s?`]+")


def tokenize(value: str) -> list[str]:
    """Every word of ``value``, lower-cased, in order (stop words still in)."""
    return [w for w in _SPLIT.split(value.lower()) if w]


def stem(word: str) -> str:
    """A small English suffix stripper; both documents and queries go through it, so
    it only has to send related forms to the same stem, not to a real root."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("es") and len(word) > 4 and word[-3] in "sxz":
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]          # then the -e rule: "guides" -> "guide" -> "guid"
    n = len(word)
    if word.endswith("ing") and n > 5:
        return _undouble(word[:-3])
    if word.endswith("ed") and n > 4:
        return _undouble(word[:-2])
    if word.endswith("e") and n > 4:
        return word[:-1]          # "guide" meets "guided" and "guiding" at "guid"
    return word


def _undouble(w: str) -> str:
    # "stopped" -> "stopp" -> "stop"; "guided" -> "guid" (the trailing e went with -ed)
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        return w[:-1]
    if w.endswith("e") and len(w) > 4:
        return w[:-1]
    return w
