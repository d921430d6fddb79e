"""Short answers: a reply that is only a name, a number or a yes/no.

Such a reply says nothing about the language the family reads — "بلال" from a Pashto father is
a name, not Arabic; "ok" is not English; "2" is no language — so the pipeline never changes
the family's language on one. ``is_short_answer(text, children)`` is True for them.
"""

from __future__ import annotations

from bot.messages.languages import CODES
from bot.nlu.preprocess import ascii_digits
from bot.text.children import names_child
from bot.text.fold import fold_phrase
from bot.text.words import find, table


def is_short_answer(text: str, children: list) -> bool:
    """True when every word of ``text`` is a number, a yes/no/"all"/"and" word or a child's
    name."""
    folded = fold_phrase(ascii_digits(text or ""))
    if not folded:
        return True
    if folded in _answer_words():
        return True
    return all(word.isdigit() or word in _answer_words()
               or any(names_child(word, child) for child in children)
               for word in folded.split())


def _answer_words() -> set[str]:
    return {*table("yes"), *table("no"), *table("everyone"), *table("conjunctions")}


def yes_or_no(text: str, language: str | None = None) -> str | None:
    """"yes" or "no" as the words say it: a yes word opening the message ("sí, vamos", "oo
    po"), else a no word anywhere ("sorry, we can't come", "xin lỗi, nhà em không đi được");
    None when neither. The family's language and English."""
    languages = tuple(dict.fromkeys((language, "en"))) if language in CODES else CODES
    yes, no = set(table("yes", languages)), set(table("no", languages))
    # One search over both tables, longest phrase first: "tuaj tsis tau" (can't come) is a no,
    # not the yes "tuaj" followed by something.
    found = [(start, phrase in yes and phrase not in no)
             for start, _, phrase in find(fold_phrase(text), yes | no)]
    if found and found[0] == (0, True):
        return "yes"
    if any(not is_yes for _, is_yes in found):
        return "no"
    return "yes" if found else None
