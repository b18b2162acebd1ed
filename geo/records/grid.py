"""The spreadsheet grid every import reads: at most `MAX_ROWS` rows and `MAX_COLUMNS` columns of
data, columns named by the letters a spreadsheet program shows."""

from __future__ import annotations

MAX_ROWS = 200_000
MAX_COLUMNS = 200


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column names a spreadsheet shows."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
