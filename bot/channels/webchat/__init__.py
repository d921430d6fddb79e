"""The family web chat (``/chat``): routes, sign-in by personal link or one-time code, and the
page text in the family's language."""
