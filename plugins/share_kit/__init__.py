"""The share kit: per-network texts, share images, the private kit pages and the posting calendar."""


def register() -> None:
    # Imported here, so that `invoke` can read the network records (networks.py) without Pelican.
    from .kit import register as connect

    connect()


__all__ = ["register"]
