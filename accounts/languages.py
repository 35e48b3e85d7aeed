"""Spoken languages' names in the reader's language (Babel's CLDR data)."""

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language

# Codes listed as another one: Bokmål is the Norwegian most people write, and a list
# holding both «норвежский» and «норвежский букмол» reads as a mistake. The row stays
# (stored profiles and the API keep the code); lists show «норвежский» (no) alone,
# and the catalogue's filter by it finds both.
LISTED_AS = {"nb": "no"}


def same_language_codes(code: str) -> list[str]:
    """The code and those listed as it: no → [no, nb]."""
    return [code, *sorted(other for other, listed in LISTED_AS.items() if listed == code)]


@lru_cache(maxsize=1024)
def _name(code: str, language: str) -> str:
    try:
        name = Locale.parse(language).languages.get(code)
    except (ValueError, UnknownLocaleError):
        name = None
    if not name:
        return code
    # Russian writes language names in lower case, but a list item starts with a capital.
    return name[:1].upper() + name[1:]


def language_name(code: str, *, language: str | None = None) -> str:
    """«Английский» on Russian pages, «English» on English ones."""
    return _name(code, language or get_language() or "ru")
