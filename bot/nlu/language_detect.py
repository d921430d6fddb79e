"""Language detection for short family texts, in our twelve languages only.

Non-Latin scripts decide most of it: Han → zh, Gurmukhi → pa, Cyrillic → ru/uk (Ukrainian
letters), Arabic script → ps (Pashto letters) / fa (Persian letters, Dari words) / ar. Latin text
is scored by lingua (en, es, vi, tl) plus small lexicons of words parents really type, which
also cover Hmong (lingua has none) and Vietnamese typed without diacritics.

``detect(text)`` returns ``Detection(code, confidence)``; code is None when nothing is known
(digits, emoji, "ok"). The inbound pipeline overrides a guardian's stored language only when the
detection is confident (see ``Detection.confident``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.messages.languages import LANGUAGES
from bot.text.fold import fold

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
GURMUKHI = re.compile(r"[\u0a00-\u0a7f]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
RUSSIAN_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
PASHTO_LETTERS = re.compile(r"[ټډړږښځڅګڼېۍ]")
PERSIAN_LETTERS = re.compile(r"[پچژگکی]")
LATIN_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Words that mark a language in short, often diacritic-free texts (compared without accents).
LEXICON = {
    "hmn": set(
        "kuv koj nws peb lawv tus me nyuam menyuam mob tsis mus kawm ntawv hnub no tag kis "
        "nyob zoo ua tsaug txais yuav tau rau thiab los lig sawv ntxov tsev kho xib fwb hais "
        "lus hmoob txiv niam tuaj cov tsheb npav ntau hmo nag yog muaj pab noj hnav khaub "
        "ncaws qhov twg vim li cas kev puas lawm raug thov chaw dawb mov nub nua tsi moog "
        "mivnyuas nawb os lub daim kuj tseem laus tuag".split()
    ),
    "vi": set(
        "be con chau toi em anh chi hom nay mai khong di hoc bi om sot benh vien truong xin "
        "cam on duoc nghi tre vi nha xe buyt ngay thu co gia dinh giup can do an ao quan "
        "cua va la de roi nhe a u vang dang tuan sang chieu toi ko dc hnay xiu qua cho hoi nao "
        "gio dong gui nhac nho mua duong ngap tre nguoi lon phong".split()
    ),
    "tl": set(
        "si ang ng mga po opo hindi makakapasok ngayon bukas may lagnat anak ko namin kami "
        "siya sya wala pasok salamat paaralan eskwela sakit dahil kasi lang naman pa na ba "
        "nya niya tulong kailangan pagkain damit bahay sasakay pupunta darating oo sige "
        "magandang umaga".split()
    ),
    "es": set(
        "mi hijo hija hijos no va a ir hoy manana esta enfermo enferma tiene fiebre cita "
        "escuela porque por que gracias si vamos ayuda necesito comida ropa casa de la el los "
        "las con para por favor buenos dias llegar tarde quiero hablar alguien senora maestra "
        "camion nino nina".split()
    ),
    "en": set(
        "my son daughter kid kids is not will be going to school today tomorrow sick the he "
        "she has have appointment thank thanks you yes we can please help need food bus late "
        "absent because and with for what time who talk someone person".split()
    ),
}
# Same-script neighbours, told apart by their commonest words when no telling letter appears.
SCRIPT_LEXICON = {
    "uk": set(
        "треба де як що який яка яке поки вдома сину доньці дзвонити буде "
        "сьогодні завтра хворий хвора дякую будь ласка він вона вони ми мені моя мій можна "
        "чи або зараз тиждень вчителю допоможіть потрібно прийдемо прийде так ні".split()
    ),
    "ru": set(
        "надо нужно нужна где как что какой какая пока дома сыну дочке звонить сегодня нет "
        "болен больна спасибо пожалуйста он она они мы мне моя мой можно или сейчас неделю "
        "будет учителю помогите не получится придет придут".split()
    ),
    "fa": set(
        "من ما شما است هست نیست امروز فردا نمی میره میشه را از که با برای تشکر ممنون بچه "
        "بچیم بچه‌ام خواهر برادر جان مکتب دختر پسرم دخترم مریض کمک لطفا لطفاً چی چطور "
        "کجا وقت".split()
    ),
    "ps": set(
        "تاسو زما زموږ دی ده یاست شوي نه ولې دا هغه ته سره لپاره وي مننه زوی لور نن سبا "
        "نشي کولی غواړم مې یې په کې څنګه کله".split()
    ),
    "ar": set(
        "انا أنا ابني بنتي ابنتي اليوم غدا مريض مريضة شكرا شكراً لو سمحت المدرسة الى إلى "
        "في من على هل ممكن عايز عاوز بدي أريد اريد لن لا ما".split()
    ),
}
# Latin-script languages lingua scores, named as lingua names them (bot.messages.languages).
LINGUA_CODES = {code: LANGUAGES[code].lingua for code in ("en", "es", "vi", "tl")}


@dataclass(frozen=True)
class Detection:
    code: str | None
    confidence: float

    @property
    def confident(self) -> bool:
        return self.code is not None and self.confidence >= 0.75


@lru_cache(maxsize=1)
def _lingua():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c))
                 for c in LINGUA_CODES.values()]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _latin(text: str) -> Detection:
    words = [fold(w) for w in LATIN_WORD.findall(text)]
    if not words:
        return Detection(None, 0.0)
    scores = {code: sum(w in lex for w in words) / len(words) for code, lex in LEXICON.items()}
    # Vietnamese with diacritics is unmistakable.
    if re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ]", text.lower()):
        scores["vi"] += 1.0
    # Hmong RPA: syllables end in a tone letter (b s j v m g d) and use clusters like ntx, nq.
    if re.search(r"\b(ntx|nts|nq|hn|hm|ny|txh|tsh)\w*", fold(text)):
        scores["hmn"] += 0.3
    by_iso = {iso: code for code, iso in LINGUA_CODES.items()}
    for value in _lingua().compute_language_confidence_values(text):
        scores[by_iso[value.language.iso_code_639_1.name]] += 0.5 * value.value
    best = max(scores, key=scores.get)
    total = sum(scores.values()) or 1.0
    confidence = scores[best] / total
    if len(words) < 2 and scores[best] < 1.0:
        confidence = min(confidence, 0.5)  # "ok", "si": too short to switch languages on
    return Detection(best, round(confidence, 3))


def _by_words(text: str, codes: tuple[str, ...], default: str | None) -> Detection:
    words = re.findall(r"\w+", text.lower().replace("\u200c", ""))
    hits = {code: sum(w in SCRIPT_LEXICON[code] for w in words) for code in codes}
    best = max(hits, key=hits.get)
    if hits[best] == 0 or list(hits.values()).count(hits[best]) > 1:
        return Detection(default, 0.6 if default else 0.0)
    return Detection(best, round(0.7 + 0.25 * hits[best] / (sum(hits.values()) or 1), 3))


MAX_TEXT = 2000  # characters read: an SMS is at most 1,600; more only costs time


def detect(text: str) -> Detection:
    text = (text or "")[:MAX_TEXT].strip()
    if HAN.search(text):
        return Detection("zh", 0.99)
    if GURMUKHI.search(text):
        return Detection("pa", 0.99)
    if CYRILLIC.search(text):
        if RUSSIAN_ONLY.search(text) and not UKRAINIAN.search(text):
            return Detection("ru", 0.95)
        if UKRAINIAN.search(text) and not RUSSIAN_ONLY.search(text):
            return Detection("uk", 0.95)
        return _by_words(text, ("uk", "ru"), default="ru")
    if ARABIC_SCRIPT.search(text):
        if PASHTO_LETTERS.search(text):
            return Detection("ps", 0.95)
        found = _by_words(text, ("ps", "fa", "ar"), default=None)
        if found.code is not None:
            return found
        if PERSIAN_LETTERS.search(text):
            return Detection("fa", 0.8)
        return Detection("ar", 0.8)
    return _latin(text)
