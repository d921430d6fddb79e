"""The NLU training and test files: valid, and kept apart (docs/nlu-labels.md). Every test set
(held-out, blind, reason matrix) is checked against the training data."""

from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from bot.messages.languages import CODES
from bot.nlu.data import check_file, load_examples
from bot.nlu.preprocess import normalize

FLOWS = Path(__file__).resolve().parent.parent / "flows"
NEAR_COPY = 85
TEST_SETS = ("nlu", "nlu_blind", "reasons")


@pytest.mark.parametrize("code", CODES)
def test_files_are_valid(code):
    paths = [FLOWS / "data" / "nlu" / f"{code}.yml",
             *(FLOWS / "tests" / name / f"{code}.yml" for name in TEST_SETS)]
    for path in paths:
        assert path.exists() and check_file(path) == [], path


@pytest.mark.parametrize("code", CODES)
def test_no_training_line_is_a_near_copy_of_a_test_line(code):
    """A held-out score means nothing if the model was trained on (almost) the same text."""
    training = [normalize(e.text).lower() for e in load_examples(FLOWS / "data" / "nlu" /
                                                                f"{code}.yml")]
    copies = []
    tests = [e for name in TEST_SETS for e in load_examples(FLOWS / "tests" / name / f"{code}.yml")]
    for example in tests:
        text = normalize(example.text).lower()
        hit = process.extractOne(text, training, scorer=fuzz.ratio, score_cutoff=NEAR_COPY)
        if hit:
            copies.append((example.text, hit[0]))
    assert copies == []
