"""Domain exceptions, caught only at the edges (CLI exit codes, Excel message boxes).

Every exception carries enough context (file, sheet, row, column) to build a message a
salesperson can act on; ``str(exc)`` is that message in the language it was raised with.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "IntakeError",
    "InputError",
    "UnreadableFileError",
    "PasswordProtectedError",
    "FileLockedError",
    "TooLargeError",
    "NotAWorkbookError",
    "NoIntakeSheetError",
    "HeaderError",
    "EmptySheetError",
    "OutputError",
    "ConfigError",
    "MailError",
]


class IntakeError(Exception):
    """Base class of every error this package raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.sheet = sheet
        self.row = row
        self.column = column
        super().__init__(self.__str__())

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its file, sheet, row and column (as a worker process hands it back)."""
        return (_remade, (type(self), self.message), self.__dict__)

    def where(self) -> str:
        """Location as 'file › sheet › row N › column X', omitting unknown parts."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"[{self.sheet}]")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return " ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


def _remade(cls: type[IntakeError], message: str) -> IntakeError:
    return cls(message)


class InputError(IntakeError):
    """An input file cannot be used as it is."""


class UnreadableFileError(InputError):
    """The file is missing, corrupt, or not a format we read."""


class PasswordProtectedError(UnreadableFileError):
    """The workbook is encrypted with a password."""


class TooLargeError(InputError):
    """The file would take more memory than one input may (see addin.intake.limits)."""


class FileLockedError(InputError):
    """The file is open in Excel (or another program) and cannot be read or replaced."""


class NotAWorkbookError(UnreadableFileError):
    """The file's content is not what its extension says (e.g. a CSV named .xlsx)."""


class NoIntakeSheetError(InputError):
    """No sheet in the workbook has customer-intake headers."""


class HeaderError(InputError):
    """Header row problems: missing required columns, duplicates, merged header cells."""


class EmptySheetError(InputError):
    """The intake sheet has headers but no data rows."""


class OutputError(IntakeError):
    """An output file could not be written (locked, no permission, disk full)."""


class ConfigError(IntakeError):
    """The configuration (TOML or Settings sheet) is invalid."""


class MailError(IntakeError):
    """Sending e-mail failed (server down, authentication, size limit)."""
