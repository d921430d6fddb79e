"""Understanding a family's message: STOP/START/HELP keywords by rule, language detection, the
text pre-processing shared with training, what Rasa's parse says (labels, ``understand``), the
fixed label sets, the NLU data files and report, and starting a Rasa server for tests/reports."""
