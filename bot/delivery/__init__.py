"""Delivery: the sender that drains the outbox through one transport per platform."""
