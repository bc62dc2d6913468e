"""The Alembic environment shared by every plugin's own history (see ``japaguide.migrations``)."""
