"""The classification workbook: Classification (one row per customer: who, what they bought, the
classes), Reasons (the same rows: why each class, RFM scores, where the record is), Summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from ..files import atomic_write
from ..schema import FIELD_BY_KEY, Lang, choice_label, label
from ..xlsx.charts import SummaryTable, write_summary_sheet
from ..xlsx.sheets import Column, SheetBook, write_table
from .settings import CLASS_VALUES, CLASSIFICATIONS, class_label, value_label
from .texts import msg

__all__ = [
    "SHEETS",
    "classification_columns",
    "detail_columns",
    "localized",
    "main_columns",
    "summarize",
    "write_classification",
    "written_columns",
]

#: Sheet role -> catalogue code of its name, in the workbook's order.
SHEETS = {
    "classification": "classify_sheet_classification",
    "details": "classify_sheet_details",
    "summary": "classify_sheet_summary",
}
#: Fields shown again on the Reasons sheet, so that each row there names its customer.
_NAMED_BY = ("rep", "customer_id", "customer_name")
#: Fields on the Reasons sheet only (the Classification sheet prints on one A4 width).
_DETAIL_FIELDS = ("source", "order_count")

_FIELDS_SHOWN = (
    ("rep", "text", 10),
    ("customer_id", "text", 11),
    ("customer_name", "text", 11),
    ("company", "text", 24),
    ("customer_type", "text", 8),
    ("industry", "text", 11),
    ("source", "text", 10),
    ("stage", "text", 9),
    ("total_amount", "money", 12),
    ("order_count", "int", 7),
    ("last_purchase", "date", 11),
    ("last_contact", "date", 11),
)


def classification_columns(lang: Lang) -> list[Column]:
    """All columns, for one sheet on screen: key fields, each class with its reason, source."""
    cols = [Column(k, label(k, lang), kind, w) for k, kind, w in _FIELDS_SHOWN]  # type: ignore[arg-type]
    for name in CLASSIFICATIONS:
        cols.append(Column(name, class_label(name, lang), "text", 12))
        if name == "rfm_segment":
            cols += _rfm_columns(lang)
        cols.append(_reason_column(name, lang))
    return cols + _source_columns(lang)


def main_columns(lang: Lang) -> list[Column]:
    """The printable Classification sheet: key fields and the classes (one A4 width)."""
    cols = [
        Column(k, label(k, lang), kind, w, wrap=k == "company")  # type: ignore[arg-type]
        for k, kind, w in _FIELDS_SHOWN
        if k not in _DETAIL_FIELDS
    ]
    return cols + [Column(name, class_label(name, lang), "text", 16) for name in CLASSIFICATIONS]


def detail_columns(lang: Lang) -> list[Column]:
    """The Reasons sheet: who, why each class (wrapped), the RFM scores, where the record is."""
    fields = {k: (kind, w) for k, kind, w in _FIELDS_SHOWN}
    keys = (*_NAMED_BY, *_DETAIL_FIELDS)
    cols = [Column(k, label(k, lang), *fields[k]) for k in keys]  # type: ignore[arg-type]
    cols += [_reason_column(name, lang, width=15) for name in CLASSIFICATIONS]
    return cols + _rfm_columns(lang) + _source_columns(lang)


def _reason_column(name: str, lang: Lang, width: float = 26) -> Column:
    return Column(f"{name}_reason", class_label(f"{name}_reason", lang), "text", width, wrap=True)


def _rfm_columns(lang: Lang) -> list[Column]:
    return [Column(f"rfm_{x}", class_label(f"rfm_{x}", lang), "int", 6) for x in "rfm"]


def _source_columns(lang: Lang) -> list[Column]:
    return [
        Column("_file", msg("classify_col_file", lang), "text", 18),
        Column("_sheet", msg("classify_col_sheet", lang), "text", 10),
        Column("_row", msg("classify_col_row", lang), "int", 6),
    ]


def _labels(series: pd.Series, mapping: dict[object, object]) -> pd.Series:
    """Map keys to labels through the (few) unique values: fast on 1,000,000 rows."""
    obj = series.astype(object)
    if pd.api.types.infer_dtype(obj, skipna=True) not in ("string", "empty"):
        return series.map(lambda v: mapping.get(v, v) if isinstance(v, str) else v)
    codes, uniques = pd.factorize(obj)  # texts only: equal keys are one key
    table = np.array([mapping.get(u, u) for u in uniques.tolist()] + [None], dtype=object)
    values = obj.to_numpy()
    return pd.Series(np.where(codes >= 0, table[codes], values), index=series.index, dtype=object)


def _sort_key(series: pd.Series) -> np.ndarray:
    """Text to sort by: blanks (None, NaN) as ''."""
    text = series.astype(object).where(series.notna(), "")
    if pd.api.types.infer_dtype(text, skipna=False) != "string":
        text = text.map(str)
    return np.asarray(text, dtype=object)


def localized(classified: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Keys replaced by labels in ``lang`` for the shown picklist and classification columns."""
    out = classified.copy(deep=False)  # columns are replaced, never changed in place
    for key in ("customer_type", "industry", "source", "stage"):
        mapping: dict[object, object] = {c.key: c.label(lang) for c in FIELD_BY_KEY[key].choices}
        out[key] = _labels(out[key], mapping)
    for name in CLASSIFICATIONS:
        mapping = {k: value_label(name, k, lang) for k in CLASS_VALUES[name]}
        out[name] = _labels(out[name], mapping)
    return out


def _group(classified: pd.DataFrame, by: str, lang: Lang, order: list[str] | None) -> pd.DataFrame:
    keys = classified[by].astype(object).where(classified[by].notna(), msg("classify_blank", lang))
    amount = classified["total_amount"].fillna(0.0)
    t = (
        pd.DataFrame({"key": keys.to_numpy(), "amount": amount.to_numpy()})
        .groupby("key", sort=False)["amount"]
        .agg(["size", "sum"])
        .rename(columns={"size": "count", "sum": "amount"})
    )
    if order is not None:
        t = t.reindex([k for k in order if k in t.index] + [k for k in t.index if k not in order])
    else:
        t = t.sort_values(["amount", "count"], ascending=False)
    t = t.reset_index().rename(columns={"index": "key"})
    if by in CLASS_VALUES:
        t["label"] = t["key"].map(lambda k: value_label(by, k, lang))
    elif by in FIELD_BY_KEY and FIELD_BY_KEY[by].choices:
        t["label"] = t["key"].map(lambda k: choice_label(by, k, lang))
    else:
        t["label"] = t["key"]
    return t[["key", "label", "count", "amount"]]


#: What the summary counts by (with ``total_amount``), in its order.
_SUMMARY_BY = ("value_tier", "rfm_segment", "industry", "source", "rep")


def written_columns(classified: pd.DataFrame) -> list[str]:
    """The columns of ``classified`` that :func:`write_classification` reads, in frame order.

    The run selects them before dropping the duplicates' losing side, so that only these are
    copied.
    """
    keys = {c.key for c in (*main_columns("en"), *detail_columns("en"))}
    keys |= {"total_amount", *_SUMMARY_BY}
    return [k for k in classified.columns if k in keys]


def summarize(classified: pd.DataFrame, lang: Lang = "zh") -> list[SummaryTable]:
    """Counts and amounts per value tier, RFM segment, industry, source and rep.

    Example:
        >>> [b.title for b in summarize(classify(df, as_of=d), "en")]  # doctest: +SKIP
        ['Value tier', 'RFM segment', 'Industry', 'Source', 'Sales rep']
    """
    spec = [  # the dimensions of _SUMMARY_BY
        ("value_tier", "pie", "count", list(CLASS_VALUES["value_tier"])),
        ("rfm_segment", "bar", "count", list(CLASS_VALUES["rfm_segment"])),
        ("industry", "bar", "amount", None),
        ("source", "pie", "count", None),
        ("rep", "bar", "amount", None),
    ]
    blocks = []
    for by, chart, value, order in spec:
        title = class_label(by, lang) if by in CLASS_VALUES else label(by, lang)
        blocks.append(SummaryTable(title, _group(classified, by, lang, order), chart, value))  # type: ignore[arg-type]
    return blocks


def write_classification(
    classified: pd.DataFrame, path: str | Path, *, lang: Lang = "zh", as_of: dt.date | None = None
) -> Path:
    """Write the Classification sheet (one row per customer), its Reasons and the Summary.

    Each sheet prints on one A4 width in readable type: the classes are on Classification,
    the reasons and the record's source on Reasons (same order of rows), the charts on Summary.

    Args:
        classified: output of :func:`addin.classify.classify`.
        path: the .xlsx to write (atomically; an existing file is backed up).
        lang: language of headers, labels and sheet names.
        as_of: shown in the summary heading.

    Example:
        >>> write_classification(classify(df, as_of=d), "分类.xlsx", lang="zh")  # doctest: +SKIP
    """
    # Only the columns the sheets show go through the sort (a copy of every column is ~1 GB at 1M).
    keys = {c.key for c in (*main_columns(lang), *detail_columns(lang))}
    shown = localized(classified[[k for k in written_columns(classified) if k in keys]], lang)
    # A blank name or rep (flagged by validation, kept blank) sorts first instead of failing.
    order = np.lexsort((_sort_key(shown["customer_name"]), _sort_key(shown["rep"])))
    shown = shown.iloc[order].reset_index(drop=True)
    files = shown["_file"]
    names_of = {f: Path(f).name if isinstance(f, str) and f else f for f in pd.unique(files)}
    shown["_file"] = files.map(names_of)  # one Path per file, not per row
    when = msg("classify_as_of", lang, date=as_of.isoformat()) if as_of else ""
    heading = msg("classify_heading", lang, when=when, count=f"{len(classified):,}")
    names = {role: msg(code, lang) for role, code in SHEETS.items()}

    def write(tmp: Path) -> None:
        book = SheetBook(tmp)
        write_table(book, names["classification"], shown, main_columns(lang), lang=lang)
        write_table(book, names["details"], shown, detail_columns(lang), lang=lang)
        write_summary_sheet(
            book.wb, names["summary"], summarize(classified, lang), lang=lang, heading=heading
        )
        book.close()

    return atomic_write(Path(path), write, lang=lang)
