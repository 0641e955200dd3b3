"""The command language: parse text to typed commands, handle them, return reply view-models.

Platform-blind: nothing here imports Slack, Teams or the console. `parse` does no I/O;
handlers take a Context (session, person, plan, clock) and return a Reply.
"""
