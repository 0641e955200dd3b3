"""The plan store: SQLAlchemy models, queries, history, migrations, import and export.

Nothing here imports from bot/ or templates/. Query functions take the session first and never
commit: the caller owns the transaction.
"""
