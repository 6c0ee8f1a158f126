"""One error hierarchy. The CLI prints ``error: <message>`` and exits with ``exit_code``.

Exit codes (design.md): 0 done; 1 findings at or above --fail-on, or a domain error;
2 bad usage or bad input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from govops.i18n import M_, N_, Message, localize


class GovopsError(Exception):
    """Base of every error govops reports to a user. The message says what failed and what to do.

    Give the message as ``M_("no fault {id}", id=fault_id)``: it is the English text (logs,
    tests, ``str(exc)``) and the CLI shows it in the reader's language.
    """

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def details(self) -> list[str]:
        """Lines printed before ``error: <message>``: one per problem, when there are many."""
        return []


def reason(exc: BaseException) -> str:
    """What an exception says: its Message when it carries one (so it is shown in the reader's
    language), else its text."""
    if isinstance(exc, GovopsError):
        return exc.message
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Message) else str(exc)


def joined(parts: Sequence[str], how: Literal["; ", " and "] = "; ") -> str:
    """``how.join(parts)`` that stays translatable: Messages among ``parts`` are shown in the
    reader's language, and so is the separator ("; " or " and ")."""
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    rest = joined(parts[1:], how)
    if how == " and ":
        return M_("{first} and {rest}", first=parts[0], rest=rest)
    return M_("{first}; {rest}", first=parts[0], rest=rest)


#: pydantic's own words for the commonest problems: shown translated when pydantic says them.
PYDANTIC_WORDS = frozenset(
    (
        N_("Field required"),
        N_("Extra inputs are not permitted"),
        N_("Input should be a valid string"),
        N_("Input should be a valid integer"),
        N_("Input should be a valid number"),
        N_("Input should be a valid boolean"),
        N_("Input should be a valid list"),
        N_("Input should be a valid dictionary"),
        N_("Input should be a valid integer, unable to parse string as an integer"),
        N_("Input should be a valid number, unable to parse string as a number"),
        N_("Input should be a valid boolean, unable to interpret input"),
        N_("Input should be a finite number"),
    )
)


#: pydantic's sentences with values (its ``ctx``), by error type: a candidate is used only
#: when it gives pydantic's very words, so a pydantic release that rewords falls back to them.
PYDANTIC_SENTENCES = {
    "string_too_short": (
        N_("String should have at least {min_length} character"),
        N_("String should have at least {min_length} characters"),
    ),
    "string_too_long": (
        N_("String should have at most {max_length} character"),
        N_("String should have at most {max_length} characters"),
    ),
    "string_pattern_mismatch": (N_("String should match pattern '{pattern}'"),),
    "literal_error": (N_("Input should be {expected}"),),
    "enum": (N_("Input should be {expected}"),),
    "greater_than": (N_("Input should be greater than {gt}"),),
    "greater_than_equal": (N_("Input should be greater than or equal to {ge}"),),
    "less_than": (N_("Input should be less than {lt}"),),
    "less_than_equal": (N_("Input should be less than or equal to {le}"),),
    "int_from_float": (N_("Input should be a valid integer, got a number with a fractional part"),),
    "model_type": (N_("Input should be a valid dictionary or instance of {class_name}"),),
    "too_short": (
        N_("List should have at least {min_length} items after validation, not {actual_length}"),
    ),
    "too_long": (
        N_("List should have at most {max_length} items after validation, not {actual_length}"),
    ),
    "date_from_datetime_parsing": (N_("Input should be a valid date or datetime, {error}"),),
    "datetime_from_date_parsing": (N_("Input should be a valid datetime or date, {error}"),),
}


def validation_message(error: Any, limit: int = 200) -> str:
    """What one pydantic error says: the Message a validator raised (shown translated), a
    common pydantic sentence as a Message, else pydantic's English (at most ``limit`` long)."""
    ctx = error.get("ctx") or {}
    raised = ctx.get("error")
    if isinstance(raised, BaseException) and isinstance(said := reason(raised), Message):
        return said
    text = str(error["msg"]).removeprefix("Value error, ")[:limit]
    if text in PYDANTIC_WORDS:
        return M_(text)
    for msgid in PYDANTIC_SENTENCES.get(str(error.get("type")), ()):
        try:
            candidate = M_(msgid, **{k: v for k, v in ctx.items() if isinstance(k, str)})
        except (KeyError, IndexError, ValueError):
            continue
        if candidate == text:
            return candidate
    return text


class InputError(GovopsError):
    """Bad input: a file, a field, an argument. Exit code 2."""

    exit_code = 2


class DomainError(GovopsError):
    """The input is fine but the operation cannot be done (an illegal transition, say)."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file, located as precisely as the file allows."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"

    def shown(self) -> str:
        """The problem in the reader's language (its message, when it is a Message)."""
        return f"{self.file}:{self.line}: {self.field}: {localize(self.message)}"

    def text(self) -> Message:
        """The whole problem as a Message, for a sentence that quotes it."""
        return M_(
            "{file}:{line}: {field}: {message}",
            file=self.file,
            line=self.line,
            field=self.field,
            message=self.message,
        )


class ProblemsError(InputError):
    """A file (or files) with one or more problems; all of them are reported at once."""

    def __init__(self, problems: Sequence[Problem], subject: str = "input") -> None:
        self.problems = list(problems)
        count = len(self.problems)
        what = M_(subject)  # a word of the catalogue (SUBJECTS), shown translated
        if count == 1:
            super().__init__(M_("{subject} has {count} problem", subject=what, count=count))
        else:
            super().__init__(M_("{subject} has {count} problems", subject=what, count=count))

    def details(self) -> list[str]:
        return [p.shown() for p in self.problems]


#: What a ProblemsError may be about: msgids of its subject.
SUBJECTS = (
    N_("input"),
    N_("inventory"),
    N_("NetBox import"),
    N_("mapping file"),
    N_("utilisation file"),
    N_("services file"),
    N_("targets file"),
)


class InventoryError(ProblemsError):
    """An inventory has one or more problems."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems, "inventory")
