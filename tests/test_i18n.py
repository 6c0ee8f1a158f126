"""The message catalogue: complete, compiled, and used by every renderer through --lang."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from govops import i18n
from govops.catalogue import compile_po, fields, mo_path, read_catalogue, scan_msgids
from govops.i18n import M_, Message, tr


def test_committed_mo_is_the_compiled_po() -> None:
    assert mo_path("zh").read_bytes() == compile_po("zh"), (
        "govops.mo is stale: run `python scripts/catalogue.py compile`"
    )


def test_every_msgid_in_the_code_has_a_chinese_translation() -> None:
    known = read_catalogue("zh")
    used = list(scan_msgids())
    assert len(used) > 100  # the scan finds the markers at all
    missing = [f"{where}: {msgid!r}" for msgid, where in used if not known.get(msgid)]
    assert missing == []


def test_translations_use_only_the_msgids_placeholders() -> None:
    wrong = {
        msgid: msgstr
        for msgid, msgstr in read_catalogue("zh").items()
        if msgstr and not fields(msgstr) <= fields(msgid)
    }
    assert wrong == {}


def test_a_message_is_its_english_text_and_shows_translated() -> None:
    message = M_(
        "{status}; its parent {parent} is dual stack: convert next",
        status=M_("ipv4_only"),
        parent="sn-xa",
    )
    assert message == "ipv4_only; its parent sn-xa is dual stack: convert next"
    assert json.dumps({"message": message}) == (
        '{"message": "ipv4_only; its parent sn-xa is dual stack: convert next"}'
    )
    assert message.tr("zh") == "仅IPv4；上级 sn-xa 已双栈：下一步改造"
    assert message.tr("en") == message
    copy = pickle.loads(pickle.dumps(message))
    assert isinstance(copy, Message) and copy.tr("zh") == message.tr("zh")


def test_format_specs_survive_translation() -> None:
    text = tr(
        "zh",
        "running at {utilization:.0%} of {effective} (>= {limit:.0%})",
        utilization=0.934,
        effective="20G",
        limit=0.9,
    )
    assert text == "利用率 93%（带宽 20G，阈值 90%）"


def test_unknown_text_falls_back_to_english() -> None:
    assert tr("zh", "not in the catalogue {x}", x=1) == "not in the catalogue 1"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"GOVOPS_LANG": "zh"}, "zh"),
        ({"GOVOPS_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LC_ALL": "zh_CN.GB18030", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"GOVOPS_LANG": "fr", "LANG": "zh_TW.UTF-8"}, "zh"),
    ],
)
def test_default_language_follows_govops_lang_then_the_locale(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for name in ("GOVOPS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert i18n.default_lang() == expected


def test_use_lang_sets_and_resets() -> None:
    token = i18n.use_lang("zh")
    try:
        assert i18n._("Findings") == "发现的问题"
    finally:
        i18n.reset_lang(token)
    assert i18n._("Findings") == "Findings"


def test_help_loads_neither_babel_nor_pynetbox() -> None:
    # gettext itself is already loaded by click; the catalogue file is read on first use.
    code = (
        "import sys; from govops.cli import app\n"
        "from typer.testing import CliRunner\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "heavy = ('babel', 'pynetbox', 'govops.catalogue')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_module_shadows_the_translation_function() -> None:
    """A module that imports ``_`` must not also use ``_`` as a throwaway name."""
    import ast

    from govops.catalogue import PACKAGE

    shadowing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports_it = any(
            isinstance(node, ast.ImportFrom)
            and node.module == "govops.i18n"
            and any(alias.name == "_" and alias.asname is None for alias in node.names)
            for node in ast.walk(tree)
        )
        stores = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store)
        ]
        if imports_it and stores:
            shadowing.append(f"{path.relative_to(PACKAGE.parent)}:{stores[0]}")
    assert shadowing == []


def test_error_lines_show_in_the_readers_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from govops.cli import app

    bad = tmp_path / "bad.yaml"
    bad.write_text("sites:\n  - {id: x}\n", encoding="utf-8")
    monkeypatch.setenv("GOVOPS_LANG", "zh")
    zh = CliRunner().invoke(app, ["inventory", "validate", str(bad)])
    monkeypatch.setenv("GOVOPS_LANG", "en")
    en = CliRunner().invoke(app, ["inventory", "validate", str(bad)])
    assert zh.exit_code == en.exit_code == 2
    assert "error: 台账有 2 处问题" in zh.stderr
    assert "error: inventory has 2 problems" in en.stderr
