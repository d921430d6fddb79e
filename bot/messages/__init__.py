"""What a family reads: the named templates (every sentence), rendering bot acts through Babel in
the family's language, the table of supported languages, catalog completeness, SMS segments."""
