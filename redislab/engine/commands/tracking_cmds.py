"""CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO (state in engine/tracking.py)."""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import text, to_int, upper
from ..registry import Int, OneOf, Str, Token, command
from ..replies import OK, SetReply
from ..tracking import Tracking

_CLIENT = dict(group="connection", flags="noscript loading stale")


def _overlap(a: bytes, b: bytes) -> bool:
    return a.startswith(b) or b.startswith(a)


@command("CLIENT|TRACKING", arity=-3, **_CLIENT,
         summary="Turn server-assisted client-side caching on or off for this connection.",
         complexity="O(1). Some options may introduce additional complexity.", since="6.0.0",
         args=(OneOf("status", Token("ON"), Token("OFF")),
               Int("client-id", token="REDIRECT", optional=True),
               Str("prefix", token="PREFIX", optional=True, multiple=True, multiple_token=True),
               Token("BCAST", optional=True), Token("OPTIN", optional=True), Token("OPTOUT", optional=True),
               Token("NOLOOP", optional=True)))
def client_tracking(s, argv):
    engine = s.engine
    redirect = 0
    bcast = optin = optout = noloop = False
    prefixes: list[bytes] = []
    i = 3
    while i < len(argv):
        opt = upper(argv[i])
        more = len(argv) - i - 1
        if opt == b"REDIRECT" and more:
            if redirect:
                raise errors.err("A client can only redirect to a single other client")
            redirect = to_int(argv[i + 1])
            if engine.clients.get(redirect) is None:
                raise errors.err("The client ID you want redirect to does not exist")
            i += 1
        elif opt == b"BCAST":
            bcast = True
        elif opt == b"OPTIN":
            optin = True
        elif opt == b"OPTOUT":
            optout = True
        elif opt == b"NOLOOP":
            noloop = True
        elif opt == b"PREFIX" and more:
            prefixes.append(argv[i + 1])
            i += 1
        else:
            raise RedisError(errors.SYNTAX)
        i += 1
    status = upper(argv[2])
    tracking = Tracking.of(engine)
    if status == b"OFF":
        tracking.disable(s)
        return OK
    if status != b"ON":
        raise RedisError(errors.SYNTAX)
    ct = s.tracking
    if prefixes and not bcast:
        raise errors.err("PREFIX option requires BCAST mode to be enabled")
    if ct is not None and ct.bcast != bcast:
        raise errors.err("You can't switch BCAST mode on/off before disabling tracking for this client, "
                         "and then re-enabling it with a different mode.")
    if bcast and (optin or optout):
        raise errors.err("OPTIN and OPTOUT are not compatible with BCAST")
    if optin and optout:
        raise errors.err("You can't specify both OPTIN mode and OPTOUT mode")
    if ct is not None and ((optin and ct.optout) or (optout and ct.optin)):
        raise errors.err("You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
                         "and then re-enabling it with a different mode.")
    if bcast:
        _check_prefixes(ct.prefixes if ct is not None else [], prefixes)
    tracking.enable(s, redirect, bcast, optin, optout, noloop, prefixes)
    return OK


def _check_prefixes(existing: list[bytes], new: list[bytes]) -> None:
    for j, p in enumerate(new):
        for old in existing:
            if _overlap(p, old):
                raise errors.err(f"Prefix '{text(p)}' overlaps with an existing prefix '{text(old)}'. "
                                 "Prefixes for a single client must not overlap.")
        for q in new[j + 1:]:
            if _overlap(p, q):
                raise errors.err(f"Prefix '{text(p)}' overlaps with another provided prefix '{text(q)}'. "
                                 "Prefixes for a single client must not overlap.")


@command("CLIENT|CACHING", arity=3, **_CLIENT,
         summary="Say whether the next command's keys should be tracked (OPTIN/OPTOUT tracking).",
         complexity="O(1)", since="6.0.0", args=(OneOf("mode", Token("YES"), Token("NO")),))
def client_caching(s, argv):
    ct = s.tracking
    if ct is None or not (ct.optin or ct.optout):
        raise errors.err("CLIENT CACHING can be called only when the client is in tracking mode with OPTIN "
                         "or OPTOUT mode enabled")
    mode = upper(argv[2])
    if mode == b"YES":
        if not ct.optin:
            raise errors.err("CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.")
    elif mode == b"NO":
        if not ct.optout:
            raise errors.err("CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.")
    else:
        raise RedisError(errors.SYNTAX)
    ct.caching = True
    return OK


@command("CLIENT|GETREDIR", arity=2, **_CLIENT,
         summary="Return the id of the client this connection's invalidations go to.",
         complexity="O(1)", since="6.0.0")
def client_getredir(s, argv):
    ct = s.tracking
    return -1 if ct is None else ct.redirect


@command("CLIENT|TRACKINGINFO", arity=2, **_CLIENT,
         summary="Describe this connection's client-side caching settings.", complexity="O(1)", since="6.2.0")
def client_trackinginfo(s, argv):
    ct = s.tracking
    if ct is None:
        return {b"flags": SetReply([b"off"]), b"redirect": -1, b"prefixes": []}
    return {b"flags": SetReply(ct.flags()), b"redirect": ct.redirect, b"prefixes": list(ct.prefixes)}

