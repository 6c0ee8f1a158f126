"""One .xlsx writer for every command's ``--format xlsx``.

A command hands over what its ``--format json`` prints; :func:`sheets_from_json` lays it
out as sheets (a list of records is one sheet; a document's lists of records each get a
sheet, its other fields a one-row summary sheet first), and :func:`write_workbook` writes
them: headings in the reader's language, a frozen header row, times as Excel dates in
GOVOPS_TZ, ratios as ``0.0%``. The workbook is written in openpyxl's streaming mode, so a
sheet of 100,000 rows does not sit in memory as cells.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from govops import clock
from govops.xlsx_headings import heading

ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"
RATIO_FORMAT = "0.0%"
WIDTH_SAMPLE = 200  # rows looked at to size the columns


@dataclass(frozen=True)
class Sheet:
    """One table: its title, column keys (JSON names) and rows of values in that order."""

    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]
    formats: Mapping[str, str] = field(default_factory=dict)  # column key -> number format


@dataclass(frozen=True)
class Formatted:
    """A value with its own number format (a column that mixes ratios and counts)."""

    value: float | int | None
    number_format: str


def sheets_from_json(data: Any, title: str) -> list[Sheet]:
    """Lay out a command's JSON as sheets (see the module docstring)."""
    if isinstance(data, list):
        return [records_sheet(title, data)]
    if not isinstance(data, dict):
        return [records_sheet(title, [{"value": data}])]
    tables = {k: v for k, v in data.items() if _is_records(v)}
    keyed = {k: v for k, v in data.items() if k not in tables and _is_keyed_records(v)}
    rest = {k: v for k, v in data.items() if k not in tables and k not in keyed}
    sheets = [records_sheet(title, [rest])] if rest else []
    for key, value in keyed.items():
        sheets.append(records_sheet(key, [{"key": n, **row} for n, row in value.items()]))
    sheets += [records_sheet(k, v) for k, v in tables.items()]
    return sheets


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _is_keyed_records(value: Any) -> bool:
    return (
        isinstance(value, dict) and bool(value) and all(isinstance(v, dict) for v in value.values())
    )


def records_sheet(
    title: str, records: Sequence[Mapping[str, Any]], columns_first: Sequence[str] = ()
) -> Sheet:
    """A sheet from a list of JSON objects; nested objects become ``key.sub`` columns.
    ``columns_first`` come first and are there even with no records (a header to fill in)."""
    flat = [_flatten(r) for r in records]
    columns: dict[str, None] = dict.fromkeys(columns_first)
    for row in flat:
        columns.update(dict.fromkeys(row))
    return Sheet(title, list(columns), [[row.get(c) for c in columns] for row in flat])


def _flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not prefix:
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def write_workbook(target: Path | IO[bytes], sheets: Sequence[Sheet], *, lang: str = "en") -> None:
    """Write ``sheets`` to ``target`` (a path or a binary stream), one worksheet each."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    used: set[str] = set()
    for sheet in sheets or [Sheet("empty", [], [])]:
        _write_sheet(book, sheet, _sheet_name(heading(sheet.title, lang), used), lang)
    book.save(target)


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = re.sub(r"[\[\]:*?/\\]", "_", title)[:31] or "sheet"
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]}~{n}"
    used.add(name.lower())
    return name


def _write_sheet(book: Any, sheet: Sheet, name: str, lang: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(name)
    ws.freeze_panes = "A2"
    rows = iter(sheet.rows)
    sample = [list(r) for _, r in zip(range(WIDTH_SAMPLE), rows, strict=False)]
    headings = [heading(c, lang) for c in sheet.columns]
    for index in range(len(sheet.columns)):
        values = [headings[index], *(_shown(r[index]) for r in sample if index < len(r))]
        width = max((_display_width(v) for v in values), default=8)
        ws.column_dimensions[get_column_letter(index + 1)].width = min(max(width + 2, 8), 60)
    bold = Font(bold=True)
    header = []
    for text in headings:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in _chain(sample, rows):
        ws.append([_cell(ws, WriteOnlyCell, key, value, sheet.formats, lang)
                   for key, value in zip(sheet.columns, row, strict=False)])  # fmt: skip


def _chain(first: list[list[Any]], rest: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    yield from first
    yield from rest


def _cell(ws: Any, make: Any, key: str, value: Any, formats: Mapping[str, str], lang: str) -> Any:
    if isinstance(value, Formatted):
        value, number_format = value.value, value.number_format
    else:
        value, number_format = typed(key, value, lang)
    fmt = formats.get(key) or number_format
    formula_like = isinstance(value, str) and value.startswith("=")
    if not fmt and not formula_like:
        return value  # a plain value: openpyxl writes it without a cell object
    cell = make(ws, value=value)
    if formula_like:
        cell.data_type = "s"  # text, never a formula
    if fmt:
        cell.number_format = fmt
    return cell


def typed(key: str, value: Any, lang: str = "en") -> tuple[Any, str | None]:
    """A JSON value as an Excel value and its number format."""
    if value is None or isinstance(value, bool):
        return value, None
    if isinstance(value, int | float):
        return value, _number_format(key)
    if isinstance(value, datetime):
        return clock.local(value).replace(tzinfo=None), TIME_FORMAT
    if isinstance(value, date):
        return value, DATE_FORMAT
    if isinstance(value, str):
        return _text(value, lang)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return _clean(", ".join(map(str, value))), None
    return _clean(json.dumps(value, ensure_ascii=False, default=str)), None


def _text(value: str, lang: str) -> tuple[Any, str | None]:
    if ISO_DATE.match(value):
        try:
            return date.fromisoformat(value), DATE_FORMAT
        except ValueError:
            return _clean(value), None
    if ISO_TIME.match(value):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return _clean(value), None
        return clock.local(clock.localize(moment)).replace(tzinfo=None), TIME_FORMAT
    from govops.i18n import Message

    if isinstance(value, Message) and lang != "en":
        value = value.tr(lang)
    return _clean(value), None


def _number_format(key: str) -> str | None:
    name = key.rsplit(".", 1)[-1]
    if name.endswith("ratio") or name in ("utilization", "ratio", "share", "value_ratio"):
        return RATIO_FORMAT
    if name.endswith("_bps"):
        return "#,##0"
    return None


def _clean(text: str) -> str:
    """Control characters an .xlsx cannot hold, shown as \\xNN rather than dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _shown(value: Any) -> str:
    if isinstance(value, Formatted):
        return "100.0%"
    if isinstance(value, str) and ISO_TIME.match(value):
        return "2026-01-01 00:00"
    return "" if value is None else str(value)


def _display_width(text: str) -> int:
    """Characters as wide as they print: CJK characters take two columns."""
    first_line = text.split("\n", 1)[0]
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in first_line[:80])
