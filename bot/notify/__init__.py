"""Notifications: sweeps that decide what is due and queue it; rendering per platform."""
