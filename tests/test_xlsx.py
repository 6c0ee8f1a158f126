from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import load_workbook

from govops.xlsx import Formatted, Sheet, records_sheet, sheets_from_json, write_workbook


def _book(sheets: list[Sheet], lang: str = "en") -> dict[str, list[list[object]]]:
    buffer = io.BytesIO()
    write_workbook(buffer, sheets, lang=lang)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    return {s.title: [[c.value for c in r] for r in s.iter_rows()] for s in book.worksheets}


def test_a_document_becomes_a_summary_sheet_and_one_sheet_per_list() -> None:
    data = {
        "generated_at": "2026-11-22T00:00:00Z",
        "total": {"opened": 2, "compliance_ratio": 0.5},
        "groups": [{"group": "network", "opened": 1}],
        "per_level": {"city": {"expected": 11}},
    }
    sheets = sheets_from_json(data, "report")
    assert [s.title for s in sheets] == ["report", "per_level", "groups"]
    assert _book(sheets) == {
        "report": [
            ["generated_at", "total.opened", "total.compliance_ratio"],
            [datetime(2026, 11, 22, 8, 0), 2, 0.5],  # UTC in, Beijing time out
        ],
        "per_level": [["key", "expected"], ["city", 11]],
        "groups": [["group", "opened"], ["network", 1]],
    }


def test_chinese_headings_and_sheet_names() -> None:
    sheets = [records_sheet("faults", [{"opened_at": "2026-01-01", "summary": "x"}])]
    assert _book(sheets, "zh") == {"故障": [["发生时间", "摘要"], [datetime(2026, 1, 1), "x"]]}


def test_excel_rules_for_names_and_text() -> None:
    sheets = [
        Sheet("a/b:c" + "x" * 40, ["text"], [["bell\x07 =1+1"]]),
        Sheet("a/b:c" + "x" * 40, ["value"], [[Formatted(0.25, "0.0%")], [date(2026, 6, 30)]]),
    ]
    book = _book(sheets)
    assert list(book) == ["a_b_cxxxxxxxxxxxxxxxxxxxxxxxxxx", "a_b_cxxxxxxxxxxxxxxxxxxxxxxxx~2"]
    assert book["a_b_cxxxxxxxxxxxxxxxxxxxxxxxxxx"][1] == ["bell\\x07 =1+1"]
    assert book["a_b_cxxxxxxxxxxxxxxxxxxxxxxxx~2"][1:] == [[0.25], [datetime(2026, 6, 30)]]
