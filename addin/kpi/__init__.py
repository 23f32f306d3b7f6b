"""The 业绩看板 (KPI dashboard): per rep and week, from the registry's history and imports."""

from .book import write_kpi_book
from .history import History, load_history
from .imports import IMPORT_KIND, record_sheets, sheet_stats
from .weekly import KPI_COLUMNS, first_shown, weekly_kpis

__all__ = [
    "History",
    "IMPORT_KIND",
    "KPI_COLUMNS",
    "first_shown",
    "load_history",
    "record_sheets",
    "sheet_stats",
    "weekly_kpis",
    "write_kpi_book",
]
