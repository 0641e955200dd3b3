"""Handlers: one function per command, `handle(cmd, ctx) -> Reply`, never sending anything."""
