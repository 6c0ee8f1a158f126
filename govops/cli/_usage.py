"""Click's refusals of a command line (as Typer raises them), in the reader's language.

Built from what each exception carries (the option's name, the parameter, the pydantic
error Typer validated with), never by reading Click's English back. A refusal whose parts
are not known this way is shown as Click words it.
"""

from __future__ import annotations

from typing import Any

from govops.i18n import M_, N_

#: The kinds of parameter Click names in "Missing option '--x'.".
KINDS = (N_("option"), N_("argument"), N_("parameter"))


def usage_message(exc: Any) -> str:
    """What ``exc`` (a Click UsageError) says, as a Message where its parts are known."""
    kind = type(exc).__name__
    if kind == "NoSuchOption":
        return _no_such_option(exc)
    if kind == "MissingParameter":
        return _missing(exc)
    if kind == "BadParameter":
        return _bad_value(exc)
    return str(exc.format_message())


def _no_such_option(exc: Any) -> str:
    said = M_("No such option: {option}", option=exc.option_name)
    if said != exc.message:  # a message of Click's own making: as it is
        return str(exc.format_message())
    if exc.possibilities:
        options = ", ".join(sorted(exc.possibilities))
        return M_("{refusal} (Possible options: {options})", refusal=said, options=options)
    return said


def _missing(exc: Any) -> str:
    param = exc.param
    hint = _hint(exc)
    if exc.message or param is None or hint is None or param.get_missing_message(ctx=exc.ctx):
        return str(exc.format_message())
    kind = exc.param_type or param.param_type_name
    if kind not in KINDS:
        return str(exc.format_message())
    return M_("Missing {kind} {hint}.", kind=M_(kind), hint=hint)


def _bad_value(exc: Any) -> str:
    hint = _hint(exc)
    if hint is None:
        return str(exc.format_message())
    return M_("Invalid value for {hint}: {reason}", hint=hint, reason=_reason(exc))


def _hint(exc: Any) -> str | None:
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    if hint is None:
        return None
    return hint if isinstance(hint, str) else " / ".join(repr(x) for x in hint)


def _reason(exc: Any) -> str:
    """The pydantic error Typer validated the value with, through govops' words for it."""
    from govops.errors import validation_message

    cause = exc.__cause__ or exc.__context__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        found = errors()
        if found:
            said = _choice(found[0]) or validation_message(found[0])
            if said == exc.message or said == exc.message.removeprefix("Value error, "):
                return said
    return str(exc.message)


def _choice(error: Any) -> str | None:
    """Typer's refusal of a value outside a choice, rebuilt from the value and the choices
    it names (and kept only when the rebuilt English is exactly Typer's)."""
    raised = (error.get("ctx") or {}).get("error")
    if error.get("type") != "value_error" or not isinstance(raised, ValueError):
        return None
    text = str(raised)
    value = repr(error.get("input"))
    head = f"{value} is not one of "
    if not (text.startswith(head) and text.endswith(".")):
        return None
    said = M_("{value} is not one of {choices}.", value=value, choices=text[len(head) : -1])
    return said if said == text else None
