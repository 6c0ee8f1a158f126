"""Hostile tabular input (random bytes, encodings, cells, broken workbooks) either reads or
is refused with a clean InputError; never a traceback."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govops.errors import InputError
from govops.sla import faults
from govops.sla.importer import import_faults
from govops.sla.models import Policy
from govops.tabular import read_table

SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "latin-1"]
cell_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=12)


def _read(data: bytes, suffix: str, **kw: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"in{suffix}"
        path.write_bytes(data)
        try:
            table = read_table(path, **kw)
        except InputError as exc:
            assert str(path) in exc.message or "--encoding" in exc.message
            return
        for _, row in table.rows:
            assert list(row) == table.header


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_as_csv(data: bytes) -> None:
    _read(data, ".csv")


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(ENCODINGS))
def test_random_bytes_with_a_forced_encoding(data: bytes, encoding: str) -> None:
    _read(data, ".csv", encoding=encoding)


@SETTINGS
@given(
    st.lists(st.lists(cell_text, min_size=1, max_size=4), max_size=6),
    st.sampled_from(ENCODINGS[:5]),
)
def test_text_that_an_encoding_can_hold_reads_back(rows: list[list[str]], encoding: str) -> None:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return
    _read(data, ".csv")


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_as_xlsx(data: bytes) -> None:
    _read(data, ".xlsx")


def _valid_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["category", "severity", "summary", "opened_at"])  # type: ignore[union-attr]
    book.active.append(["network", "major", "中断", datetime(2026, 1, 1, 7)])  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


VALID = _valid_xlsx()


@SETTINGS
@given(st.data())
def test_a_workbook_with_one_part_mangled(data: st.DataObject) -> None:
    source = zipfile.ZipFile(io.BytesIO(VALID))
    names = source.namelist()
    victim = data.draw(st.sampled_from(names))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            content = source.read(name)
            if name == victim:
                cut = data.draw(st.integers(0, len(content)))
                content = content[:cut] + data.draw(st.binary(max_size=40))
            target.writestr(name, content)
    _read(out.getvalue(), ".xlsx")


cells = st.one_of(
    st.none(), cell_text, st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
)  # fmt: skip


@SETTINGS
@given(st.lists(st.lists(cells, max_size=5), max_size=6))
def test_any_cells_of_a_fault_sheet_import_or_are_refused(rows: list[list[object]]) -> None:
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["category", "severity", "summary", "opened_at", "resolved_at"])
    try:
        for row in rows:
            sheet.append(row)
    except IllegalCharacterError:
        return  # openpyxl will not write control characters; Excel cannot hold them either
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "faults.xlsx"
        book.save(path)
        conn = faults.open_store(Path(tmp) / "state.db")
        try:
            result = import_faults(conn, Policy(), path, now=datetime(2030, 1, 1).timestamp())
        except InputError as exc:
            assert exc.message
            return
        assert result.imported == len(faults.list_faults(conn, since=0))
