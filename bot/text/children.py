"""Which of a family's children a message is about: fuzzy first-name matching in the text.

"sofi", "SOFIA", "Sofía" all match Sofía; "both"/"los dos"/"all" in many languages mean every
child. Names also match across scripts, since rosters are in Latin letters and families write
in their own: words in other scripts are transliterated (anyascii) before the comparison, so
"بلال" is Bilal, "София" Sofia, "ਅਰਜੁਨ" Arjun and "嘉欣" Jiaxin. Arabic script usually leaves
short vowels out ("مريم" = m-r-y-m), so there the consonants are compared, and a name with
fewer than three ("Ali", "Omar") is not matched in that script. Returns [] when no child is
named (the bot then asks, if the family has several)."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii
from rapidfuzz import fuzz

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")

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
    latin_grams = _grams(words, (1, 2, 3))
    other_grams = _transliterated_grams(text)
    for child in children:
        name = " ".join(anyascii(fold(child.first_name)).lower().split())
        parts = name.split()
        # Whole first name ("mai nou"), or its first part ("mai"), as a word or near-spelling.
        candidates = {name, parts[0]} if parts else set()
        as_written = any(_close(c, g) for c in candidates
                         for g in latin_grams.get(len(c.split()), []))
        other_script = any(_close(c.replace(" ", ""), g, abjad) for c in candidates
                           for g, abjad in other_grams)
        if as_written or other_script:
            found.append(child)
    return found


def _grams(words: list[str], sizes: tuple[int, ...]) -> dict[int, list[str]]:
    return {n: [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)] for n in sizes}


def _words(text: str) -> list[str]:
    """Words split at spaces, punctuation and symbols, keeping combining marks (Gurmukhi vowel
    signs are marks, and \\w would split the word at them); Chinese one character a word."""
    spaced = "".join(" " if unicodedata.category(c)[0] in "PSZ" else c for c in text)
    return HAN.sub(lambda m: " " + " ".join(m.group(0)) + " ", spaced).split()


def _transliterated_grams(text: str) -> list[tuple[str, bool]]:
    """Runs of 1-3 consecutive non-Latin words, transliterated and joined without spaces
    ("嘉欣" -> "jiaxin"), each flagged when it is in Arabic script."""
    runs: list[list[tuple[str, bool]]] = [[]]
    for word in _words(text):
        if word.isascii() or all(unicodedata.name(c, "").startswith("LATIN") or not c.isalpha()
                                 for c in word):
            runs.append([])
            continue
        latin = "".join(ch for ch in anyascii(word).lower() if ch.isalnum())
        if latin:
            runs[-1].append((latin, bool(ARABIC_SCRIPT.search(word))))
    grams = []
    for run in runs:
        for i in range(len(run)):
            for n in (1, 2, 3):
                if i + n <= len(run):
                    piece = run[i:i + n]
                    grams.append(("".join(w for w, _ in piece), any(a for _, a in piece)))
    return grams


def _skeleton(latin: str) -> str:
    return re.sub(r"[aeiouy]", "", latin)


def _close(name: str, gram: str, abjad: bool = False) -> bool:
    """The same name, allowing small misspellings; names of 3 letters or fewer must be exact.
    In Arabic script, compare consonants only (short vowels are not written)."""
    if abjad:
        name, gram = _skeleton(name), _skeleton(gram)
        if gram.endswith("h") and not name.endswith("h"):
            gram = gram[:-1]  # a final ه/ة is the vowel of "Hamza", "Fatima"
        if len(name) < 3:
            # "Ali", "Omar": two consonants match too many words ("لي", "مر"); ask instead
            return False
    if not name or not gram:
        return False
    return fuzz.ratio(name, gram) >= (100 if len(name) <= 3 else 80)
