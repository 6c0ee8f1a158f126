"""The message catalogue: every word a person reads, in English (the msgid) or Chinese.

English text is the message id; ``govops/locale/zh/LC_MESSAGES/govops.po`` holds the
Chinese and its compiled ``govops.mo`` ships as package data (``scripts/compile_catalogue.py``
rebuilds it; a test checks the two agree). Placeholders are ``str.format`` fields, so a
translation may reorder them and keeps their format specs (``{ratio:.0%}``).

Four ways in, all of which the catalogue test finds in the code:

- ``_("Findings")``: the text in the current language, now;
- ``tr(lang, "Findings")``: the text in a given language;
- ``N_("Findings")``: marks a msgid kept for later (column headings at module level);
- ``M_("link is down", **params)``: a :class:`Message`, a ``str`` whose value is the English
  text (what JSON and stored audits carry) and which renderers show in the reader's language.

The current language is the ``--lang`` option, else ``GOVOPS_LANG``, else the locale
(zh when LC_ALL/LC_MESSAGES/LANG is Chinese), else English. gettext is imported only
when a Chinese text is first needed, so ``govops --help`` stays fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from contextvars import ContextVar, Token
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govops import config

if TYPE_CHECKING:
    import gettext

LANGS = ("zh", "en")
DOMAIN = "govops"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: ContextVar[str | None] = ContextVar("govops_lang", default=None)


def default_lang() -> str:
    """GOVOPS_LANG if set, else the locale: zh for a Chinese locale, en otherwise."""
    explicit = os.environ.get(config.ENV_LANG, "").strip().lower()
    if explicit in LANGS:
        return explicit
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def current_lang() -> str:
    """The language set by ``use_lang`` (the CLI's --lang), else :func:`default_lang`."""
    return _current.get() or default_lang()


def use_lang(lang: str | None) -> Token[str | None]:
    """Make ``lang`` (None: the default) the current language; returns a token for reset."""
    if lang is not None and lang not in LANGS:
        from govops.errors import InputError

        raise InputError(M_("unknown language `{lang}`; choose zh or en", lang=lang))
    return _current.set(lang)


def reset_lang(token: Token[str | None]) -> None:
    _current.reset(token)


@cache
def translation(lang: str) -> gettext.NullTranslations:
    """The gettext translations of ``lang`` (English: none, the msgid is the text)."""
    import gettext

    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])


def _format(text: str, params: Mapping[str, Any], lang: str | None) -> str:
    if not params:
        return text
    shown = {k: tr(lang, v) if isinstance(v, Message) and lang else v for k, v in params.items()}
    return text.format(**shown)


def tr(lang: str, msgid: str, /, **params: Any) -> str:
    """``msgid`` in ``lang``, its placeholders filled (Message parameters translated too)."""
    if isinstance(msgid, Message):
        return msgid.tr(lang)
    return _format(translation(lang).gettext(msgid), params, lang)


def _(msgid: str, /, **params: Any) -> str:
    """``msgid`` in the current language."""
    return tr(current_lang(), msgid, **params)


def N_(msgid: str) -> str:
    """Mark ``msgid`` for the catalogue; translated later where it is shown."""
    return msgid


class Message(str):
    """English text that remembers its msgid and parameters, so it can be shown translated.

    It *is* the English string (JSON, comparisons and stored audits see exactly that);
    :meth:`tr` gives it in another language.
    """

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, /, **params: Any) -> Message:
        obj = super().__new__(cls, _format(msgid, params, None))
        obj.msgid = msgid
        obj.params = params
        return obj

    def tr(self, lang: str | None = None) -> str:
        lang = lang or current_lang()
        return _format(translation(lang).gettext(self.msgid), self.params, lang)

    def __reduce__(self) -> Any:
        return (_rebuild, (self.msgid, self.params))


def _rebuild(msgid: str, params: dict[str, Any]) -> Message:
    return Message(msgid, **params)


def M_(msgid: str, /, **params: Any) -> Message:
    """A :class:`Message`: English now, translatable when shown."""
    return Message(msgid, **params)


def message_json(value: str | None, key: str = "message") -> dict[str, Any]:
    """What JSON keeps beside an English text so it can be shown translated later:
    ``<key>_id`` (the msgid, None for text outside the catalogue) and ``<key>_params``."""
    if not isinstance(value, Message):
        return {f"{key}_id": None, f"{key}_params": {}}
    return {
        f"{key}_id": value.msgid,
        f"{key}_params": {k: _param_json(v) for k, v in value.params.items()},
    }


def _param_json(value: Any) -> Any:
    if isinstance(value, Message):
        return message_json(value)  # a word of the catalogue inside a message (a tier, a status)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def message_from_json(record: Mapping[str, Any], key: str = "message") -> str:
    """``record[key]`` (English) as a Message again, from the ``<key>_id`` and
    ``<key>_params`` stored beside it, so a stored audit re-reads in the reader's language.

    Records stored before those fields existed, or whose fields do not rebuild the very
    same English text, give the English text as it is.
    """
    english = str(record.get(key) or "")
    rebuilt = _message_of(record.get(f"{key}_id"), record.get(f"{key}_params"))
    return rebuilt if rebuilt is not None and rebuilt == english else english


def _message_of(msgid: Any, params: Any) -> Message | None:
    if not isinstance(msgid, str) or not isinstance(params, dict):
        return None
    values = {}
    for name, value in params.items():
        if isinstance(value, dict):
            value = _message_of(value.get("message_id"), value.get("message_params"))
            if value is None:
                return None
        values[str(name)] = value
    try:
        return Message(msgid, **values)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return None


def localize(value: Any, lang: str | None = None) -> Any:
    """A Message in ``lang`` (default: current); anything else unchanged."""
    if isinstance(value, Message):
        return value.tr(lang)
    return value


def word(value: str, lang: str | None = None) -> str:
    """A fixed word (a status, a level, a severity) in ``lang``; its msgid is the word itself."""
    return translation(lang or current_lang()).gettext(value)


def headings(columns: Iterable[str], lang: str | None = None) -> list[str]:
    """Column headings (msgids) in ``lang`` (default: current)."""
    lang = lang or current_lang()
    return [tr(lang, c) if c else c for c in columns]


#: Words shown from data (levels, tiers, statuses, severities, checks): their msgids.
WORDS = (
    *(N_("province"), N_("city"), N_("county"), N_("township"), N_("village")),
    *(N_("department"), N_("total")),
    *(N_("sites"), N_("devices"), N_("links"), N_("clouds"), N_("systems")),
    *(N_("provincial"), N_("industry"), N_("non_classified"), N_("classified")),
    *(N_("network"), N_("platform"), N_("security"), N_("major"), N_("minor")),
    *(N_("within"), N_("at_risk"), N_("overdue"), N_("met"), N_("breached")),
    *(N_("inventoried"), N_("assessed"), N_("planned"), N_("ready"), N_("migrating")),
    *(N_("testing"), N_("cutover"), N_("migrated"), N_("decommissioned"), N_("blocked")),
    *(N_("rolled_back"), N_("exempt"), N_("retired"), N_("target_cloud")),
    *(N_("province-city"), N_("city-county"), N_("county-township")),
    *(N_("township-village"), N_("province-department")),
    *(N_("compliant"), N_("below_target"), N_("down"), N_("unknown")),
    *(N_("degraded"), N_("non_compliant")),
    *(N_("dual_stack"), N_("partial"), N_("ipv4_only")),
    *(N_("info"), N_("warning"), N_("critical")),
    *(N_("inventory"), N_("redundancy"), N_("bandwidth"), N_("utilization")),
    *(N_("reachability"), N_("ipv6"), N_("coverage"), N_("aggregate")),
)
