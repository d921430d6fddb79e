"""The NLU training and held-out test files: valid, and kept apart (docs/nlu-labels.md)."""

from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from bot.messages.languages import CODES
from bot.nlu.data import check_file, load_examples
from bot.nlu.preprocess import normalize

FLOWS = Path(__file__).resolve().parent.parent / "flows"
NEAR_COPY = 85


@pytest.mark.parametrize("code", CODES)
def test_files_are_valid(code):
    for path in (FLOWS / "data" / "nlu" / f"{code}.yml", FLOWS / "tests" / "nlu" / f"{code}.yml"):
        assert check_file(path) == [], path


@pytest.mark.parametrize("code", CODES)
def test_no_training_line_is_a_near_copy_of_a_test_line(code):
    """A held-out score means nothing if the model was trained on (almost) the same text."""
    training = [normalize(e.text).lower() for e in load_examples(FLOWS / "data" / "nlu" /
                                                                f"{code}.yml")]
    copies = []
    for example in load_examples(FLOWS / "tests" / "nlu" / f"{code}.yml"):
        text = normalize(example.text).lower()
        hit = process.extractOne(text, training, scorer=fuzz.ratio, score_cutoff=NEAR_COPY)
        if hit:
            copies.append((example.text, hit[0]))
    assert copies == []
