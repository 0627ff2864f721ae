from .public_files import register

__all__ = ["register"]
