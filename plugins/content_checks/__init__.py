from .content_checks import register
from .rules import TODO_MARKER, consent_problem

__all__ = ["TODO_MARKER", "consent_problem", "register"]
