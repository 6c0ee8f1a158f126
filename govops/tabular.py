"""One reader for every tabular input: CSV as people save it, and .xlsx.

CSV arrives in UTF-8, UTF-8 with a BOM (Excel's "CSV UTF-8"), GB18030/GBK (Excel's plain
"CSV" on Chinese Windows) or UTF-16 (Excel's "Unicode text", tab separated); the encoding
is detected unless forced. An .xlsx is read from its first sheet (or a named one), header
in the first non-empty row. Every value comes back as stripped text, so one set of
parsers serves both: Excel dates become ``2026-11-22 08:00:00`` (a naive time, which
:mod:`govops.clock` reads in GOVOPS_TZ) or ``2026-11-22`` at midnight.

A file that cannot be read raises InputError naming the file, the row and the column.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from govops.errors import InputError
from govops.i18n import M_

#: Tried in order when no encoding is given; GB18030 is a superset of GBK and GB2312.
DETECT = ("utf-8", "gb18030")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Table:
    """A header and the rows under it; each row with its line (CSV) or row number (xlsx)."""

    source: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_table(
    path: str | Path,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    keys: Callable[[str], str] | None = None,
) -> Table:
    """Read a .csv (any of the encodings above) or an .xlsx into text rows; ``keys`` maps
    each heading to the column name the rows use (e.g. Chinese headings to JSON keys)."""
    path = Path(path)
    if path.suffix.lower() in XLSX_SUFFIXES:
        if encoding:
            raise InputError(M_("--encoding applies to CSV files, not to `{path}`", path=str(path)))
        table = _read_xlsx(path, sheet)
    elif sheet:
        raise InputError(M_("--sheet applies to .xlsx workbooks, not to `{path}`", path=str(path)))
    else:
        table = _read_csv(path, encoding)
    return _renamed(table, keys) if keys else table


def _renamed(table: Table, keys: Callable[[str], str]) -> Table:
    header = [keys(h) for h in table.header]
    if len(set(header)) < len(header):
        return table  # two headings mean one key: leave the file's own names
    rows = [(n, dict(zip(header, row.values(), strict=True))) for n, row in table.rows]
    return Table(table.source, header, rows)


def check_encoding(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(
            M_("--encoding `{encoding}`: unknown (use utf-8, gb18030, gbk)", encoding=encoding)
        ) from None


def _read_csv(path: Path, encoding: str | None) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None
    text = decode(str(path), data, encoding)
    delimiter = "\t" if _tab_separated(text) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return _rows_to_table(str(path), _csv_lines(reader))
    except csv.Error as exc:
        raise InputError(
            M_(
                "{path}:{line}: not valid CSV: {reason}",
                path=str(path),
                line=reader.line_num,
                reason=str(exc),
            )
        ) from None


def _csv_lines(reader: Any) -> Iterator[tuple[int, list[Any]]]:
    for values in reader:
        yield reader.line_num, values


def decode(name: str, data: bytes, encoding: str | None = None) -> str:
    """Text of a CSV file: the forced encoding, else a BOM's, else UTF-8, else GB18030."""
    if encoding:
        encoding = check_encoding(encoding)
        failure = M_("not {encoding}", encoding=encoding)
        return _decode_or_explain(name, data, encoding, failure)
    if data.startswith(codecs.BOM_UTF8):
        return _decode_or_explain(name, data, "utf-8-sig", M_("not UTF-8"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_or_explain(name, data, "utf-16", M_("not UTF-16"))
    for candidate in DETECT:
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    _decode_or_explain(name, data, "utf-8", M_("neither UTF-8 nor GB18030"))  # raises
    raise AssertionError("unreachable")


def _decode_or_explain(name: str, data: bytes, encoding: str, failure: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = data.count(b",", start, exc.start) + data.count(b"\t", start, exc.start) + 1
        raise InputError(
            M_(
                "{name}:{line}: column {column}: byte {byte:#04x} is {failure} text "
                "(save the file as CSV UTF-8, or give --encoding)",
                name=name,
                line=line,
                column=column,
                byte=data[exc.start],
                failure=failure,
            )
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(
            M_("{name}:{line}: a NUL character: this is not a text file", name=name, line=line)
        )
    return text


def _tab_separated(text: str) -> bool:
    first = text.split("\n", 1)[0]
    return "\t" in first and "," not in first


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(M_("cannot read `{path}`: no such file", path=str(path))) from None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    except zipfile.BadZipFile:
        raise InputError(
            M_("`{path}` is not an .xlsx workbook (not a zip archive)", path=str(path))
        ) from None
    except Exception as exc:  # openpyxl raises whatever its XML and zip parsers raise
        raise _not_xlsx(path, exc) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError(
                M_(
                    "`{path}` has no sheet `{sheet}`; it has {sheets}",
                    path=str(path),
                    sheet=sheet,
                    sheets=", ".join(book.sheetnames),
                )
            )
        worksheet = book[sheet] if sheet else book.worksheets[0]
        rows = (
            (number, [_cell_text(v) for v in values])
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        )
        return _rows_to_table(str(path), rows)
    except InputError:
        raise
    except Exception as exc:  # openpyxl parses hostile XML lazily, row by row
        raise _not_xlsx(path, exc) from None
    finally:
        book.close()


def _unreadable(path: Path, exc: OSError) -> InputError:
    reason = exc.strerror or str(exc)
    return InputError(M_("cannot read `{path}`: {reason}", path=str(path), reason=reason))


def _not_xlsx(path: Path, exc: Exception) -> InputError:
    return InputError(
        M_("`{path}` is not a readable .xlsx workbook ({reason})", path=str(path), reason=str(exc))
    )


def _cell_text(value: Any) -> str:
    """A cell as the text a CSV would hold; Excel's dates as ISO dates and naive times."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time() and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows_to_table(name: str, rows: Iterator[tuple[int, list[Any]]]) -> Table:
    header: list[str] | None = None
    out: list[tuple[int, dict[str, str]]] = []
    for number, values in rows:
        cells = [str(v).strip() for v in values]
        if not any(cells):
            continue
        if header is None:
            header = _header(name, number, cells)
            continue
        out.append((number, _row(name, number, header, cells)))
    if header is None:
        raise InputError(M_("{name}: no header row (the file is empty)", name=name))
    return Table(source=name, header=header, rows=out)


def _header(name: str, number: int, cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells.pop()  # a sheet's formatted but empty columns
    header = [c.lstrip("\ufeff").strip() for c in cells]
    for index, column in enumerate(header, start=1):
        if not column:
            raise InputError(
                M_(
                    "{name}:{line}: column {index}: empty column name in the header",
                    name=name,
                    line=number,
                    index=index,
                )
            )
        if header.index(column) != index - 1:
            raise InputError(
                M_(
                    "{name}:{line}: column {index}: `{column}` appears twice",
                    name=name,
                    line=number,
                    index=index,
                    column=column,
                )
            )
    return header


def _row(name: str, number: int, header: list[str], cells: list[str]) -> dict[str, str]:
    extra = [i for i in range(len(header), len(cells)) if cells[i]]
    if extra:
        raise InputError(
            M_(
                "{name}:{line}: column {index}: a value beyond the header's {n} columns",
                name=name,
                line=number,
                index=extra[0] + 1,
                n=len(header),
            )
        )
    return {column: cells[i] if i < len(cells) else "" for i, column in enumerate(header)}


def check_header(
    source: str | Path, header: list[str], required: tuple[str, ...],
    optional: tuple[str, ...], ignored: tuple[str, ...] = ("error",),
) -> None:  # fmt: skip
    """Refuse a header that lacks a required column or names one the import does not know."""
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in (*required, *optional, *ignored)]
    if missing or unknown:
        lacks = M_("missing column(s) {columns}", columns=", ".join(missing))
        extra = M_("unknown column(s) {columns}", columns=", ".join(unknown))
        problems = (
            M_("{a}; {b}", a=lacks, b=extra) if missing and unknown else lacks if missing else extra
        )
        raise InputError(
            M_(
                "{source}:1: header: {problems} (columns: {columns})",
                source=str(source),
                problems=problems,
                columns=", ".join(required + optional),
            )
        )
