"""What the bot tells people and when: reminder items, the weekly digest, board reminders.

Platform-blind decisions over loaded data, returning plain view-models; bot/ renders and
queues them.
"""
