from .responsive_images import register

__all__ = ["register"]
