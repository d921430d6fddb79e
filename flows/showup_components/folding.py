"""Text folding for the classifier's features: parents write Vietnamese and Spanish with or
without accents ("qua đời" / "qua doi", "está" / "esta"), so the model should see one word.

Latin letters lose their accents (and "đ" becomes "d"); other scripts keep their marks, because
Gurmukhi vowel signs and Arabic-script marks are combining characters that change the word.
(bot/ has folds of its own for other purposes; this one lives here because the Rasa process,
in its own venv, imports flows/showup_components and not bot/.)
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case ``text`` and drop the accents of Latin letters."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text.lower().replace("đ", "d")):
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))
