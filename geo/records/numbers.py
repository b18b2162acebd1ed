"""Numbers as people type them: Vietnamese `1.234,5` and English `1,234.5` told apart, never guessed.

A value is read in both conventions; when only one reading is valid it is the value. When both are
valid and differ (`1.500`), the column's convention decides (evidence from its other values, else
from the file's other number columns, else the one the user chose); with none, it is an error that
says both readings.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

CONVENTIONS = ("vi", "en")
_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (group, decimal)
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_PATTERNS = {
    conv: re.compile(rf"(\d{{1,3}}(?:{re.escape(g)}\d{{3}})+|\d{{1,3}}(?: \d{{3}})+|\d+)"
                     rf"(?:{re.escape(d)}(\d+))?")
    for conv, (g, d) in _SEPARATORS.items()}
_SCIENTIFIC = re.compile(r"\d+(?:\.\d+)?[eE][+-]?\d+")


class NumberError(ValueError):
    """`reason` is an import reason key; `params` fill its message."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason, self.params = reason, params


def readings(text: str) -> dict[str, Decimal]:
    """The value of `text` in each convention where it is well formed (sign allowed)."""
    compact = _SPACES.sub(" ", text.strip())
    sign = -1 if compact.startswith(("-", "\u2212")) else 1
    body = compact.lstrip("+-\u2212").strip()
    out: dict[str, Decimal] = {}
    if _SCIENTIFIC.fullmatch(body):
        return {conv: sign * Decimal(body) for conv in CONVENTIONS}
    for conv, (group, _decimal) in _SEPARATORS.items():
        found = _PATTERNS[conv].fullmatch(body)
        if found:
            whole = found.group(1).replace(group, "").replace(" ", "")
            digits = whole + ("." + found.group(2) if found.group(2) else "")
            out[conv] = sign * Decimal(digits)
    return out


def evidence(texts) -> Counter:
    """How many values are well formed in one convention only, by convention."""
    votes: Counter = Counter()
    for text in texts:
        found = readings(text) if text else {}
        if len(found) == 1:
            votes[next(iter(found))] += 1
    return votes


def convention_of(votes: Counter) -> str | None:
    """The convention the evidence shows, or None when there is none or it conflicts."""
    present = [c for c in CONVENTIONS if votes.get(c)]
    return present[0] if len(present) == 1 else None


def parse_number(text: str, *, integer: bool, convention: str | None, maximum: int | float,
                 minimum: int | float = 0) -> int | float:
    """The number `text` means, within [minimum, maximum]; a `NumberError` says why not."""
    return read_number(text, integer=integer, convention=convention, maximum=maximum,
                       minimum=minimum)[0]


def read_number(text: str, *, integer: bool, convention: str | None, maximum: int | float,
                minimum: int | float = 0) -> tuple[int | float, bool]:
    """`parse_number`'s value, and whether a whole number was written with decimals ("2021.0",
    "12,00"): the import reads it and says so."""
    found = readings(text)
    if not found:
        raise NumberError("not_a_number")
    values = set(found.values())
    if len(values) > 1:
        if convention in found:
            values = {found[convention]}
        elif integer:
            whole = {v for v in values if v == v.to_integral_value()}
            if len(whole) == 1:
                values = whole
        if len(values) > 1:
            a, b = found["vi"], found["en"]
            raise NumberError("ambiguous_number", vi=_plain(a), en=_plain(b))
    value = values.pop()
    if integer and value != value.to_integral_value():
        raise NumberError("not_whole")
    if value < minimum:
        raise NumberError("negative" if minimum == 0 else "too_small", limit=minimum)
    if value > maximum:
        raise NumberError("too_large", limit=maximum)
    decimals = integer and value.as_tuple().exponent < 0  # type: ignore[operator]
    return (int(value) if integer else float(value)), decimals  # finite: bounded by `maximum`


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"
