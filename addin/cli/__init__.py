"""The command line, ``intake COMMAND`` (also ``python -m addin``): one thin command per job."""

from .commands import main

__all__ = ["main"]
