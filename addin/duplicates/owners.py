"""Who keeps a contested customer: the ownership rules and their tie-breaks."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from .settings import OwnerRule

__all__ = ["owner_order"]


def _file_times(files: pd.Series) -> pd.Series:
    """Modification time of each source file (NaN when it is not on disk)."""
    times: dict[str, float] = {}
    for name in pd.unique(files.astype(str)):
        try:
            times[name] = os.stat(name).st_mtime
        except OSError:
            times[name] = np.nan
    return files.astype(str).map(times)


def owner_order(members: pd.DataFrame, rule: OwnerRule = "earliest_registered") -> pd.DataFrame:
    """Members sorted so that the first row of each group is its owner.

    ``earliest_registered``: earliest registered_on; ``most_recent_contact``: latest
    last_contact; ``highest_amount``: largest total_amount. Ties (and missing values, which
    sort last) go to the earliest registration, then the earliest file modification time,
    then file name and row.

    Args:
        members: customer rows with ``group_id`` and the source columns.
        rule: which record keeps a contested customer.

    Example:
        >>> owner_order(members).groupby("group_id").head(1)  # doctest: +SKIP
    """
    m = members.assign(_mtime=_file_times(members["_file"]))
    keys = ["registered_on", "_mtime", "_file", "_row"]
    asc = [True, True, True, True]
    if rule == "most_recent_contact":
        keys, asc = ["last_contact", *keys], [False, *asc]
    elif rule == "highest_amount":
        keys, asc = ["total_amount", *keys], [False, *asc]
    m = m.sort_values(keys, ascending=asc, na_position="last", kind="stable")
    return m.sort_values("group_id", kind="stable").drop(columns="_mtime")
