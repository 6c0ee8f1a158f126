"""``--utilisation-from FILE``: the same figures as Prometheus gives, from other monitoring.

Teams on eSight, NCE, iMC or Zabbix export one row per interface (CSV in UTF-8, GB18030 or
UTF-16, or an .xlsx sheet):

    device,interface,in_bps,out_bps,window[,max_in_bps,max_out_bps]
    sn-core-1,Eth-Trunk1,4310000000,2210000000,30d

``device`` is the inventory's device name, its host or its metrics_instance; ``interface``
may be abbreviated (``GE0/0/1``); rates are the window's quantile in bits/s (``4.31G``
works too); ``window`` is a duration (``30d``) or seconds, and defaults to ``--window``.
"""

from __future__ import annotations

from pathlib import Path

from govops.errors import InputError, Problem, ProblemsError, reason
from govops.i18n import M_
from govops.network.utilisation import Measurement, canonical_interface
from govops.units import parse_duration, parse_rate

REQUIRED = ("device", "interface", "in_bps", "out_bps")
OPTIONAL = ("window", "max_in_bps", "max_out_bps")


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line, row) of a CSV (UTF-8, GB18030, UTF-16) or .xlsx file, header names normalised,
    through the shared tabular reader."""
    from govops.tabular import read_table

    table = read_table(path)
    header = {h: h.strip().lower().replace(" ", "_") for h in table.header}
    missing = [c for c in REQUIRED if c not in header.values()]
    if missing:
        raise InputError(
            M_("{path}:1: missing column(s) {columns}", path=str(path), columns=", ".join(missing))
        )
    return [(line, {header[k]: v for k, v in row.items()}) for line, row in table.rows]


def _rate(value: str | None) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        return float(parse_rate(value))
    if not number >= 0 or number == float("inf"):
        raise ValueError(M_("not a rate: {value!r}", value=value))
    return number


def _row(row: dict[str, str], window_s: float) -> tuple[Measurement, list[tuple[str, str]]]:
    problems, figures = [], {}
    for column in ("in_bps", "out_bps", "max_in_bps", "max_out_bps"):
        try:
            figures[column] = _rate(row.get(column))
        except ValueError as exc:
            problems.append((column, reason(exc)))
    window = window_s
    if row.get("window"):
        try:
            window = parse_duration(row["window"])
        except ValueError as exc:
            problems.append(("window", reason(exc)))
    measured = Measurement(
        figures.get("in_bps"),
        figures.get("out_bps"),
        figures.get("max_in_bps"),
        figures.get("max_out_bps"),
        window,
        None,
    )
    return measured, problems


def read_utilisation_file(path: Path, window_s: float) -> dict[tuple[str, str], Measurement]:
    """(device, canonical interface) -> figures; every bad cell is reported at once (exit 2)."""
    found: dict[tuple[str, str], Measurement] = {}
    problems = []
    for line, row in read_rows(path):
        device, interface = row.get("device", ""), row.get("interface", "")
        for column, value in (("device", device), ("interface", interface)):
            if not value:
                problems.append(Problem(str(path), line, column, M_("empty")))
        measured, bad = _row(row, window_s)
        problems += [Problem(str(path), line, column, message) for column, message in bad]
        if measured.peak is None and not bad:
            problems.append(Problem(str(path), line, "in_bps", M_("no in_bps or out_bps figure")))
        if device and interface:
            found[(device, canonical_interface(interface))] = measured
    if problems:
        raise ProblemsError(problems, "utilisation file")
    return found
