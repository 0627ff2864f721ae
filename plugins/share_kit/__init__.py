"""The share kit: per-network texts, share images, the private kit pages and the posting calendar."""

from .kit import register

__all__ = ["register"]
