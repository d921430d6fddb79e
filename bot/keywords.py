"""STOP / START / HELP keywords, by rule, in every supported language (never by a model).

A message is a keyword only when the whole message (trimmed, lower-cased, punctuation and
emoji removed, accents folded for Latin scripts) is one of these words or phrases: "no voy a ir
porque esta enfermo" contains "no" but is not STOP. Carriers act on the English words (STOP,
START, HELP...) themselves, so those are recognised for every family.
"""

from __future__ import annotations

import re
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
    "hmn": {STOP: {"nres", "tsum", "tsis xav tau", "tsis txhob xa tuaj", "txhob xa"},
            START: {"pib", "pib dua"},
            HELP: {"pab", "pab kuv", "kev pab"}},
    "vi": {STOP: {"dung", "ngung", "huy", "dung lai", "khong nhan tin nua", "dung nhan nua"},
           START: {"bat dau", "tiep tuc", "nhan lai"},
           HELP: {"giup", "giup do", "tro giup"}},
    "ru": {STOP: {"стоп", "отписаться", "хватит", "отмена", "не присылайте"},
           START: {"старт", "начать", "подписаться"},
           HELP: {"помощь", "помогите"}},
    "uk": {STOP: {"стоп", "відписатися", "досить", "скасувати", "не надсилайте"},
           START: {"старт", "почати", "підписатися"},
           HELP: {"допомога", "допоможіть"}},
    "ar": {STOP: {"توقف", "إيقاف", "ايقاف", "الغاء", "إلغاء", "قف"},
           START: {"ابدأ", "ابدا", "بدء", "استئناف"},
           HELP: {"مساعدة", "ساعدني"}},
    "pa": {STOP: {"ਰੋਕੋ", "ਬੰਦ", "ਬੰਦ ਕਰੋ"},
           START: {"ਸ਼ੁਰੂ", "ਸ਼ੁਰੂ ਕਰੋ", "ਚਾਲੂ"},
           HELP: {"ਮਦਦ", "ਸਹਾਇਤਾ"}},
    "fa": {STOP: {"توقف", "قطع", "بس", "لغو", "دیگر پیام نفرستید"},
           START: {"شروع", "آغاز", "دوباره شروع"},
           HELP: {"کمک", "مدد", "راهنمایی"}},
    "ps": {STOP: {"ودرول", "بس", "بند", "لغوه", "نور پیغام مه لېږئ"},
           START: {"پیل", "شروع", "بیا پیل"},
           HELP: {"مرسته", "کومک", "مدد"}},
    "tl": {STOP: {"tigil", "itigil", "hinto", "huminto", "ayaw ko na", "ayoko na", "wag na",
                  "wag na mag text"},
           START: {"simula", "simulan", "ituloy", "umpisa"},
           HELP: {"tulong", "tulungan", "tulungan nyo po ako", "help po"}},
}

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def _fold(text: str) -> str:
    text = " ".join(_PUNCT.sub(" ", text.lower()).split())
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
