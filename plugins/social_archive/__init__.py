"""The social archive: export readers and the importer (invoke import), and the archive's pages."""

from pelican import signals

from .site import get_generators


def register() -> None:
    signals.get_generators.connect(get_generators)


__all__ = ["register"]
