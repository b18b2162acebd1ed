"""Numbers as people type them, read in both conventions and never guessed: every expected value
below is written by hand."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from geo.records import numbers
from geo.records.numbers import NumberError, convention_of, evidence, parse_number, readings


@pytest.mark.parametrize("text, expected", [
    ("1.234,5", {"vi": Decimal("1234.5")}),
    ("1,234.5", {"en": Decimal("1234.5")}),
    ("1.500", {"vi": Decimal("1500"), "en": Decimal("1.5")}),
    ("1,5", {"vi": Decimal("1.5")}),  # English groups are three digits: "1,5" is not English
    ("12", {"vi": Decimal("12"), "en": Decimal("12")}),
    ("1 234 567", {"vi": Decimal("1234567"), "en": Decimal("1234567")}),
    ("1\u00a0234", {"vi": Decimal("1234"), "en": Decimal("1234")}),
    (" 7 ", {"vi": Decimal("7"), "en": Decimal("7")}),
    ("-12", {"vi": Decimal("-12"), "en": Decimal("-12")}),
    ("\u221212,5", {"vi": Decimal("-12.5")}),
    ("1,500", {"vi": Decimal("1.5"), "en": Decimal("1500")}),
    ("+3", {"vi": Decimal("3"), "en": Decimal("3")}),
    ("1.5e3", {"vi": Decimal("1500"), "en": Decimal("1500")}),
    ("2E-2", {"vi": Decimal("0.02"), "en": Decimal("0.02")}),
    ("1.2.3,4", {}),
    ("12.34", {"en": Decimal("12.34")}),
    ("1.23.4", {}), ("abc", {}), ("X5", {}), ("5X", {}),
    ("", {}), ("1,2,3", {}), ("12,3456", {"vi": Decimal("12.3456")}),
])
def test_each_reading_of_a_written_number(text, expected):
    assert readings(text) == expected


def test_evidence_counts_values_only_one_convention_can_read():
    assert evidence(["1.234,5", "12,5", "1.500", "", "7", "12.34", "x"]) == Counter(vi=2, en=1)
    assert evidence(["1.234,5", "2.345,25"]) == Counter(vi=2)
    assert evidence([]) == Counter()
    assert evidence(["12,5", None]) == Counter(vi=1)  # an empty cell is no evidence


@pytest.mark.parametrize("votes, convention", [
    (Counter(vi=3), "vi"), (Counter(en=1), "en"), (Counter(vi=2, en=1), None),
    (Counter(), None), (Counter(vi=0, en=4), "en")])
def test_the_convention_is_the_only_one_with_evidence(votes, convention):
    assert convention_of(votes) == convention


def test_an_ambiguous_value_is_an_error_naming_both_readings():
    with pytest.raises(NumberError) as error:
        parse_number("1.500", integer=False, convention=None, maximum=10_000)
    assert error.value.reason == "ambiguous_number"
    assert error.value.params == {"vi": "1500", "en": "1.5"}
    with pytest.raises(NumberError) as error:
        parse_number("2,500", integer=False, convention=None, maximum=10_000)
    assert error.value.params == {"vi": "2.5", "en": "2500"}


def test_the_columns_convention_settles_an_ambiguous_value():
    assert parse_number("1.500", integer=False, convention="vi", maximum=10_000) == 1500
    assert parse_number("1.500", integer=False, convention="en", maximum=10_000) == 1.5
    assert parse_number("1.500", integer=True, convention=None, maximum=10_000) == 1500
    assert isinstance(parse_number("1.500", integer=True, convention=None, maximum=10**6), int)
    assert isinstance(parse_number("1.234,5", integer=False, convention=None, maximum=10**6),
                      float)


@pytest.mark.parametrize("text, integer, minimum, maximum, reason, params", [
    ("abc", False, 0, 10, "not_a_number", {}),
    ("1,5", True, 0, 10, "not_whole", {}),
    ("12,5", True, 0, 100, "not_whole", {}),
    ("-1", True, 0, 10, "negative", {"limit": 0}),
    ("1", True, 2, 10, "too_small", {"limit": 2}),
    ("11", True, 0, 10, "too_large", {"limit": 10}),
    ("1e400", False, 0, 1e300, "too_large", {"limit": 1e300}),
])
def test_values_outside_what_is_asked_are_named(text, integer, minimum, maximum, reason, params):
    with pytest.raises(NumberError) as error:
        parse_number(text, integer=integer, convention="vi", maximum=maximum, minimum=minimum)
    assert error.value.reason == reason and error.value.params == params
    assert str(error.value) == reason


@pytest.mark.parametrize("text, minimum, maximum, value", [
    ("0", 0, 10, 0), ("10", 0, 10, 10), ("2", 2, 10, 2), ("-3", -5, 10, -3)])
def test_the_limits_themselves_are_allowed(text, minimum, maximum, value):
    assert parse_number(text, integer=True, convention=None, maximum=maximum,
                        minimum=minimum) == value


def test_plain_writes_a_decimal_without_trailing_zeros():
    assert numbers._plain(Decimal("1500")) == "1500"
    assert numbers._plain(Decimal("1.50")) == "1.5"
    assert numbers._plain(Decimal("2.000")) == "2"
    assert numbers._plain(Decimal("100")) == "100"
    assert numbers._plain(Decimal("1E+3")) == "1000"
    assert numbers._plain(Decimal("0.0500")) == "0.05"
    assert numbers._plain(Decimal("-12.30")) == "-12.3"


def test_the_least_a_number_may_be_is_zero_unless_said():
    assert parse_number("0", integer=True, convention=None, maximum=10) == 0
    with pytest.raises(NumberError) as error:
        parse_number("-0,5", integer=False, convention="vi", maximum=10)
    assert (error.value.reason, error.value.params) == ("negative", {"limit": 0})
