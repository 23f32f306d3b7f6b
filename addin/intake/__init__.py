"""Read, normalise and validate the reps' intake sheets."""

from .load import PROBLEM_COLUMNS, LoadResult, load_customers, load_raw, problems_frame
from .marks import mark_copies, mark_file, validate_book
from .normalize import format_phone, normalize_frame
from .reader import (
    INPUT_SUFFIXES,
    Intake,
    ReadIssue,
    column_letter,
    find_inputs,
    intake_from_rows,
    read_intake,
)
from .report import (
    SHEET_NAMES,
    localize_problems,
    problems_json,
    problems_table,
    summary_lines,
    write_report,
)
from .validate import CROSS_FIELD_RULES, ValidationResult, build_schema, validate_frame

__all__ = [
    "CROSS_FIELD_RULES",
    "INPUT_SUFFIXES",
    "Intake",
    "LoadResult",
    "PROBLEM_COLUMNS",
    "ReadIssue",
    "SHEET_NAMES",
    "ValidationResult",
    "build_schema",
    "column_letter",
    "find_inputs",
    "format_phone",
    "intake_from_rows",
    "load_customers",
    "load_raw",
    "localize_problems",
    "mark_copies",
    "mark_file",
    "normalize_frame",
    "problems_frame",
    "problems_json",
    "problems_table",
    "read_intake",
    "summary_lines",
    "validate_book",
    "validate_frame",
    "write_report",
]
