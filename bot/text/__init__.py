"""Readers of what families write, used by the Rasa actions: which child ("both", a name in any
script), which days, RSVP headcounts, phone numbers."""
