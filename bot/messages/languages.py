"""The one table of supported languages and how each outside library names them.

Our codes: en es zh hmn vi ru uk ar pa fa ps tl. ``zh`` is Chinese in Traditional characters
(Cantonese and Mandarin); ``fa`` is Dari (Afghan Persian); ``hmn`` is Hmong in RPA spelling.
Babel has no Hmong locale data (``babel`` is None: format dates/numbers by a fallback); lingua
has no Hmong or Pashto (``lingua`` is None: our own detector covers them).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    english_name: str
    native_name: str
    babel: str | None  # Babel/CLDR locale for dates and numbers
    googletrans: str  # googletrans language code
    lingua: str | None  # lingua IsoCode639_1 name
    rtl: bool = False


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "English", "en_US", "en", "EN"),
        Language("es", "Spanish", "Español", "es_MX", "es", "ES"),
        Language("zh", "Chinese", "中文", "zh_Hant_HK", "zh-tw", "ZH"),
        Language("hmn", "Hmong", "Hmoob", None, "hmn", None),
        Language("vi", "Vietnamese", "Tiếng Việt", "vi", "vi", "VI"),
        Language("ru", "Russian", "Русский", "ru", "ru", "RU"),
        Language("uk", "Ukrainian", "Українська", "uk", "uk", "UK"),
        Language("ar", "Arabic", "العربية", "ar", "ar", "AR", rtl=True),
        Language("pa", "Punjabi", "ਪੰਜਾਬੀ", "pa_Guru", "pa", "PA"),
        Language("fa", "Dari", "دری", "fa_AF", "fa-af", "FA", rtl=True),
        Language("ps", "Pashto", "پښتو", "ps", "ps", None, rtl=True),
        Language("tl", "Tagalog", "Tagalog", "fil", "tl", "TL"),
    )
}
CODES = tuple(LANGUAGES)

# Names rosters and families use for a language, lower-cased, mapped to our code.
_ALIASES = {
    "english": "en", "eng": "en",
    "spanish": "es", "espanol": "es", "español": "es", "spa": "es",
    "chinese": "zh", "cantonese": "zh", "mandarin": "zh", "chinese (cantonese)": "zh",
    "chinese (mandarin)": "zh", "traditional chinese": "zh", "zh-tw": "zh", "zh-hk": "zh",
    "zh-hant": "zh", "yue": "zh", "中文": "zh", "廣東話": "zh", "粵語": "zh", "國語": "zh",
    "hmong": "hmn", "white hmong": "hmn", "green hmong": "hmn", "hmoob": "hmn", "mww": "hmn",
    "vietnamese": "vi", "tieng viet": "vi", "tiếng việt": "vi",
    "russian": "ru", "русский": "ru",
    "ukrainian": "uk", "українська": "uk",
    "arabic": "ar", "العربية": "ar",
    "punjabi": "pa", "panjabi": "pa", "ਪੰਜਾਬੀ": "pa",
    "dari": "fa", "farsi": "fa", "persian": "fa", "fa-af": "fa", "prs": "fa", "دری": "fa",
    "pashto": "ps", "pushto": "ps", "pashtu": "ps", "پښتو": "ps",
    "tagalog": "tl", "filipino": "tl", "fil": "tl",
}


def normalize_language(value: str | None) -> str | None:
    """Map a code or a language name ("Spanish", "Cantonese", "Dari", "es") to our code.

    Returns None when the value names no supported language."""
    if not value:
        return None
    key = value.strip().lower()
    if key in LANGUAGES:
        return key
    return _ALIASES.get(key)


def language_name(code: str | None) -> str:
    """The language's English name for staff pages ("Hmong"); "unknown" when there is none."""
    if not code:
        return "unknown"
    lang = LANGUAGES.get(code)
    return lang.english_name if lang else code
