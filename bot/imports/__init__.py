"""Imports from the student information system (roster and attendance CSV files)."""
