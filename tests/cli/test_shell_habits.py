"""Shell habits: completion, -o/--output everywhere, help in click's words (PATH, INTEGER)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import typer
from typer.testing import CliRunner

from govops.cli import app
from govops.cli._metavars import click_style

runner = CliRunner()


def _commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if hasattr(group, "commands"):
        for name, sub in group.commands.items():
            yield from _commands(sub, (*path, name))
    else:
        yield path


COMMANDS = list(_commands(typer.main.get_command(app)))


def test_completion_is_offered() -> None:
    out = runner.invoke(app, ["--help"]).stdout
    assert "--install-completion" in out and "--show-completion" in out


def test_help_shows_click_words_not_python_types() -> None:
    assert len(COMMANDS) > 20
    for path in COMMANDS:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, path
        assert not re.search(r"<(str|int|float|path|list\[|bool)", result.stdout), (
            path,
            result.stdout,
        )
    fault = runner.invoke(app, ["fault", "report", "--help"]).stdout
    assert "--window TEXT" in fault and "--db PATH" in fault and "-o, --output PATH" in fault


def test_every_format_command_takes_output() -> None:
    for path in COMMANDS:
        command: Any = typer.main.get_command(app)
        for name in path:
            command = command.commands[name]
        options = {opt for p in command.params for opt in p.opts}
        if "--format" in options:
            assert {"-o", "--output"} <= options, path


def test_labels_map_to_click_words() -> None:
    assert [click_style(x) for x in ("<str>", "<list[path]>", "<int range>", "<a|b>")] == [
        "TEXT",
        "PATH",
        "INTEGER RANGE",
        "[a|b]",
    ]
