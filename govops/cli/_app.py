"""The Typer app factory and the one boundary where GovopsError becomes an exit code."""

from __future__ import annotations

import importlib
import sys
from enum import StrEnum
from types import MethodType
from typing import IO, Annotated, Any

import typer
from typer.core import TyperGroup

from govops import i18n
from govops.cli import _terminal
from govops.cli._metavars import use_click_metavars
from govops.cli._usage import usage_message
from govops.errors import GovopsError
from govops.i18n import M_


def _click_module() -> Any:
    """Click as Typer runs it: Typer's own copy (Typer 0.2x vendors it), else the package."""
    try:
        return importlib.import_module("typer._click.exceptions")
    except ImportError:
        return importlib.import_module("click.exceptions")


click: Any = _click_module()


class GovopsGroup(TyperGroup):
    """Runs a command; a GovopsError is printed as ``error: ...`` and exits with its code,
    and so is Click's own refusal of the command line (usage line first, exit 2).

    The language a run sets (--lang) is undone when it returns.
    """

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except click.ClickException as exc:  # the root's own options
            raise _as_govops_error(exc) from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        token = i18n.use_lang(None)
        try:
            return super().main(*args, **kwargs)
        finally:
            i18n.reset_lang(token)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:  # a subcommand's arguments, as Click parsed them
            raise _as_govops_error(exc) from None
        except GovopsError as exc:
            _terminal.error(exc.message, exc.details())
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _terminal.error(M_("interrupted"))
            raise typer.Exit(130) from None
        except (OverflowError, RecursionError, UnicodeError) as exc:
            # Values checked at the boundary never get here; this is the net under it, so
            # a value no check foresaw still ends in `error:` and exit 2, not a traceback.
            why = _net_reason(exc)
            _terminal.error(
                M_("input out of range or malformed: {reason}: {error}", reason=why, error=exc)
            )
            raise typer.Exit(2) from None
        except Exception as exc:  # a database error: the state layer's, below
            reason = _database_error(exc)
            if reason is None:
                raise
            _terminal.error(M_("state database: {reason}", reason=reason))
            raise typer.Exit(1) from None


def _as_govops_error(exc: Any) -> Any:
    """The exception, shown govops' way when Typer shows it: usage line, then one
    ``error: ...`` line (Click's own is ``Error: ...`` under its usage)."""

    def show(self: Any, file: IO[Any] | None = None) -> None:
        ctx = getattr(self, "ctx", None)
        if isinstance(self, click.UsageError) and ctx is not None:
            sys.stderr.write(ctx.get_usage() + "\n")
            names = ctx.help_option_names
            if names and ctx.command.get_help_option(ctx) is not None:
                path, option = ctx.command_path, names[0]
                hint = M_("Try '{command} {option}' for help.", command=path, option=option)
                sys.stderr.write(i18n.localize(hint) + "\n")
            _terminal.error(usage_message(self))
        else:
            _terminal.error(self.format_message())

    if type(exc).__name__ != "NoArgsIsHelpError":  # `govops fault` alone: the help, as is
        exc.show = MethodType(show, exc)
    return exc


def _database_error(exc: Exception) -> str | None:
    """The first line of a database error, password removed; None for any other error.

    SQLAlchemy is only imported when state is touched, so it is looked up, not imported.
    """
    import sys

    errors = sys.modules.get("sqlalchemy.exc")
    if errors is None or not isinstance(exc, errors.SQLAlchemyError):
        return None
    from govops.state.url import redact

    text = str(getattr(exc, "orig", None) or exc).strip()
    return redact(text.splitlines()[0] if text else type(exc).__name__)


def _net_reason(exc: BaseException) -> str:
    if isinstance(exc, OverflowError):
        return M_("a number or date too large")
    return M_("nested too deeply") if isinstance(exc, RecursionError) else M_("not valid text")


class Lang(StrEnum):
    zh = "zh"
    en = "en"


def _set_lang(value: Lang | None) -> Lang | None:
    if value is not None:
        i18n.use_lang(value.value)
    return value


LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        callback=_set_lang,
        help="Language of tables and reports: zh or en (default: GOVOPS_LANG, then the locale).",
        show_default=False,
    ),
]


def new_app(**kwargs: Any) -> typer.Typer:
    """A Typer app with govops' defaults: no locals in tracebacks, help on no arguments,
    click's type words in help (PATH, INTEGER); the root app adds shell completion."""
    kwargs.setdefault("no_args_is_help", True)
    kwargs.setdefault("add_completion", False)
    use_click_metavars()
    return typer.Typer(
        pretty_exceptions_show_locals=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
        **kwargs,
    )
