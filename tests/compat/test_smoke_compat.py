def test_set_get_and_errors(oracle):
    oracle.same("SET", "k", "v")
    assert oracle.same("GET", "k") == b"v"
    oracle.same("GET")
    oracle.same("NOSUCHCMD", "a", "b")
    oracle.same("SET", "k", "v", "EX", "0")
    oracle.same("SET", "k", "v", "NX", "XX")
    oracle.same("SET", "k", "w", "GET")
    oracle.same("PING")
    oracle.same("SELECT", "99")
