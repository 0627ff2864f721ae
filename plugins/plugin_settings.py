"""Read one plugin's settings dict into a frozen dataclass, naming every unknown key."""

from __future__ import annotations

import logging
from dataclasses import fields
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


def read_plugin_settings(settings: dict, name: str, schema: type[T]) -> T:
    """Return schema(**settings[name]); unknown keys are reported as errors and ignored."""
    given = settings.get(name) or {}
    known = {f.name for f in fields(schema)}
    unknown = sorted(set(given) - known)
    if unknown:
        log.error(
            "Inställningar: %s i pelicanconf.py har okända nycklar (stavfel?): %s; kända nycklar är %s",
            name,
            ", ".join(unknown),
            ", ".join(sorted(known)),
        )
    return schema(**{key: value for key, value in given.items() if key in known})
