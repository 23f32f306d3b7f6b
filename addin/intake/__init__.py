"""Read, normalise and validate the reps' intake sheets."""

from .load import LoadResult, load_customers, load_raw
from .marks import clear_marks_book, mark_copies, mark_file, validate_book
from .normalize import format_phone, normalize_frame
from .problems import PROBLEM_COLUMNS, problems_frame
from .reader import find_inputs, intake_from_rows, read_intake
from .report import problems_json, problems_table, summary_lines, write_report
from .result import Intake, ReadIssue
from .validate import CROSS_FIELD_RULES, ValidationResult, build_schema, validate_frame

__all__ = [
    "CROSS_FIELD_RULES",
    "Intake",
    "LoadResult",
    "PROBLEM_COLUMNS",
    "ReadIssue",
    "ValidationResult",
    "build_schema",
    "clear_marks_book",
    "find_inputs",
    "format_phone",
    "intake_from_rows",
    "load_customers",
    "load_raw",
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
