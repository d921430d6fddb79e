"""Which of a family's children a message is about.

``match_children(text, children, answering=False)`` returns the children named, in family
order, or [] when the message does not say (the bot then asks, if the family has several):

- every child: "both", "los dos", "2 đứa", "ob tug me nyuam", "all my kids" — the
  ``all_children`` words of every language (bot.text.words); a bare "all" / "todos" only as the
  whole answer (``everyone``), since "all week" is not about all the children;
- by name, fuzzy: "sofi", "SOFIA", "Sofía" are Sofía. Names also match across scripts, since
  rosters are in Latin letters and families write in their own: words in other scripts are
  transliterated (anyascii), so "بلال" is Bilal, "София" Sofia, "ਅਰਜੁਨ" Arjun and "嘉欣"
  Jiaxin. Arabic script leaves short vowels out and writes long ones as و/ي ("يوسف" =
  y-w-s-f), so there consonants are compared, and a name with fewer than three ("Ali",
  "Omar", "Yousef") is matched only as an answer to "which child?";
- narrowed: "the boy", "mi hija", "the older one", "el chiquito" pick the one child of that
  gender (when the roster says) or the one in the highest / lowest grade;
- as an answer to "which child?" (``answering``), also the numbers of the numbered choices
  ("2", "1 y 2": children in family order) and the clearly closest name in any script.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii
from rapidfuzz import fuzz

from bot.messages.languages import CODES
from bot.nlu.preprocess import ascii_digits
from bot.text.fold import fold, fold_phrase
from bot.text.words import find, table

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
CHOICES = re.compile(r"^(?:#?\d{1,2})(?:\s+(?:\S{1,3}\s+)?#?\d{1,2})*$")  # "2", "1 y 2", "1 & 3"
GRADES = {"pk": -2, "prek": -2, "tk": -1, "k": 0, "kn": 0, "kg": 0}
ANSWER_SCORE, ANSWER_MARGIN = 75, 15  # "which child?" answers: best name and its lead


def match_children(text: str, children: list, answering: bool = False,
                   language: str | None = None) -> list:
    """The children (objects with ``first_name``, optional ``gender`` and ``grade``) the
    message names, in family order; [] when it does not say. ``language``: the family's, for
    the narrowing words (with English); every language's when None."""
    folded = fold_phrase(text)
    if not children or not folded:
        return []
    if folded in table("everyone") or find(folded, table("all_children")):
        return list(children)
    if answering and (chosen := _choices(folded, children)):
        return chosen
    found = [child for child in children if names_child(text, child)]
    if found or len(children) < 2:
        return found
    narrowed = _narrowed(folded, children, _languages(language))
    if narrowed:
        return narrowed
    return _closest(text, children) if answering else []


# --- names -----------------------------------------------------------------------------------
def _name_forms(child) -> set[str]:
    """The whole first name ("mai nou") and its first part ("mai"), folded to Latin letters."""
    name = " ".join(anyascii(fold(child.first_name)).lower().split())
    parts = name.split()
    return {name, parts[0]} if parts else set()


def names_child(text: str, child) -> bool:
    """Does ``text`` name this child (any script, small misspellings allowed)?"""
    words = re.findall(r"\w+", fold(text))
    latin_grams = _grams(words, (1, 2, 3))
    forms = _name_forms(child)
    as_written = any(_close(c, g) for c in forms for g in latin_grams.get(len(c.split()), []))
    return as_written or any(_close(c.replace(" ", ""), g, abjad) for c in forms
                             for g, abjad in _transliterated_grams(text))


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
    # Arabic script writes long vowels with و and ي: "w" and "y" count as vowels here.
    return re.sub(r"[aeiouwy]", "", latin)


def _similarity(name: str, gram: str, abjad: bool) -> tuple[float, str]:
    """(0-100 similarity, the name as compared)."""
    if abjad:
        name, gram = _skeleton(name), _skeleton(gram)
        if gram.endswith("h") and not name.endswith("h"):
            gram = gram[:-1]  # a final ه/ة is the vowel of "Hamza", "Fatima"
    if not name or not gram:
        return 0.0, name
    return fuzz.ratio(name, gram), name


def _close(name: str, gram: str, abjad: bool = False) -> bool:
    """The same name, allowing small misspellings; names of 3 letters or fewer must be exact.
    In Arabic script, consonants only, and never a name of fewer than three ("Ali", "Omar":
    two consonants match too many words, "لي", "مر")."""
    score, compared = _similarity(name, gram, abjad)
    if abjad and len(compared) < 3:
        return False
    return score >= (100 if len(compared) <= 3 else 80)


def _closest(text: str, children: list) -> list:
    """The one child whose name is clearly closest to the answer, in any script: after "which
    child? Lina, Yousef", "يوسف" is Yousef even though two consonants match too much elsewhere."""
    grams = [(g, False) for n in (1, 2) for g in _grams(re.findall(r"\w+", fold(text)), (n,))[n]]
    grams += _transliterated_grams(text)
    scores = sorted(((max((_similarity(form.replace(" ", ""), g.replace(" ", ""), abjad)[0]
                           for form in _name_forms(child) for g, abjad in grams), default=0.0),
                      i) for i, child in enumerate(children)), reverse=True)
    best, runner_up = scores[0], scores[1] if len(scores) > 1 else (0.0, -1)
    if best[0] >= ANSWER_SCORE and best[0] - runner_up[0] >= ANSWER_MARGIN:
        return [children[best[1]]]
    return []


# --- numbered choices and narrowing ------------------------------------------------------------
def _choices(folded: str, children: list) -> list:
    """"2" or "1 y 2" answering the numbered choices: those children, in family order."""
    answer = ascii_digits(folded)
    if not CHOICES.match(answer):
        return []
    picked = {int(n) for n in re.findall(r"\d+", answer)}
    if not picked or not all(1 <= n <= len(children) for n in picked):
        return []
    return [child for i, child in enumerate(children, start=1) if i in picked]


def _grade_rank(child) -> int | None:
    grade = str(getattr(child, "grade", "") or "").strip().lower().replace("-", "")
    if grade in GRADES:
        return GRADES[grade]
    return int(grade) if grade.isdigit() else None


def _languages(language: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys((language, "en"))) if language in CODES else CODES


def _narrowed(folded: str, children: list, languages: tuple[str, ...]) -> list:
    """The one child that "the boy", "la niña", "the older one" can mean, else []."""
    candidates = list(children)
    for gender, words in (("m", "boy"), ("f", "girl")):
        if find(folded, table(words, languages)):
            same = [c for c in candidates if (getattr(c, "gender", None) or "") == gender]
            if same:
                candidates = same
    for pick, words in ((max, "older"), (min, "younger")):
        if find(folded, table(words, languages)):
            ranked = [(rank, c) for c in candidates if (rank := _grade_rank(c)) is not None]
            if len(ranked) == len(candidates) and ranked:
                target = pick(rank for rank, _ in ranked)
                candidates = [c for rank, c in ranked if rank == target]
    return candidates if len(candidates) == 1 and len(children) > 1 else []
