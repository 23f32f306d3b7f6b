"""The customer-intake workbook template (.xlsm) with its ribbon tab."""

from .build import build_template, default_template_path

__all__ = [
    "build_template",
    "default_template_path",
]
