from .feeds import register

__all__ = ["register"]
