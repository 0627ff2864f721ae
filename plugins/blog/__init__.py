from .blog import register

__all__ = ["register"]
