"""RediSearch (the core of it) for the engine: FT.CREATE, FT.SEARCH, FT.AGGREGATE and friends.

Behaviour follows RediSearch 2.8 as shipped in Redis Stack 7.4, from its documentation;
the differences are listed in docs/stack/search.md. Layout:

    schema.py     index definitions, FT.CREATE's grammar, the per-engine registry
    text.py       tokenizer, stop words, the small stemmer
    documents.py  reading an index's hashes / JSON documents from the keyspace
    query.py      the query language: parser and scoring evaluation
    expr.py       FILTER / APPLY expressions
    manage.py     FT.CREATE, FT.DROPINDEX, FT._LIST, FT.INFO, FT.ALTER, FT.TAGVALS, FT.EXPLAIN
    search_cmd.py FT.SEARCH
    aggregate.py  FT.AGGREGATE

The index keeps no copy of the data: each query reads the documents under the
index's prefixes from database 0 (see documents.py for why and what it costs).
"""
from . import aggregate, manage, search_cmd  # noqa: F401  (importing registers the commands)
