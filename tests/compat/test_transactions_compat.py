"""MULTI/EXEC/WATCH edge cases, compared with a real redis-server."""


def test_queue_and_exec(oracle):
    oracle.same("MULTI")
    oracle.same("SET", "a", "1")
    oracle.same("INCR", "a")
    oracle.same("GET", "a")
    oracle.same("EXEC")


def test_runtime_error_does_not_roll_back(oracle):
    oracle.same("SET", "s", "text")
    oracle.same("MULTI")
    oracle.same("SET", "b", "1")
    oracle.same("INCR", "s")      # fails at EXEC time, the rest still runs
    oracle.same("SET", "c", "2")
    oracle.same("EXEC")
    oracle.same("MGET", "b", "c")


def test_queue_time_error_aborts(oracle):
    oracle.same("MULTI")
    oracle.same("SET", "a", "1")
    oracle.same("GET")            # arity error while queueing
    oracle.same("NOSUCH")
    oracle.same("EXEC")
    oracle.same("EXISTS", "a")


def test_nested_and_unpaired(oracle):
    oracle.same("EXEC")
    oracle.same("DISCARD")
    oracle.same("MULTI")
    oracle.same("MULTI")
    oracle.same("WATCH", "x")
    oracle.same("SET", "x", "1")
    oracle.same("EXEC")           # nested MULTI / WATCH errors do not abort
    oracle.same("MULTI")
    oracle.same("SET", "y", "1")
    oracle.same("DISCARD")
    oracle.same("EXISTS", "y")


def test_watch_aborts_when_another_client_writes(oracle):
    other = oracle.client()
    oracle.same("SET", "bal", "10")
    oracle.same("WATCH", "bal")
    other.same("INCRBY", "bal", "5")
    oracle.same("MULTI")
    oracle.same("SET", "bal", "0")
    oracle.same("EXEC")           # null array: aborted
    oracle.same("GET", "bal")


def test_watch_untouched_succeeds_and_unwatch(oracle):
    other = oracle.client()
    oracle.same("WATCH", "k")
    other.same("SET", "other", "1")
    oracle.same("MULTI")
    oracle.same("SET", "k", "1")
    oracle.same("EXEC")
    oracle.same("WATCH", "k")
    other.same("SET", "k", "2")
    oracle.same("UNWATCH")
    oracle.same("MULTI")
    oracle.same("SET", "k", "3")
    oracle.same("EXEC")


def test_watch_aborts_on_flush_and_on_own_write(oracle):
    other = oracle.client()
    oracle.same("SET", "k", "1")
    oracle.same("WATCH", "k")
    other.same("FLUSHALL")
    oracle.same("MULTI")
    oracle.same("PING")
    oracle.same("EXEC")
    oracle.same("SET", "k", "1")
    oracle.same("WATCH", "k")
    oracle.same("SET", "k", "2")  # even our own write invalidates
    oracle.same("MULTI")
    oracle.same("PING")
    oracle.same("EXEC")


def test_watch_missing_key_then_created(oracle):
    other = oracle.client()
    oracle.same("WATCH", "new")
    other.same("SET", "new", "1")
    oracle.same("MULTI")
    oracle.same("PING")
    oracle.same("EXEC")
