from .build_report import every_warning_then_stop, register

__all__ = ["every_warning_then_stop", "register"]
