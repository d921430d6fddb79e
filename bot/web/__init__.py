"""Web plumbing shared by every blueprint: the app's extensions (database, Rasa client,
translator), the health endpoint and CSRF tokens."""
