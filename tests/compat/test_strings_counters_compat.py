"""INCR/DECR/INCRBY/DECRBY/INCRBYFLOAT against a real redis-server."""
import pytest

from tests.compat.test_strings_compat import nonstring, ttl

STORED = ["0", "1", "-1", "41", "9223372036854775807", "-9223372036854775808",
          "9223372036854775808", "01", "-0", "+1", " 1", "1 ", "1.0", "abc", "", "1e3",
          "0x10", "99999999999999999999999"]


@pytest.mark.parametrize("stored", [None] + STORED)
def test_incr_decr_on_values(oracle, stored):
    if stored is not None:
        oracle.same("SET", "k", stored)
    for cmd in ("INCR", "DECR"):
        oracle.same(cmd, "k")
        oracle.same("GET", "k")


INCREMENTS = ["0", "1", "-1", "5", "9223372036854775807", "-9223372036854775808",
              "9223372036854775808", "1.5", "abc", "", "+1", "01", "-0"]


@pytest.mark.parametrize("inc", INCREMENTS)
@pytest.mark.parametrize("stored", [None, "10", "-10", "9223372036854775807",
                                    "-9223372036854775808", "x"])
def test_incrby_decrby(oracle, stored, inc):
    if stored is not None:
        oracle.same("SET", "k", stored)
    oracle.same("INCRBY", "k", inc)
    oracle.same("DECRBY", "k", inc)
    oracle.same("GET", "k")


def test_counters_keep_ttl_and_errors(oracle):
    oracle.same("SET", "k", "5", "EX", "100")
    oracle.same("INCR", "k")
    ttl(oracle, "k")
    oracle.same("INCRBYFLOAT", "k", "1.5")
    ttl(oracle, "k")
    nonstring(oracle)
    for cmd in (("INCR", "h"), ("DECR", "h"), ("INCRBY", "h", "1"), ("DECRBY", "h", "1"),
                ("INCRBYFLOAT", "h", "1"), ("INCRBY", "h", "x"), ("INCRBYFLOAT", "h", "x")):
        oracle.same(*cmd)
    for cmd in (("INCR",), ("INCR", "a", "b"), ("INCRBY", "a"), ("DECRBY", "a", "1", "2"),
                ("INCRBYFLOAT", "a"), ("DECR",)):
        oracle.same(*cmd)


FLOAT_STORED = [None, "0", "10.5", "-3", "3.0e3", "1e-5", "5.0e3", "1.23456789012345678",
                "0.1", "-0", "inf", "-inf", "nan", "abc", "", " 1", "1 ", "0x10", "0x1p-2",
                "1e400", "1e-400", "1e5000", "1e-5000", "9223372036854775807", ".5", "5.",
                "+7", "1e", "e1", "."]
FLOAT_INCS = ["0.1", "1", "-1.5", "1e3", "0", "-0", "3.0e3", "1.7976931348623157e308",
              "1e-20", "inf", "nan", "abc", "", "0x10", "1e5000", ".1", "1.", "+2", " 1",
              "0.000003814697265625", "123456789.123456789"]


@pytest.mark.parametrize("stored", FLOAT_STORED)
def test_incrbyfloat_matrix(oracle, stored):
    if stored is not None:
        oracle.same("SET", "k", stored)
    for inc in FLOAT_INCS:
        if stored is not None:
            oracle.same("SET", "k", stored)
        else:
            oracle.same("DEL", "k")
        oracle.same("INCRBYFLOAT", "k", inc)
        oracle.same("GET", "k")


def test_incrbyfloat_accumulates_like_long_double(oracle):
    # Many small steps expose every rounding difference between 53- and 64-bit sums.
    for inc in ["0.1"] * 40 + ["-0.3"] * 20 + ["1.1"] * 15 + ["1e-7"] * 10 + ["3.3333333"] * 10:
        oracle.same("INCRBYFLOAT", "k", inc)
    for inc in ["1e17", "0.5", "1e20", "-1e20", "1e-17", "2.5e-18"]:
        oracle.same("INCRBYFLOAT", "k2", inc)


def test_incrbyfloat_overflow_to_inf(oracle):
    oracle.same("SET", "k", "1e4932")
    oracle.same("INCRBYFLOAT", "k", "1e4932")
    oracle.same("SET", "k", "inf")
    oracle.same("INCRBYFLOAT", "k", "-inf")


def test_incrbyfloat_long_strings(oracle):
    oracle.same("SET", "k", "1" + "0" * 5200)
    oracle.same("INCRBYFLOAT", "k", "1")
    oracle.same("INCRBYFLOAT", "j", "0." + "0" * 5116 + "1")
    oracle.same("INCRBYFLOAT", "j", "0." + "0" * 5117 + "1")
