"""Language choice and gettext catalogs (meso_cli/locale/<lang>/LC_MESSAGES/meso.mo)."""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

LANGUAGES = ("en", "fr")
DOMAIN = "meso"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_active: gettext.NullTranslations = gettext.NullTranslations()
_lang = "en"


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


def activate(lang: str) -> None:
    global _active, _lang
    _lang = lang if lang in LANGUAGES else "en"
    if _lang == "en":
        _active = gettext.NullTranslations()
    else:
        _active = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_lang], fallback=True)


def current() -> str:
    return _lang


@contextmanager
def english():
    """Machine formats (json, csv, tsv) carry English text whatever the user's language."""
    saved = _lang
    activate("en")
    try:
        yield
    finally:
        activate(saved)


def N_(message: str) -> str:
    """Marks a msgid for extraction where it is defined; _() translates it where it is shown."""
    return message


def _(message: str) -> str:
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int, lang: str | None = None) -> str:
    """The singular or plural msgid for `count`, translated; `lang="en"` keeps the English."""
    if lang == "en" or (lang is None and _lang == "en"):
        return singular if count == 1 else plural
    return _active.ngettext(singular, plural, count)
