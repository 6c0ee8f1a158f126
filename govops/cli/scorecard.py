"""govops scorecard: the plan's indicator table, measured."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from govops.cli._app import LangOpt
from govops.cli._options import OutputOpt
from govops.cli._terminal import print_json, print_table, safe, say, write_xlsx
from govops.i18n import M_


class ScorecardFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"
    xlsx = "xlsx"


def scorecard(
    inventory: Annotated[
        list[Path], typer.Option("--inventory", "-i", help="Inventory directory or files.")
    ],
    targets: Annotated[
        Path,
        typer.Option("--targets", "-t", help="Targets file, e.g. playbooks/targets/shaanxi.yaml."),
    ],
    snapshot: Annotated[
        Path | None,
        typer.Option(help="Audit this snapshot; without it the last stored audit summary is used."),
    ] = None,
    policy: Annotated[
        Path | None, typer.Option(help="Bandwidth tier policy for the audit.")
    ] = None,
    fmt: Annotated[ScorecardFormat, typer.Option("--format", "-f")] = ScorecardFormat.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
    db: Annotated[Path | None, typer.Option(help="State file (default: GOVOPS_DB).")] = None,
) -> None:
    """Measure the plan's indicators and compare them with their 2023/2025 targets.

    Each indicator govops can measure gets its value, its targets, met or not and the gap;
    the others are listed with why. --format html writes one self-contained report with
    charts (coverage, bandwidth per city, IPv6, migration burn-down, SLA over time).
    """
    from govops import clock, history, store
    from govops.bounds import check_output_path
    from govops.i18n import current_lang
    from govops.inventory import load_inventory
    from govops.scorecard import render
    from govops.scorecard.gather import gather_evidence
    from govops.scorecard.measures import MEASURES
    from govops.scorecard.scorecard import build_scorecard
    from govops.scorecard.targets import load_targets

    if output is not None:
        check_output_path(output, "--output")  # before gathering, not after
    language = current_lang()
    spec = load_targets(targets, frozenset(MEASURES))
    inv = load_inventory(inventory)
    conn = store.connect(db)
    evidence = gather_evidence(inv, conn, clock.now(), snapshot=snapshot, policy=policy)
    card = build_scorecard(spec, evidence)
    store.put_document(conn, "scorecard.last", card.as_dict())
    history.record(conn, "scorecard", card.generated_at, card.as_dict())
    if fmt is ScorecardFormat.table and output is None:
        say(f"{card.province} · {card.plan}")
        print_table(
            None,
            render.headers(card, language),
            render.table_rows(card, language),
            right=1,
            right_end=2 + len(card.years),
        )
        return
    if fmt is ScorecardFormat.xlsx:
        from govops.scorecard.workbook import scorecard_sheets

        write_xlsx(output, scorecard_sheets(card, language))
        return
    if fmt is ScorecardFormat.json:
        import json

        text = json.dumps(card.as_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt is ScorecardFormat.html:
        text = render.to_html(card, language)
    else:
        text = render.to_markdown(card, language)
    if output is None:
        if fmt is ScorecardFormat.json:
            print_json(card.as_dict())
        else:
            typer.echo(safe(text), nl=False)
        return
    output.write_text(text if fmt is ScorecardFormat.html else safe(text), encoding="utf-8")
    say(M_("wrote {output}", output=str(output)))
