"""Index management: FT.CREATE, FT.DROPINDEX, FT._LIST, FT.INFO, FT.ALTER, FT.TAGVALS, FT.EXPLAIN.

Indexes are not keys: these commands name an index, so they declare no key
positions (as COMMAND INFO shows for RediSearch's own commands).
"""
from __future__ import annotations

from ...engine.args import text, upper
from ...engine.registry import Block, Double, Int, OneOf, Str, Token, command
from ...engine.replies import OK, MapReply, SetReply
from ...engine.replies import Status as S
from ...errors import RedisError
from . import documents, query
from .schema import (TAG, UNKNOWN_INDEX, UNKNOWN_INDEX_INFO, err, get_index, indexes,
                     parse_create, simple, watch_flushes, _parse_field)

_FIELD = Block("field", Str("field_name"), Str("alias", token="AS", optional=True),
               OneOf("type", Token("TEXT"), Token("TAG"), Token("NUMERIC")),
               Token("SORTABLE", optional=True), Token("NOINDEX", optional=True), multiple=True)


@command("FT.CREATE", arity=-2, flags="write denyoom module", group="module", acl="search",
         summary="Define a search index over the hashes or JSON documents whose names start "
                 "with the given prefixes.",
         complexity="O(1) here: nothing is copied, documents are read when a query runs "
                    "(RediSearch: O(K) to index the K existing keys).",
         since="1.0.0",
         args=(Str("index"), OneOf("data_type", Token("HASH"), Token("JSON"), token="ON", optional=True),
               Block("prefix", Int("count"), Str("prefix", multiple=True), token="PREFIX", optional=True),
               Str("filter", token="FILTER", optional=True),
               Str("default_lang", token="LANGUAGE", optional=True),
               Double("default_score", token="SCORE", optional=True),
               Block("stopwords", Int("count"), Str("stopword", multiple=True, optional=True),
                     token="STOPWORDS", optional=True),
               Token("SCHEMA"), _FIELD))
def ft_create(s, argv):
    if s.dbnum != 0:
        raise err("Cannot create index on db != 0")
    idx = parse_create(argv)
    table = indexes(s.engine)
    if idx.name in table:
        raise err("Index already exists")
    table[idx.name] = idx
    watch_flushes(s.engine)
    return OK


@command("FT.DROPINDEX", arity=-2, flags="write module", group="module", acl="search",
         summary="Forget an index; with DD also delete the documents it covers.",
         complexity="O(1), or O(N) with DD for the N documents deleted", since="2.0.0",
         args=(Str("index"), Token("DD", optional=True)))
def ft_dropindex(s, argv):
    idx = get_index(s, argv[1], UNKNOWN_INDEX)
    if len(argv) > 3 or (len(argv) == 3 and upper(argv[2]) != b"DD"):
        raise err(f"Unknown argument `{text(argv[2])}`") if len(argv) == 3 else RedisError(
            "ERR wrong number of arguments for 'ft.dropindex' command")
    if len(argv) == 3:
        db = s.engine.keyspace.dbs[0]
        for d in documents.load(s, idx):
            if db.delete(d.key):
                db.ks.notify("g", "del", d.key, db.id)
    del indexes(s.engine)[idx.name]
    return OK


@command("FT._LIST", arity=1, flags="readonly module", group="module", acl="search",
         summary="Name every search index of the server.", complexity="O(N) for N indexes",
         since="2.0.0", tips="nondeterministic_output_order")
def ft_list(s, argv):
    return SetReply(list(indexes(s.engine)))


@command("FT.INFO", arity=2, flags="readonly module", group="module", acl="search",
         summary="Describe an index: its definition, attributes and document counts.",
         complexity="O(N) here: the documents are counted by reading them (RediSearch: O(1))",
         since="1.0.0", args=(Str("index"),))
def ft_info(s, argv):
    idx = get_index(s, argv[1], UNKNOWN_INDEX_INFO)
    docs = documents.load(s, idx)
    terms = set()
    records = 0
    for d in docs:
        for words in d.text.values():
            terms.update(words)
            records += len(words)
        records += sum(len(v) for v in d.num.values()) + sum(len(v) for v in d.tags.values())
    # Names, the key type, the index name and the prefixes are simple strings, as
    # redis-cli shows them unquoted; default_score is a (bulk) number, always shown.
    # default_language only appears when it is not RediSearch's default, english.
    definition = [S("key_type"), S(idx.on), S("prefixes"), [simple(p) for p in idx.prefixes]]
    if idx.filter is not None:
        definition += [S("filter"), idx.filter]
    if idx.language.lower() != b"english":
        definition += [S("default_language"), idx.language]
    definition += [S("default_score"), _g(idx.score)]
    pairs = [
        (S("index_name"), simple(idx.name)),
        (S("index_options"), []),
        (S("index_definition"), MapReply(zip(definition[::2], definition[1::2]))),
        (S("attributes"), [f.info() for f in idx.fields]),
        (S("num_docs"), len(docs)),
        (S("max_doc_id"), len(docs)),
        (S("num_terms"), len(terms)),
        (S("num_records"), records),
        (S("hash_indexing_failures"), idx.failures),
        (S("indexing"), 0),
        (S("percent_indexed"), b"1"),
        (S("number_of_uses"), idx.uses),
        (S("cleaning"), 0),
    ]
    if idx.custom_stopwords:
        pairs.append((S("stopwords_list"), sorted(w.encode() for w in idx.stopwords)))
    if s.resp == 3:
        out = {}
        for k, v in pairs:
            out[k] = dict(v) if isinstance(v, MapReply) else v
        return out
    return [x for k, v in pairs for x in (k, _flat(v))]


def _flat(v):
    if isinstance(v, MapReply):
        return [x for kv in v for x in kv]
    return v


def _g(x: float) -> bytes:
    return (b"%d" % x) if x == int(x) else repr(x).encode()


@command("FT.ALTER", arity=-5, flags="write denyoom module", group="module", acl="search",
         summary="Add attributes to an index's schema.", complexity="O(1) here", since="1.0.0",
         args=(Str("index"), Token("SKIPINITIALSCAN", optional=True), Token("SCHEMA"), Token("ADD"),
               _FIELD))
def ft_alter(s, argv):
    idx = get_index(s, argv[1], UNKNOWN_INDEX)
    i = 2
    if upper(argv[i]) == b"SKIPINITIALSCAN":
        i += 1
    if i + 1 >= len(argv) or upper(argv[i]) != b"SCHEMA" or upper(argv[i + 1]) != b"ADD":
        raise err("Unknown argument `%s`" % text(argv[i]))
    i += 2
    if i >= len(argv):
        raise err("Fields arguments are missing")
    new = []
    while i < len(argv):
        f, i = _parse_field(argv, i, idx.on == "JSON")
        if idx.field(f.name) is not None or any(g.name == f.name for g in new):
            raise err(f"Duplicate field in schema - {f.name}")
        new.append(f)
    idx.fields += new
    return OK


@command("FT.TAGVALS", arity=3, flags="readonly module", group="module", acl="search",
         summary="List the distinct values of a TAG attribute over the index's documents.",
         complexity="O(N) for the N documents read", since="1.0.0",
         args=(Str("index"), Str("field_name")), tips="nondeterministic_output_order")
def ft_tagvals(s, argv):
    idx = get_index(s, argv[1])
    f = idx.field(text(argv[2]))
    if f is None or f.type != TAG:
        raise err(f"No such field `{text(argv[2])}`" if f is None else "Not a tag field")
    vals = set()
    for d in documents.load(s, idx):
        vals.update(d.tags.get(f.name, ()))
    return SetReply(sorted(v.encode() for v in vals))


@command("FT.EXPLAIN", arity=-3, flags="readonly module", group="module", acl="search",
         summary="Show the tree a query parses to (no documents are read).",
         complexity="O(1)", since="1.0.0",
         args=(Str("index"), Str("query"), Int("dialect", token="DIALECT", optional=True)))
def ft_explain(s, argv):
    idx = get_index(s, argv[1])
    node = query.Parser(text(argv[2]), idx).parse()
    return explain(node).encode() + b"\n"


def explain(node, depth: int = 0) -> str:
    """A readable tree in RediSearch's FT.EXPLAIN style (not byte-for-byte its text)."""
    pad = "  " * depth
    t = type(node)
    if t is query.Term:
        w = node.word + ("*" if node.prefix else "")
        if node.fields:
            return f"{pad}@{'|'.join(node.fields)}:{w}"
        return f"{pad}{w}"
    if t is query.Phrase:
        inner = "\n".join(f"{pad}  {w}" for w in node.words)
        head = f"@{'|'.join(node.fields)}:" if node.fields else ""
        return f"{pad}{head}EXACT {{\n{inner}\n{pad}}}"
    if t is query.Tags:
        inner = "\n".join(f"{pad}  {tag}{'*' if p else ''}" for tag, p in node.tags)
        return f"{pad}TAG:@{node.field} {{\n{inner}\n{pad}}}"
    if t is query.Range:
        lo = "-inf" if node.lo == float("-inf") else _g(node.lo).decode()
        hi = "inf" if node.hi == float("inf") else _g(node.hi).decode()
        return (f"{pad}NUMERIC {{{lo} {'<' if node.lo_x else '<='} @{node.field} "
                f"{'<' if node.hi_x else '<='} {hi}}}")
    if t in (query.And, query.Or):
        name = "INTERSECT" if t is query.And else "UNION"
        inner = "\n".join(explain(k, depth + 1) for k in node.kids)
        return f"{pad}{name} {{\n{inner}\n{pad}}}"
    if t is query.Not:
        return f"{pad}NOT{{\n{explain(node.kid, depth + 1)}\n{pad}}}"
    if t is query.Optional:
        return f"{pad}OPTIONAL{{\n{explain(node.kid, depth + 1)}\n{pad}}}"
    if t is query.All:
        return f"{pad}<WILDCARD>"
    return f"{pad}<EMPTY>"

