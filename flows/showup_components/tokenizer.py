"""A whitespace tokenizer that keeps Chinese.

Rasa 3.6's WhitespaceTokenizer drops every token that matches its emoji regex, and that regex
spans U+24C2..U+1F251 — all CJK ideographs included. A segmented Chinese message ("佢 今日 發燒")
therefore lost every word and became one token, so intents and entities could not be learned.
This subclass uses a real emoji range list and is otherwise identical.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer

EMOJI = re.compile(
    "["
    "\U0001F000-\U0001FAFF"  # pictographs, emoticons, transport, flags, supplemental symbols
    "\u2600-\u27BF"  # miscellaneous symbols and dingbats
    "\uFE0F\u200d"  # variation selector, zero width joiner
    "]+"
)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class ShowUpTokenizer(WhitespaceTokenizer):
    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self.emoji_pattern = EMOJI
