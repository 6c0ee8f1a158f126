"""govops inventory: check and show the YAML that describes the province."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from govops.cli._app import LangOpt, new_app
from govops.cli._options import OutputOpt
from govops.cli._terminal import Format, emit, print_table, say, to_file
from govops.i18n import M_, N_, _, current_lang, headings, localize, word
from govops.xlsx_headings import heading

app = new_app(help="Check and show inventories: sites, devices, links, clouds, systems.")

Paths = Annotated[
    list[Path],
    typer.Argument(
        help="Inventory directories or YAML files; they are merged.", show_default=False
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


@app.command()
def validate(
    paths: Paths, fmt: FormatOpt = Format.table, output: OutputOpt = None, lang: LangOpt = None
) -> None:
    """Check an inventory's schema and every reference; print a summary.

    Every problem is reported as file:line: field: message and the exit code is 2.
    A valid inventory prints sites per level, devices per platform and systems per
    target cloud, and exits 0.
    """
    from govops.inventory import load_inventory
    from govops.inventory.summary import summarize

    summary = summarize(load_inventory(paths))
    if fmt is not Format.table:
        emit(fmt, output, summary.as_dict(), lambda: None, title="inventory")
        return
    say(_("inventory is valid ({count} files)", count=len(summary.sources)))
    breakdowns = [
        ("sites", summary.sites_by_level),
        ("devices", summary.devices_by_platform),
        ("links", summary.links_by_tier),
        ("clouds", summary.clouds_by_kind),
        ("systems", summary.systems_by_cloud),
        ("", summary.systems_by_classification),
        (
            "",
            {_("dr {need}", need=word(need)): n for need, n in summary.systems_by_dr_need.items()},
        ),
        (N_("private networks"), summary.private_networks_by_level),
        (N_("server rooms"), {N_("rooms"): summary.server_rooms} if summary.server_rooms else {}),
    ]
    rows = [
        (
            word(name) if name else "",
            sum(counts.values()) if name else "",
            "  ".join(f"{word(k)} {v}" for k, v in counts.items()),
        )
        for name, counts in breakdowns
        if counts or name in ("sites", "devices", "links", "clouds", "systems")
    ]
    columns = ["", N_("total"), N_("by level / platform / tier / kind / target cloud")]
    with to_file(output):
        print_table(None, headings(columns), rows, right_end=2)


@app.command()
def show(
    paths: Paths,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    section: Annotated[
        str | None,
        typer.Option(
            help="Only this section: sites, devices, links, clouds, systems, private_networks "
            "or server_rooms."
        ),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Print what an inventory holds, normalised (rates in bits per second)."""
    from govops.errors import InputError
    from govops.inventory import load_inventory
    from govops.inventory.models import SECTIONS

    inv = load_inventory(paths)
    sections = list(SECTIONS)
    if section is not None:
        if section not in SECTIONS:
            raise InputError(
                M_(
                    "unknown section `{section}`; choose one of {choices}",
                    section=section,
                    choices=", ".join(SECTIONS),
                )
            )
        sections = [section]
    data: dict[str, list[dict[str, Any]]] = {
        name: [item.model_dump(mode="json") for item in getattr(inv, name).values()]
        for name in sections
    }
    if "links" in data:
        for record in data["links"]:
            tier = inv.tiers.get(record["id"])
            record["tier"] = tier.value if tier else None

    def tables() -> None:
        for name in sections:
            _show_table(name, data[name])

    emit(fmt, output, data, tables, title="inventory")


_COLUMNS = {
    "sites": ["id", "name", "level", "parent", "code"],
    "devices": ["name", "site", "platform", "host", "port", "model"],
    "links": ["id", "tier", "a", "b", "contracted"],
    "clouds": ["id", "kind", "name", "openstack_cloud"],
    "systems": ["id", "name", "department", "level", "classification", "target_cloud", "deadline"],
    "private_networks": ["id", "name", "department", "level", "site", "classified", "deadline"],
    "server_rooms": ["id", "name", "department", "site", "systems", "deadline"],
}


#: Section and column names the tables show (xlsx_headings' table has the others), and the
#: DR needs of systems.
NAMES = (
    *(N_("private_networks"), N_("server_rooms"), N_("host"), N_("port"), N_("model")),
    *(N_("code"), N_("contracted"), N_("openstack_cloud"), N_("classification"), N_("kind")),
    *(N_("both"), N_("remote"), N_("same_city"), N_("(none)")),
)

#: Columns whose values are words of the catalogue (levels, tiers, kinds, classifications).
WORD_COLUMNS = ("level", "tier", "kind", "classification")


def _show_table(name: str, records: list[dict[str, Any]]) -> None:
    from govops.units import format_rate

    columns = _COLUMNS[name]

    def cell(record: dict[str, Any], column: str) -> Any:
        value = record.get(column)
        if isinstance(value, dict) and "device" in value:
            return f"{value['device']} {value['interface']}"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if column == "contracted" and isinstance(value, int):
            return format_rate(value)
        if isinstance(value, bool):
            return _("True") if value else _("False")
        if column in WORD_COLUMNS and isinstance(value, str):
            return word(value)
        return value

    rows = [[cell(r, c) for c in columns] for r in records]
    title = f"{heading(name, current_lang())} ({len(records)})"
    print_table(title, [heading(c, current_lang()) for c in columns], rows, right=len(columns))


@app.command("import-netbox")
def import_netbox(
    url: Annotated[
        str, typer.Argument(help="NetBox's base URL, e.g. https://netbox.example.gov.cn")
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Directory to write sites.yaml, devices.yaml, links.yaml into."
        ),
    ],
    token_env: Annotated[
        str, typer.Option(help="Environment variable that holds the NetBox API token.")
    ] = "NETBOX_TOKEN",
    region: Annotated[
        str | None, typer.Option(help="Only sites in this region (slug), nested ones included.")
    ] = None,
    tag: Annotated[str | None, typer.Option(help="Only sites with this tag (slug).")] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(help="Mapping file: regions/site groups -> levels, platforms -> netmiko."),
    ] = None,
    fmt: FormatOpt = Format.table,
    lang: LangOpt = None,
) -> None:
    """Write an inventory from NetBox (4.2 or newer): sites, devices and links.

    Regions or site groups give site levels and parents, platform slugs give netmiko
    device types (both through --mapping, e.g. playbooks/netbox-mapping.yaml), circuits
    and cables between sites give links (commit_rate -> contracted), circuit groups give
    pairs (primary -1, secondary -2), primary IPv4 gives host. Anything the mapping does
    not cover is listed with its NetBox id and nothing is written (exit 2); an
    unreachable NetBox, a 5xx or a refused token exits 1. The token is never printed.
    """
    import os

    from govops.errors import InputError
    from govops.netbox.importer import import_netbox as run_import

    token = os.environ.get(token_env, "")
    if not token:
        raise InputError(
            M_("environment variable `{name}` is empty: put the NetBox token in it", name=token_env)
        )
    result = run_import(url, token, output, mapping=mapping, region=region, tag=tag)
    for note in result.notes:
        say(_("note: {note}", note=localize(note)))
    say(M_("read NetBox {version} at {url}; wrote {output}", version=result.version, url=url,
           output=str(output)))  # fmt: skip
    rows = [(_(name), count) for name, count in result.counts.items()]
    # -o is the inventory directory here, so a workbook or JSON goes to stdout
    emit(
        fmt,
        None,
        result.as_dict(),
        lambda: print_table(None, headings([N_("section"), N_("imported")]), rows),
        title="netbox import",
    )
