"""Which school day(s) a family means: "today", "mañana", "thứ hai", "lunes a miercoles",
"12/3", "all week"... in every supported language.

``parse_days(text, language, today, exclude=...)`` returns a sorted list of dates (empty when
the text names no day). Weekday names mean the next such day (today included). Two days joined by
a range word ("to", "a", "al", "hasta", "до", "到", "tới", "تا"...) mean every weekday between.
Numeric dates are US style M/D. Child names are passed in ``exclude`` so "Mai" (a name) is not
read as Vietnamese "mai" (tomorrow). The words are ours, not a library's: dateparser's
``search_dates`` reads "mi" (Spanish "my") as a Wednesday.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

TODAY, TOMORROW, AFTER_TOMORROW, YESTERDAY, WEEK = "today", "tomorrow", "+2", "yesterday", "week"
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

# Per language: phrase -> meaning. Phrases are matched on accent-folded lower-case text for
# Latin scripts, as typed otherwise. Longer phrases win over shorter ones.
WORDS: dict[str, dict[str, object]] = {
    "en": {"today": TODAY, "2day": TODAY, "tdy": TODAY, "tonight": TODAY, "this morning": TODAY,
           "tomorrow": TOMORROW, "tmrw": TOMORROW, "tmr": TOMORROW, "tomorow": TOMORROW,
           "tommorow": TOMORROW, "2morrow": TOMORROW, "day after tomorrow": AFTER_TOMORROW,
           "yesterday": YESTERDAY, "all week": WEEK, "this week": WEEK, "whole week": WEEK,
           "monday": MON, "mon": MON, "tuesday": TUE, "tues": TUE, "tue": TUE,
           "wednesday": WED, "wed": WED, "thursday": THU, "thurs": THU, "thu": THU,
           "friday": FRI, "fri": FRI},
    "es": {"hoy": TODAY, "manana": TOMORROW, "mnn": TOMORROW, "pasado manana": AFTER_TOMORROW,
           "ayer": YESTERDAY, "toda la semana": WEEK, "esta semana": WEEK,
           "lunes": MON, "martes": TUE, "miercoles": WED, "jueves": THU, "viernes": FRI},
    "tl": {"ngayon": TODAY, "ngayong araw": TODAY, "bukas": TOMORROW,
           "sa makalawa": AFTER_TOMORROW, "kahapon": YESTERDAY, "buong linggo": WEEK,
           "lunes": MON, "martes": TUE, "miyerkules": WED, "merkules": WED, "huwebes": THU,
           "biyernes": FRI, "byernes": FRI},
    "vi": {"hom nay": TODAY, "hnay": TODAY, "ngay mai": TOMORROW, "sang mai": TOMORROW,
           "mai": TOMORROW, "ngay mot": AFTER_TOMORROW, "hom qua": YESTERDAY,
           "ca tuan": WEEK, "tuan nay": WEEK, "thu hai": MON, "t2": MON, "thu ba": TUE,
           "t3": TUE, "thu tu": WED, "t4": WED, "thu nam": THU, "t5": THU, "thu sau": FRI,
           "t6": FRI},
    "hmn": {"hnub no": TODAY, "tag kis": TOMORROW, "tagkis": TOMORROW, "pigkis": AFTER_TOMORROW,
            "nag hmo": YESTERDAY, "tag lub lim tiam": WEEK, "ib lub lim tiam": WEEK,
            "hnub ib": MON, "hnub ob": TUE, "hnub peb": WED, "hnub plaub": THU,
            "hnub tsib": FRI, "monday": MON, "tuesday": TUE, "wednesday": WED, "thursday": THU,
            "friday": FRI},
    "zh": {"今日": TODAY, "今天": TODAY, "聽日": TOMORROW, "听日": TOMORROW, "明天": TOMORROW,
           "明日": TOMORROW, "後日": AFTER_TOMORROW, "後天": AFTER_TOMORROW,
           "后天": AFTER_TOMORROW, "昨日": YESTERDAY, "昨天": YESTERDAY, "尋日": YESTERDAY,
           "成個星期": WEEK, "整個星期": WEEK, "這個星期": WEEK, "呢個星期": WEEK, "全週": WEEK,
           **{f"{p}{n}": d for p in ("星期", "禮拜", "礼拜", "週", "周")
              for n, d in (("一", MON), ("二", TUE), ("三", WED), ("四", THU), ("五", FRI))}},
    "ru": {"сегодня": TODAY, "завтра": TOMORROW, "послезавтра": AFTER_TOMORROW,
           "вчера": YESTERDAY, "всю неделю": WEEK, "эту неделю": WEEK, "понедельн": MON,
           "вторник": TUE, "сред": WED, "четверг": THU, "пятниц": FRI},
    "uk": {"сьогодні": TODAY, "сьогодня": TODAY, "завтра": TOMORROW,
           "післязавтра": AFTER_TOMORROW, "вчора": YESTERDAY, "весь тиждень": WEEK,
           "цей тиждень": WEEK, "понеділ": MON, "вівтор": TUE, "серед": WED, "четвер": THU,
           "п'ятниц": FRI, "пятниц": FRI, "п’ятниц": FRI},
    "ar": {"اليوم": TODAY, "النهارده": TODAY, "غدا": TOMORROW, "غداً": TOMORROW,
           "بكرة": TOMORROW, "بكره": TOMORROW, "بكرا": TOMORROW, "بعد غد": AFTER_TOMORROW,
           "بعد بكرة": AFTER_TOMORROW, "أمس": YESTERDAY, "امس": YESTERDAY,
           "مبارح": YESTERDAY, "كل الأسبوع": WEEK, "كل الاسبوع": WEEK, "هذا الأسبوع": WEEK,
           "الاثنين": MON, "الإثنين": MON, "الثلاثاء": TUE, "الأربعاء": WED, "الاربعاء": WED,
           "الخميس": THU, "الجمعة": FRI, "الجمعه": FRI},
    "pa": {"ਅੱਜ": TODAY, "ਅਜ": TODAY, "ਕੱਲ੍ਹ": TOMORROW, "ਕੱਲ": TOMORROW, "ਭਲਕੇ": TOMORROW,
           "ਪਰਸੋਂ": AFTER_TOMORROW, "ਪੂਰਾ ਹਫ਼ਤਾ": WEEK, "ਸਾਰਾ ਹਫ਼ਤਾ": WEEK, "ਸੋਮਵਾਰ": MON,
           "ਮੰਗਲਵਾਰ": TUE, "ਬੁੱਧਵਾਰ": WED, "ਬੁਧਵਾਰ": WED, "ਵੀਰਵਾਰ": THU, "ਸ਼ੁੱਕਰਵਾਰ": FRI,
           "ਸ਼ੁਕਰਵਾਰ": FRI},
    "fa": {"امروز": TODAY, "فردا": TOMORROW, "پس فردا": AFTER_TOMORROW,
           "پس‌فردا": AFTER_TOMORROW, "دیروز": YESTERDAY, "تمام هفته": WEEK, "کل هفته": WEEK,
           "این هفته": WEEK, "دوشنبه": MON, "سه شنبه": TUE, "سه‌شنبه": TUE,
           "چهارشنبه": WED, "چهار شنبه": WED, "پنجشنبه": THU, "پنج شنبه": THU, "جمعه": FRI},
    "ps": {"نن": TODAY, "نن ورځ": TODAY, "سبا": TOMORROW, "بل سبا": AFTER_TOMORROW,
           "پرون": YESTERDAY, "ټوله اونۍ": WEEK, "دا اونۍ": WEEK, "دوشنبه": MON,
           "سه شنبه": TUE, "سه‌شنبه": TUE, "چهارشنبه": WED, "پنجشنبه": THU, "جمعه": FRI},
}
RANGE_WORDS = {
    "to", "thru", "through", "till", "until", "-", "a", "al", "hasta", "hanggang", "den",
    "toi", "txog", "mus txog", "до", "по", "到", "至", "إلى", "الى", "حتى", "ਤੱਕ", "تا", "تر",
}
NUMERIC = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?(?![\d/])")


def _fold(text: str) -> str:
    text = text.lower().replace("đ", "d")
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue  # drop Latin accents only
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _resolve(meaning, today: date) -> list[date]:
    if meaning == TODAY:
        return [today]
    if meaning == TOMORROW:
        return [today + timedelta(days=1)]
    if meaning == AFTER_TOMORROW:
        return [today + timedelta(days=2)]
    if meaning == YESTERDAY:
        return [today - timedelta(days=1)]
    if meaning == WEEK:
        start = today if today.weekday() < 5 else today + timedelta(days=7 - today.weekday())
        return [start + timedelta(days=i) for i in range(5 - start.weekday())]
    return [today + timedelta(days=(meaning - today.weekday()) % 7)]


def _find(text: str, language: str) -> list[tuple[int, int, object]]:
    """(start, end, meaning) of every day word, longest phrases first, no overlaps."""
    words = {**WORDS.get(language, {}), **({} if language == "en" else WORDS["en"])}
    found: list[tuple[int, int, object]] = []
    taken = [False] * len(text)
    for phrase in sorted(words, key=len, reverse=True):
        # Cyrillic stems ("сред") match word starts; everything else whole words / characters.
        stem = re.match(r"[а-яіїєґ'’]+$", phrase) is not None and phrase in (
            "понедельн", "сред", "пятниц", "понеділ", "вівтор", "серед", "п'ятниц", "пятниц",
            "п’ятниц")
        if re.search(r"[\u3400-\u9fff]", phrase):
            pattern = re.escape(phrase)
        else:
            pattern = r"(?<!\w)" + re.escape(phrase) + (r"\w*" if stem else r"(?!\w)")
        for m in re.finditer(pattern, text):
            if any(taken[m.start():m.end()]):
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            found.append((m.start(), m.end(), words[phrase]))
    for m in NUMERIC.finditer(text):
        found.append((m.start(), m.end(), m.groups()))
    return sorted(found, key=lambda f: f[0])


def _numeric(groups, today: date) -> date | None:
    month, day, year = int(groups[0]), int(groups[1]), groups[2]
    try:
        if year:
            return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        candidate = date(today.year, month, day)
    except ValueError:
        return None
    # "12/3" written in November means next December, not last; a date a month back is past.
    if candidate < today - timedelta(days=30):
        candidate = candidate.replace(year=today.year + 1)
    return candidate


def parse_days(text: str, language: str, today: date, exclude: tuple[str, ...] = ()) -> list[date]:
    folded = _fold(text or "")
    for name in exclude:
        if name:
            folded = re.sub(r"(?<!\w)" + re.escape(_fold(name)) + r"(?!\w)", " ", folded)
    found = _find(folded, language)
    days: list[date] = []
    previous_end, previous_day = None, None
    for start, end, meaning in found:
        resolved = ([d] if (d := _numeric(meaning, today)) else []) if isinstance(
            meaning, tuple) else _resolve(meaning, today)
        between = folded[previous_end:start].strip() if previous_end is not None else None
        if between is not None and previous_day and resolved and _is_range(between):
            first, last = previous_day, resolved[-1]
            if last < first:
                last += timedelta(days=7)
            span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
            days.extend(d for d in span if d.weekday() < 5)
        days.extend(resolved)
        previous_end, previous_day = end, resolved[-1] if resolved else None
    return sorted(set(days))


def _is_range(between: str) -> bool:
    words = between.replace("de ", "").replace("del ", "").strip()
    return words in RANGE_WORDS or any(w in RANGE_WORDS for w in words.split()[:2])
