"""Which of a family's children a message is about: fuzzy first-name matching in the text.

"sofi", "SOFIA", "Sofía" all match Sofía; "both"/"los dos"/"all" in many languages mean every
child. Returns [] when no child is named (the bot then asks, if the family has several)."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

ALL_CHILDREN = {
    "both", "all", "all of them", "los dos", "las dos", "ambos", "todos", "todas",
    "ca hai", "hai dua", "tat ca", "ob tug", "tag nrho", "oba", "lahat", "dalawa",
    "оба", "обе", "обидва", "обидві", "всі", "все", "كلاهما", "الاثنين", "الكل",
    "دواړه", "هر دو", "ਦੋਵੇਂ", "兩個", "两个", "全部", "兩個都",
}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def match_children(text: str, children: list) -> list:
    """The children (objects with ``first_name``) named in ``text``, in family order."""
    folded = fold(text)
    words = re.findall(r"\w+", folded)
    if any(phrase in folded for phrase in ALL_CHILDREN if " " in phrase) or any(
        w in ALL_CHILDREN for w in words
    ):
        return list(children)
    found = []
    for child in children:
        name = fold(child.first_name)
        parts = name.split()
        # Whole first name ("mai nou"), or its first part ("mai"), as a word or near-spelling.
        for candidate in {name, parts[0]} if parts else set():
            size = len(candidate.split())
            grams = [" ".join(words[i:i + size]) for i in range(len(words) - size + 1)]
            if any(fuzz.ratio(candidate, g) >= (100 if len(candidate) <= 3 else 80)
                   for g in grams):
                found.append(child)
                break
    return found
