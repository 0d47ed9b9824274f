"""Language choice and gettext catalogs (meso_cli/locale/<lang>/LC_MESSAGES/meso.mo).

The language of a command is chosen once, when its Environment is made, and held in a context
variable for the length of that command (cli.LazyGroup runs each command in its own context):
`_()` reads it. Text that must be in one language whatever the user's (machine formats are
English) asks for it by name: `translator("en")`, `render(note, "en")`.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Mapping
from contextvars import ContextVar, Token
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "fr")
DOMAIN = "meso"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_language: ContextVar[str] = ContextVar("meso_language", default="en")


def choose_language(option: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """--lang, else LANGUAGE / LC_ALL / LC_MESSAGES / LANG as gettext reads them, else English."""
    if option:
        return option
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if not value:
            continue
        for candidate in value.split(":"):
            code = candidate.split(".")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
            if code in ("c", "posix"):
                return "en"
        return "en"
    return "en"


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The translations of one language (English: the msgids themselves)."""
    if lang not in LANGUAGES or lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def use(lang: str) -> Token:
    """The language of the running command (set once, by the command's Environment); the
    token lets the caller put the previous language back."""
    return _language.set(lang if lang in LANGUAGES else "en")


def reset(token: Token) -> None:
    _language.reset(token)


def current() -> str:
    return _language.get()


def translator(lang: str | None = None) -> Callable[[str], str]:
    """gettext for `lang` (default: the command's language), for text with a fixed language."""
    return catalog(lang or current()).gettext


def N_(message: str) -> str:
    """Marks a msgid for extraction where it is defined; _() translates it where it is shown."""
    return message


def _(message: str) -> str:
    return catalog(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int, lang: str | None = None) -> str:
    """The singular or plural msgid for `count`, translated (`lang`: default the command's)."""
    return catalog(lang or _language.get()).ngettext(singular, plural, count)
