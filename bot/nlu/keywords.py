"""STOP / START / HELP keywords, by rule, in every supported language (never by a model).

A message is a keyword only when the whole message (trimmed, lower-cased, punctuation and
emoji removed, accents folded for Latin scripts) is one of these words or phrases: "no voy a ir
porque esta enfermo" contains "no" but is not STOP. Carriers act on the English words (STOP,
START, HELP...) themselves, so those are recognised for every family.
"""

from __future__ import annotations

import unicodedata

STOP, START, HELP = "stop", "start", "help"

# Twilio's default opt-out / opt-in / help words (the carrier acts on them too).
_ENGLISH = {
    STOP: {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout", "revoke",
           "stop texts", "stop texting", "stop messages", "no more texts"},
    START: {"start", "yes start", "unstop", "subscribe", "optin", "resume"},
    HELP: {"help", "info"},
}

KEYWORDS: dict[str, dict[str, set[str]]] = {
    "en": _ENGLISH,
    "es": {STOP: {"para", "parar", "alto", "cancelar", "basta", "no mas mensajes",
                  "ya no me manden mensajes", "detener"},
           START: {"empezar", "comenzar", "reanudar", "iniciar", "alta"},
           HELP: {"ayuda", "ayudame", "necesito ayuda"}},
    "zh": {STOP: {"停止", "取消", "退訂", "退订", "唔好再發", "不要再發", "不要再傳", "不要再发"},
           START: {"開始", "开始", "恢復", "恢复", "重新開始", "重新开始", "訂閱"},
           HELP: {"幫助", "帮助", "幫手", "幫忙", "帮忙", "求助"}},
    "hmn": {STOP: {"nres", "tsum", "tsis xav tau", "tsis txhob xa tuaj", "txhob xa",
                   "txhob xa tuaj lawm", "tsis xav txais lawm", "tshem kuv tawm"},
            START: {"pib", "pib dua", "xa tuaj dua", "rov pib"},
            HELP: {"pab", "pab kuv", "thov pab", "kev pab"}},
    "vi": {STOP: {"dung", "ngung", "huy", "dung lai", "khong nhan tin nua", "dung nhan nua"},
           START: {"bat dau", "tiep tuc", "nhan lai"},
           HELP: {"giup", "giup do", "tro giup"}},
    "ru": {STOP: {"стоп", "отписаться", "хватит", "отмена", "не присылайте", "не пишите",
                  "больше не пишите"},
           START: {"старт", "начать", "подписаться", "снова присылайте"},
           HELP: {"помощь", "помогите", "справка"}},
    "uk": {STOP: {"стоп", "відписатися", "досить", "скасувати", "не надсилайте", "не пишіть",
                  "більше не пишіть"},
           START: {"старт", "почати", "підписатися", "знову надсилайте"},
           HELP: {"допомога", "допоможіть", "довідка"}},
    "ar": {STOP: {"توقف", "وقف", "إيقاف", "الغاء", "قف", "لا ترسلوا رسائل"},
           START: {"ابدأ", "بدء", "استئناف", "تشغيل", "اشتراك"},
           HELP: {"مساعدة", "ساعدني", "ساعدوني"}},
    "pa": {STOP: {"ਰੋਕੋ", "ਬੰਦ", "ਬੰਦ ਕਰੋ", "ਮੈਸੇਜ ਨਾ ਭੇਜੋ", "band karo"},
           START: {"ਸ਼ੁਰੂ", "ਸ਼ੁਰੂ ਕਰੋ", "ਚਾਲੂ", "ਚਾਲੂ ਕਰੋ", "ਦੁਬਾਰਾ ਸ਼ੁਰੂ", "shuru karo"},
           HELP: {"ਮਦਦ", "ਮਦਦ ਕਰੋ", "ਮਦਦ ਚਾਹੀਦੀ", "ਸਹਾਇਤਾ", "madad"}},
    "fa": {STOP: {"توقف", "قطع", "لغو", "بند", "بند کنین", "بند کنید",
                  "دیگر پیام نفرستید", "دیگه پیام نفرستین"},
           START: {"شروع", "آغاز", "دوباره شروع", "شروع کنین", "فعال کنین"},
           HELP: {"کمک", "مدد", "راهنمایی", "کمک کنین", "کمک میخواهم"}},
    "ps": {STOP: {"ودرول", "ودروئ", "بس", "بند", "بند کړئ", "لغوه", "نور پیغام مه لېږئ",
                  "پیغام مه رالېږئ", "نور مه لیږئ", "نور مه لېږئ"},
           START: {"پیل", "پیل کړئ", "شروع", "بیا پیل", "بیا شروع کړئ"},
           HELP: {"مرسته", "مرسته وکړئ", "مرسته غواړم", "کومک", "مدد"}},
    "tl": {STOP: {"tigil", "itigil", "hinto", "huminto", "ayaw ko na", "ayoko na", "wag na",
                  "wag na mag text"},
           START: {"simula", "simulan", "ituloy", "umpisa"},
           HELP: {"tulong", "tulungan", "tulungan nyo po ako", "help po"}},
}

ARABIC_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي"})


def _fold(text: str) -> str:
    # Drop punctuation and symbols (emoji) only: vowel signs of Gurmukhi and other scripts are
    # combining marks, not word characters, and must survive ("ਸਾਰਾ" is not "ਸ਼ੁਰੂ").
    # The zero-width non-joiner of Persian/Pashto spelling is read as a space.
    text = "".join(" " if unicodedata.category(c)[0] in "PS" or c == "\u200c" else c
                   for c in text.lower())
    text = " ".join(text.split())
    # Arabic is often typed without hamza and with ه for ة: "مساعده" is "مساعدة".
    text = text.translate(ARABIC_VARIANTS)
    if text.isascii():
        return text
    # Fold Latin accents only ("AYÚDAME" -> "ayudame"); keep other scripts' marks intact.
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).replace("đ", "d")


_INDEX: dict[str, tuple[str, str]] = {}
for _lang, _kinds in KEYWORDS.items():
    for _kind, _words in _kinds.items():
        for _word in _words:
            _INDEX.setdefault(_fold(_word), (_kind, _lang))


def match_keyword(text: str) -> tuple[str, str] | None:
    """Return ``(kind, language)`` when the whole message is a keyword, else None."""
    return _INDEX.get(_fold(text or ""))
