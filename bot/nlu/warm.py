"""Load the language tools before gunicorn forks its web workers (gunicorn.conf.py), so the
workers share one copy — lingua's language models (~112 MB) and jieba's dictionary (~47 MB) —
and no family's first message of the day waits a second for them to load."""

from __future__ import annotations

from bot.nlu.language_detect import detect
from bot.nlu.preprocess import segment

# One ordinary sentence per script and language family the detector knows; detecting each once
# makes lingua load every model it will use.
SAMPLES = (
    "my son is sick today", "mi hijo está enfermo hoy", "con tôi bị ốm hôm nay",
    "kuv tus me nyuam mob hnub no", "мой сын сегодня болеет", "мій син сьогодні хворіє",
    "ابني مريض اليوم", "پسرم امروز مریض است", "زما زوی نن ناروغه دی",
    "ਮੇਰਾ ਪੁੱਤਰ ਅੱਜ ਬਿਮਾਰ ਹੈ", "may sakit ang anak ko ngayon", "我的孩子今天生病了",
)


def warm_up() -> None:
    for text in SAMPLES:
        detect(text)
    segment("我的孩子今天生病了")
