"""The customer-intake workbook template (.xlsm) and add-in (.xlam) with their ribbon tab."""

from .addin import build_addin, default_addin_path, shipped_addin_path
from .build import build_template, default_template_path, shipped_template_path

__all__ = [
    "build_addin",
    "build_template",
    "default_addin_path",
    "default_template_path",
    "shipped_addin_path",
    "shipped_template_path",
]
