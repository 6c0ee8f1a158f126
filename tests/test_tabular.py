from __future__ import annotations

import codecs
from datetime import date, datetime
from pathlib import Path

import pytest

from govops.errors import InputError
from govops.tabular import read_table

CSV = "category,severity,summary,opened_at\nnetwork,major,西安至咸阳链路中断,2026-11-22 08:00\n"
ROWS = [
    (
        2,
        {
            "category": "network",
            "severity": "major",
            "summary": "西安至咸阳链路中断",
            "opened_at": "2026-11-22 08:00",
        },
    )
]


@pytest.mark.parametrize(
    "data",
    [
        CSV.encode("utf-8"),
        codecs.BOM_UTF8 + CSV.encode("utf-8"),
        CSV.encode("gbk"),
        CSV.encode("gb18030"),
        CSV.replace("\n", "\r\n").encode("gbk"),
        codecs.BOM_UTF16_LE + CSV.replace(",", "\t").encode("utf-16-le"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "gbk-crlf", "utf-16-tab"],
)
def test_csv_in_every_encoding_excel_writes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "faults.csv"
    path.write_bytes(data)
    table = read_table(path)
    assert table.header == ["category", "severity", "summary", "opened_at"]
    assert table.rows == ROWS


def test_forced_encoding_that_does_not_fit_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "faults.csv"
    path.write_bytes(CSV.encode("gbk"))
    with pytest.raises(InputError) as exc:
        read_table(path, encoding="utf-8")
    assert exc.value.message == (
        f"{path}:2: column 3: byte 0xce is not utf-8 text (save the file as CSV UTF-8, "
        "or give --encoding)"
    )
    assert read_table(path, encoding="gbk").rows == ROWS
    with pytest.raises(InputError, match="--encoding `klingon`: unknown"):
        read_table(path, encoding="klingon")


def test_bytes_no_encoding_reads_are_refused_with_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "faults.csv"
    path.write_bytes(b"category,summary\nnetwork,ok\nnetwork,\xff\xfe\x80\n")
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert exc.value.message.startswith(
        f"{path}:3: column 2: byte 0xff is neither UTF-8 nor GB18030 text"
    )


def test_ragged_and_duplicate_columns_are_located(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n1,2,3\n")
    with pytest.raises(InputError, match=r"t.csv:3: column 3: a value beyond the header's 2"):
        read_table(path)
    path.write_text("a,b,a\n1,2,3\n")
    with pytest.raises(InputError, match=r"t.csv:1: column 3: `a` appears twice"):
        read_table(path)
    path.write_text("")
    with pytest.raises(InputError, match="no header row"):
        read_table(path)
    path.write_text("a,b\n1,2\n1,2,\n")  # a trailing empty value is not a value
    assert read_table(path).rows == [(2, {"a": "1", "b": "2"}), (3, {"a": "1", "b": "2"})]


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


def test_xlsx_first_sheet_or_named_with_excel_dates(tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    _workbook(
        path,
        {
            "故障": [
                [],
                ["category", "severity", "summary", "opened_at", "count", "deadline"],
                [
                    "network",
                    "major",
                    "链路中断",
                    datetime(2026, 11, 22, 8, 0),
                    3.0,
                    date(2026, 6, 30),
                ],
                [None, None, None, None, None, None],
                ["platform", "minor", "  盘满 ", "2026-11-22 09:30", 2.5, datetime(2026, 7, 1)],
            ],
            "其他": [["x"], ["1"]],
        },
    )
    table = read_table(path)
    assert table.header == ["category", "severity", "summary", "opened_at", "count", "deadline"]
    assert table.rows == [
        (3, {"category": "network", "severity": "major", "summary": "链路中断",
             "opened_at": "2026-11-22 08:00:00", "count": "3", "deadline": "2026-06-30"}),
        (5, {"category": "platform", "severity": "minor", "summary": "盘满",
             "opened_at": "2026-11-22 09:30", "count": "2.5", "deadline": "2026-07-01"}),
    ]  # fmt: skip
    assert read_table(path, sheet="其他").rows == [(2, {"x": "1"})]
    with pytest.raises(InputError, match="has no sheet `Faults`; it has 故障, 其他"):
        read_table(path, sheet="Faults")
    with pytest.raises(InputError, match="--encoding applies to CSV files"):
        read_table(path, encoding="gbk")


def test_a_file_named_xlsx_that_is_not_one(tmp_path: Path) -> None:
    path = tmp_path / "faults.xlsx"
    path.write_text("category,severity\n")
    with pytest.raises(
        InputError, match=r"faults.xlsx` is not an .xlsx workbook \(not a zip archive\)"
    ):
        read_table(path)
    with pytest.raises(InputError, match="no such file"):
        read_table(tmp_path / "missing.xlsx")
