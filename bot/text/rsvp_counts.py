"""Counts in an RSVP ("2 adults 3 kids", "vamos 2 adultos y 3 niños", "3 个大人") and whether
the family asks for childcare, in every supported language (digits; word lists are ours)."""

from __future__ import annotations

import re
import unicodedata

ADULT_WORDS = ("adult", "grown", "parent", "adulto", "persona", "mayor", "大人", "成人", "家長",
               "neeg laus", "niam txiv", "nguoi lon", "phu huynh", "взросл", "родител",
               "доросл", "батьк", "بالغ", "كبار", "ਬਾਲਗ", "ਵੱਡੇ", "بزرگ", "کلان", "لوی",
               "لويان", "matanda", "magulang")
CHILD_WORDS = ("kid", "child", "children", "nino", "nina", "hijo", "hija", "chamaco", "小朋友",
               "小孩", "細路", "孩子", "仔女", "me nyuam", "menyuam", "tre", "chau", "be ",
               "дет", "ребен", "діт", "дитин", "أطفال", "اطفال", "ولاد", "ਬੱਚ", "بچه", "اولاد",
               "ماشوم", "طفل", "bata", "anak")
CHILDCARE_WORDS = ("childcare", "child care", "babysit", "cuidado de nino", "guarderia",
                   "quien cuide", "托兒", "託兒", "照顧小朋友", "睇小朋友", "zov me nyuam",
                   "saib me nyuam", "giu tre", "trong tre", "присмотр", "няня", "догляд",
                   "رعاية الأطفال", "حضانة", "ਦੇਖਭਾਲ", "مراقبت", "ساتنه", "alaga sa bata",
                   "magbabantay", "bantay")
NUMBER = re.compile(r"\d+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("đ", "d"))
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _nearest(text: str, pos: int, words: tuple[str, ...]) -> float | None:
    """Distance from the number to the closest word; a word just after the number ("2 kids",
    "2個小朋友") counts as closer than one before it, since counts precede nouns."""
    distances = []
    for w in words:
        for m in re.finditer(re.escape(w), text):
            gap = m.start() - pos
            distances.append(gap - 0.5 if 0 < gap <= 8 else abs(gap) + 8)
    return min(distances) if distances else None


def parse_counts(text: str) -> tuple[int | None, int | None]:
    """(adults, children): each number goes to the nearer of the two kinds of word; a lone
    number with no such word counts adults."""
    folded = _fold(text) + " "
    adults = children = None
    for m in NUMBER.finditer(folded):
        value = int(m.group())
        if value > 20:
            continue  # a time ("at 530") or a date, not a headcount
        to_adult = _nearest(folded, m.start(), ADULT_WORDS)
        to_child = _nearest(folded, m.start(), CHILD_WORDS)
        if to_child is not None and (to_adult is None or to_child < to_adult):
            children = (children or 0) + value
        elif to_adult is not None or adults is None:
            adults = (adults or 0) + value
    return adults, children


def wants_childcare(text: str) -> bool:
    folded = _fold(text)
    return any(w in folded for w in CHILDCARE_WORDS)
