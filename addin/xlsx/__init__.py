"""Fast, print-ready sheet writing and native charts."""

from .charts import SummaryTable, write_summary_sheet
from .sheets import Column, SheetBook, excel_serial, new_workbook, write_table

__all__ = [
    "Column",
    "SheetBook",
    "SummaryTable",
    "excel_serial",
    "new_workbook",
    "write_summary_sheet",
    "write_table",
]
