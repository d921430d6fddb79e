"""Text folding: the one place that decides when two spellings are the same word.

Two meanings, one function each:

- ``fold(text)``: lower-case, Latin letters lose their accents ("Está" = "esta", "QUA ĐỜI" =
  "qua doi"), other scripts keep their marks (Gurmukhi vowel signs and Arabic-script marks
  change the word: "ਸਾਰਾ" is not "ਸਰ"). NFC. Words are compared in this form everywhere: names,
  day words, headcount words, the classifier's features.
- ``fold_phrase(text)``: ``fold`` plus what does not change a phrase's meaning in a text
  message: punctuation and symbols (emoji) become spaces, the Persian/Pashto zero-width
  non-joiner is a space, spaces collapse, and Arabic spelling variants are unified (typed
  without hamza, ه for ة, without short vowels: "مساعده" is "مساعدة", "غدًا" is "غدا").
  Word tables are stored and matched in this form.

``flows/showup_components/folding.py`` is a copy of ``fold`` (the Rasa process runs in its own
venv and never imports bot/); tests/test_fold.py checks that the two fold every training and
test message identically.
"""

from __future__ import annotations

import re
import unicodedata

ARABIC_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي"})
# Arabic-script short vowels, tanween, shadda, sukun and the tatweel: optional in writing
# ("غدًا" = "غدا"), never what tells two words apart in a family's text.
ARABIC_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")
ZWNJ = "\u200c"


def fold(text: str | None) -> str:
    """Lower-case ``text`` and drop the accents of Latin letters (and "đ" → "d")."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", (text or "").lower().replace("đ", "d")):
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue  # a Latin accent: drop it; other scripts' marks stay
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def fold_phrase(text: str | None) -> str:
    """``fold`` without punctuation, symbols or extra spaces, Arabic variants unified."""
    spaced = "".join(" " if unicodedata.category(c)[0] in "PS" or c == ZWNJ else c
                     for c in fold(text))
    return ARABIC_HARAKAT.sub("", " ".join(spaced.split())).translate(ARABIC_VARIANTS)


def is_word_char(ch: str) -> bool:
    """Letters, digits and combining marks (a Gurmukhi vowel sign is inside a word)."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M")
