"""The Slack adapter: the only part of improvebot that imports slack_bolt.

It translates Slack payloads into command text and a Who, runs the platform-blind command
language, renders the reply, and sends it back. Anything slow runs in lazy listeners.
"""
