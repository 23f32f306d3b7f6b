"""New match keys from the owner's own records: a changed mobile still finds the customer.

When the owner's sheet gives a registered customer a value the registry holds no key for (a
new mobile, a second e-mail, a credit code filled in later, the company's full name), the key
is added to that customer, so that another rep typing the new value is caught when entering
it, as the old one would have been. Only the owner's records add keys (another rep's record
of the customer is that rep's claim, not the customer's data). Not added:

* a value another customer already holds: the two stay apart, as the check said;
* a value two customers of one batch would both get: given to neither;
* an identity key another rep's customer holds that a rep's own login cannot see (row-level
  security on a team PostgreSQL): the unique index refuses it, inside a savepoint, so the
  batch goes on without it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import sqlalchemy as sa
import sqlalchemy.exc

from .bulk import insert_columns
from .match import key_holders
from .tables import match_keys

__all__ = ["add_owner_keys"]


def add_owner_keys(conn: sa.Connection, keys: pd.DataFrame, owner_of: Mapping[int, int]) -> int:
    """Give each customer the keys of its owner's records that nobody holds yet.

    Args:
        conn: a connection inside the batch's write transaction.
        keys: the batch's keys (``pos``, ``kind``, ``value``, ``is_identity``).
        owner_of: record position -> customer id, for the owner's records of this batch
            that matched a customer registered before it.

    Returns:
        How many keys were added.
    """
    if not owner_of:
        return 0
    mine = keys[keys["pos"].isin(list(owner_of))]
    if mine.empty:
        return 0
    mine = mine.assign(customer_id=mine["pos"].map(owner_of)).drop_duplicates(
        ["customer_id", "kind", "value"]
    )
    shared = mine.groupby(["kind", "value"])["customer_id"].transform("nunique") > 1
    mine = mine[~shared]
    pairs = list(dict.fromkeys(zip(mine["kind"], mine["value"], strict=True)))
    held = {(k, v) for k, v, _ in key_holders(conn, pairs)}
    new = mine[[p not in held for p in zip(mine["kind"], mine["value"], strict=True)]]
    if new.empty:
        return 0
    pointers, identity = new[~new["is_identity"]], new[new["is_identity"]]
    insert_columns(
        conn,
        match_keys,
        {
            "customer_id": pointers["customer_id"].astype("int64").to_numpy(),
            "kind": pointers["kind"].to_numpy(dtype=object),
            "value": pointers["value"].to_numpy(dtype=object),
            "is_identity": pointers["is_identity"].to_numpy(dtype=bool),
        },
    )
    added = len(pointers)
    for cid, kind, value in zip(
        identity["customer_id"], identity["kind"], identity["value"], strict=True
    ):
        try:
            with conn.begin_nested():  # a key another rep's customer holds, unseen: skipped
                conn.execute(
                    match_keys.insert().values(
                        customer_id=int(cid), kind=str(kind), value=str(value), is_identity=True
                    )
                )
            added += 1
        except sa.exc.IntegrityError:
            continue
    return added
