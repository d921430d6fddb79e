"""Custom Rasa components for ShowUp (importable with PYTHONPATH=flows)."""
