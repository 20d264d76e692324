"""O(1) random picks from the keys of a dict, paid for only once someone picks.

A Python dict cannot hand out its i-th key without walking to it, so a random pick
needs an array of the keys beside the dict. Keeping one for every database and every
hash would cost each insert an append and each delete a swap-remove (and a position
map), on paths where nobody asks for randomness. A ``Sampler`` is built instead on
the first pick (one C-level ``list(keys)``) and the owner keeps it current only while
it exists: ``added`` when a key becomes live, ``removed`` when it goes.

Deletes are lazy: a removed key stays in ``arr`` and is remembered in ``gone``; a
pick that draws it drops it then (swap with the last slot). A key that comes back
while its old slot is still there reuses that slot, so every live key sits in ``arr``
exactly once and picks are uniform over the live keys. The owner rebuilds (or drops)
the sampler once stale slots outnumber live keys (``bloated``), so a pick makes O(1)
draws on average and the array never grows past about twice the live keys.

Liveness is always checked against the owner's container as well, so a key that
left it without ``removed`` being called is skipped, never returned.

Pure structure: no commands, no RESP (house rule 4).
"""
from __future__ import annotations

SLACK = 64          # stale slots tolerated on top of 2x live before a rebuild


class Sampler:
    __slots__ = ("arr", "gone")

    def __init__(self, keys):
        self.arr: list = list(keys)
        self.gone: set = set()     # keys still in ``arr`` that are no longer live

    def added(self, key) -> None:
        """``key`` became live (it was not a moment ago)."""
        gone = self.gone
        if gone and key in gone:
            gone.discard(key)      # its old slot is still in arr: live again
        else:
            self.arr.append(key)

    def removed(self, key) -> None:
        """``key`` stopped being live; its slot is reclaimed when a pick draws it."""
        self.gone.add(key)

    def bloated(self, live: int) -> bool:
        return len(self.arr) > 2 * live + SLACK

    def pick(self, rng, live):
        """A uniformly random key of ``live`` (anything supporting ``in``), or None
        when it is empty. Expected O(1) draws while not ``bloated``."""
        arr, gone = self.arr, self.gone
        rand = rng.randrange
        while arr:
            i = rand(len(arr))
            key = arr[i]
            if key in live:
                return key
            last = arr.pop()
            if i < len(arr):
                arr[i] = last
            gone.discard(key)
        return None


# The owners (keyspace.Db, rhash.RHash) keep their sampler in an ``rnd`` attribute,
# None until the first pick; these two are all they do with it besides ``removed``.
def pick_from(owner, live, rng):
    """A random key of ``live`` through ``owner.rnd``, built (or rebuilt when mostly
    stale) on the way: O(N) once, then O(1) on average."""
    r = owner.rnd
    if r is None or r.bloated(len(live)):
        if not live:
            return None
        r = owner.rnd = Sampler(live)
    return r.pick(rng, live)


def note_added(owner, key, live: int) -> None:
    """``key`` is about to join ``owner``'s ``live`` keys, while ``owner.rnd`` exists.
    A sampler gone mostly stale without picks is dropped instead: the next pick
    rebuilds it, and a workload that stopped picking stops paying."""
    r = owner.rnd
    if r.bloated(live):
        owner.rnd = None
    else:
        r.added(key)
