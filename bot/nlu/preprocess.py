"""Text pre-processing shared by training and the live path, so the model sees the same thing.

Chinese is written without spaces; Rasa's whitespace tokenizer would see a whole sentence as one
word. We segment Chinese runs with jieba (its dictionary ships in the package) and leave every
other script alone. ``python -m bot.nlu.preprocess SRC DST`` copies the training data tree,
segmenting Chinese examples while keeping their entity annotations intact.
"""

from __future__ import annotations

import re
import shutil
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
ANNOTATION = re.compile(r"(\[[^\]]+\](?:\{[^}]*\}|\([^)]+\)))")


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def segment(text: str) -> str:
    """Insert spaces between Chinese words; other text is returned unchanged."""
    if not HAN.search(text):
        return text

    def cut(match: re.Match) -> str:
        return " " + " ".join(_jieba().cut(match.group(0))) + " "

    return re.sub(r"\s+", " ", HAN.sub(cut, text)).strip()


def ascii_digits(text: str) -> str:
    """Persian, Arabic-Indic, Gurmukhi... digits as 0-9, so "۲ بچه" counts 2 like "2 kids"."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c
                   for c in text)


def normalize(text: str) -> str:
    """What the live path sends to Rasa for a family's message."""
    return segment(ascii_digits(" ".join((text or "").split())))


def _segment_annotated(example: str) -> str:
    out = []
    for part in ANNOTATION.split(example):
        if ANNOTATION.fullmatch(part):
            close = part.index("]")
            part = "[" + segment(part[1:close]) + "]" + part[close + 1:]
        elif HAN.search(part):
            part = segment(part)
        # Pad Chinese on both sides so an entity is its own token(s).
        out.append(f" {part} " if HAN.search(part) else part)
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def preprocess_file(src: Path, dst: Path) -> None:
    lines = []
    for line in src.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\s*- )(.*)$", line)
        if m:
            line = m.group(1) + _segment_annotated(ascii_digits(m.group(2)))
        lines.append(line)
    dst.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(src: str, dst: str) -> None:
    src_dir, dst_dir = Path(src), Path(dst)
    shutil.rmtree(dst_dir, ignore_errors=True)
    for path in sorted(src_dir.rglob("*.yml")):
        target = dst_dir / path.relative_to(src_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        preprocess_file(path, target)


if __name__ == "__main__":
    main(*sys.argv[1:3])
