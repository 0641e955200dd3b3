"""The command menu Teams shows in the compose box, from the one command table: a word per
command group (picking one puts it in the box, to be completed) plus dashboard and help."""

from __future__ import annotations

from commands.table import GROUPS, TABLE

# Teams' own words beside the table's: the card of your actions, and the list of commands.
EXTRA = (
    ("dashboard", "Your open actions, with buttons to update them"),
    ("help", "Every command, with examples"),
)


def commands() -> list[tuple[str, str]]:
    """(title, description) for each group: what it is for, then its first example."""
    menu = []
    for group, about in GROUPS.items():
        example = next(spec.examples[0] for spec in TABLE if spec.group == group)
        menu.append((group, f"{about[:1].upper()}{about[1:]}, e.g. {example.lstrip('/')}"[:128]))
    return [*menu, *EXTRA]


COMMANDS = commands()
