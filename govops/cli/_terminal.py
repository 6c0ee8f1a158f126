"""The one place that prints. Data goes to stdout, narration and errors to stderr.

Rich is imported lazily here and nowhere else in the library. Device text is printed
without markup so that ``[...]`` in it is never interpreted.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, redirect_stdout
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from govops.xlsx import Sheet


class Format(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def emit(
    fmt: str,
    output: Path | None,
    data: Any,
    table: Callable[[], None],
    *,
    title: str,
    sheets: Callable[[], Sequence[Sheet]] | None = None,
) -> None:
    """Render one result: ``table`` (a function that prints), its JSON ``data``, or .xlsx
    (``sheets``, else the JSON laid out as sheets). With ``output`` it goes to that file."""
    if fmt == "xlsx":
        from govops.xlsx import sheets_from_json

        write_xlsx(output, sheets() if sheets else sheets_from_json(data, title))
        return
    with to_file(output):
        if fmt == "json":
            print_json(data)
        else:
            table()


@contextmanager
def to_file(output: Path | None) -> Iterator[None]:
    """What is printed on stdout inside goes to ``output`` instead (when given)."""
    if output is None:
        yield
        return
    from govops.errors import InputError
    from govops.i18n import M_

    try:
        with output.open("w", encoding="utf-8") as fh, redirect_stdout(fh):
            yield
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise InputError(M_("cannot write `{path}`: {reason}", path=output, reason=why)) from None
    say(M_("wrote {output}", output=str(output)))


def write_xlsx(output: Path | None, sheets: Sequence[Sheet]) -> None:
    """The workbook to ``output``; to stdout only when it is not a terminal."""
    from govops.errors import InputError
    from govops.i18n import M_, current_lang
    from govops.xlsx import write_workbook

    if output is None:
        if sys.stdout.isatty():
            raise InputError(M_("--format xlsx writes a file: give -o/--output PATH"))
        buffer = io.BytesIO()
        write_workbook(buffer, sheets, lang=current_lang())
        sys.stdout.flush()
        sys.stdout.buffer.write(buffer.getvalue())
        return
    try:
        write_workbook(output, sheets, lang=current_lang())
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise InputError(M_("cannot write `{path}`: {reason}", path=output, reason=why)) from None
    say(M_("wrote {output}", output=str(output)))


#: Characters that would act on a terminal rather than show: C0 (but line feed), DEL, C1,
#: and the bidirectional overrides that reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """``text`` with every terminal control character shown as an escape (``\\x1b``).

    Every string from outside (alert fields, CSV notes, device output, inventory names)
    goes through this before it reaches a terminal or a report: tables, Markdown, text.
    """
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def stdout_console(width: int | None = None) -> Console:
    from rich.console import Console

    # emoji off: ":abcd:" in an IPv6 address must not become a picture
    return Console(highlight=False, markup=False, emoji=False, soft_wrap=False, width=width)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, markup=False, emoji=False)


def print_json(data: Any) -> None:
    """Pretty, stable JSON on stdout (sorted keys are the caller's choice of data)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    # json escapes C0 itself; DEL, C1 and bidi overrides become \\u escapes (still JSON)
    sys.stdout.write(_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def print_table(
    title: str | None,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    right: int = 1,
    right_end: int = 10**6,
    width: int | None = None,
) -> None:
    """A plain table on stdout; columns from ``right`` on are right-aligned (numbers).

    ``width`` overrides the terminal's (Rich assumes 80 columns when stdout is a pipe).
    """
    from rich import box
    from rich.table import Table

    title = None if title is None else safe(title)
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for index, name in enumerate(columns):
        numeric = right <= index < right_end
        table.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        table.add_row(*("-" if v is None else safe(str(v)) for v in row))
    stdout_console(width).print(table)


def print_text(text: str) -> None:
    """Text that is data (CSV, Markdown, device output) on stdout, control characters escaped."""
    text = safe(text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def say(message: str) -> None:
    """Narration for a person, on stderr (a Message in the reader's language)."""
    from govops.i18n import localize

    sys.stderr.write(safe(localize(message)) + "\n")


def error(message: str, details: Sequence[str] = ()) -> None:
    """Each detail line, then ``error: <message>``, on stderr; each stays one line (a line
    break inside a value the user gave is shown as ``\\n``). A Message is shown in the reader's
    language; the ``error:`` prefix stays as it is, for scripts that look for it."""
    from govops.i18n import localize

    for line in details:
        sys.stderr.write(_one_line(localize(line)) + "\n")
    sys.stderr.write("error: " + _one_line(localize(message)) + "\n")


def _one_line(text: str) -> str:
    return safe(text).replace("\n", "\\n")


@contextmanager
def parse_warnings() -> Iterator[None]:
    """Parser warnings (values dropped from device output) as ``warning: ...`` on stderr."""
    import logging

    class Say(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            from govops.i18n import localize

            shown = localize(record.msg) if not record.args else record.getMessage()
            say(f"warning: {shown}")

    logger = logging.getLogger("govops.network.parsing")
    handler = Say()
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
