"""The classifier's text folding (flows/showup_components/folding.py; the Rasa venv imports it
from flows/, so the test loads it by path)."""

import importlib.util
from pathlib import Path

PATH = Path(__file__).resolve().parent.parent / "flows" / "showup_components" / "folding.py"
spec = importlib.util.spec_from_file_location("folding", PATH)
folding = importlib.util.module_from_spec(spec)
spec.loader.exec_module(folding)


def test_latin_accents_fold_away():
    assert folding.fold("Bà ngoại QUA ĐỜI") == "ba ngoai qua doi"
    assert folding.fold("Está enfermó") == "esta enfermo"


def test_other_scripts_keep_their_marks():
    assert folding.fold("ਬੁਖਾਰ") == "ਬੁਖਾਰ"  # Gurmukhi vowel signs change the word
    assert folding.fold("مريضة") == "مريضة"
    assert folding.fold("Хворіє") == "хворіє"
