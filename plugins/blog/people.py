"""The People field: 'Maria Svensson (undersköterska); Ali Hassan (enhetschef)'."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PERSON = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<role>[^()]*)\))?$")


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


def parse_people(value: str) -> list[Person]:
    """Parse the People field; raise ValueError naming the part that does not fit."""
    people = []
    for part in filter(None, (p.strip() for p in value.split(";"))):
        match = _PERSON.match(part)
        if not match:
            raise ValueError(f"kan inte läsa ”{part}”; skriv Namn (roll); Namn (roll)")
        people.append(Person(match["name"].strip(), (match["role"] or "").strip()))
    return people
