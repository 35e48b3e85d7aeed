"""People's names as stored: readable, with no text-direction tricks."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Embeddings, overrides and isolates (and the direction marks): a name holding
# them can reverse the text shown after it on a page or in a letter.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
)


def clean_full_name(value: str) -> str:
    """The name without direction controls and outer spaces; refused without a visible letter.

    Zero-width characters stay where they join letters (some scripts need
    them), but a name made only of them, of controls or of punctuation is
    refused: other people must be able to read who they talk to.
    """
    name = value.translate(BIDI_CONTROLS).strip()
    if not any(unicodedata.category(char).startswith("L") for char in name):
        raise ValidationError(_("В имени должны быть буквы."), code="invalid_name")
    return name
