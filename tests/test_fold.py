"""The one fold module (bot/text/fold.py) and the copy the Rasa process imports
(flows/showup_components/folding.py, loaded here by path: the Rasa venv never imports bot/)."""

import importlib.util

import pytest

from bot.messages.languages import CODES
from bot.nlu.data import load_examples
from bot.nlu.preprocess import normalize
from bot.text.fold import fold, fold_phrase
from config import ROOT

FLOWS = ROOT / "flows"
spec = importlib.util.spec_from_file_location(
    "folding", FLOWS / "showup_components" / "folding.py")
folding = importlib.util.module_from_spec(spec)
spec.loader.exec_module(folding)


def test_latin_accents_fold_away():
    assert fold("Bà ngoại QUA ĐỜI") == "ba ngoai qua doi"
    assert fold("Está enfermó") == "esta enfermo"


def test_other_scripts_keep_their_marks():
    assert fold("ਬੁਖਾਰ") == "ਬੁਖਾਰ"  # Gurmukhi vowel signs change the word
    assert fold("مريضة") == "مريضة"
    assert fold("Хворіє") == "хворіє"
    assert fold("ਸਾਰਾ") != fold("ਸਰ")


def test_a_phrase_loses_punctuation_emoji_and_arabic_variants():
    assert fold_phrase("  ¡AYÚDAME!! 🙏 ") == "ayudame"
    assert fold_phrase("مساعده") == fold_phrase("مساعدة")
    assert fold_phrase("أريد") == fold_phrase("اريد")
    assert fold_phrase("غدًا") == fold_phrase("غدا") == fold_phrase("غداً")
    assert fold_phrase("پس\u200cفردا") == "پس فردا"
    assert fold_phrase("п'ятницю") == "п ятницю"


def _every_nlu_text() -> list[str]:
    texts = []
    for path in sorted(FLOWS.glob("data/nlu/*.yml")) + sorted(FLOWS.glob("tests/*/*.yml")):
        texts += [e.text for e in load_examples(path)]
    return texts


def test_the_classifier_folds_exactly_as_the_app():
    texts = _every_nlu_text()
    assert len(texts) > 5000
    extra = ["ĐỨA Ő ǅ ﬁ ½ ﷺ ﻻ Ⅻ", "\u0301a", "ǆ", "İstanbul", "ß", "ﬀ", "Å", "ｆｕｌｌ"]
    for text in texts + extra:
        for variant in (text, normalize(text)):
            assert folding.fold(variant) == fold(variant), variant


@pytest.mark.parametrize("code", CODES)
def test_folding_is_stable(code):
    """Folding twice changes nothing, so tables and messages meet in one form."""
    for example in load_examples(FLOWS / "data" / "nlu" / f"{code}.yml"):
        assert fold(fold(example.text)) == fold(example.text)
        assert fold_phrase(fold_phrase(example.text)) == fold_phrase(example.text)
