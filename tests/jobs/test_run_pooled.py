"""``intake run`` with worker processes: the same outputs as in one process, failures as there."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from addin.audit import read_audit
from addin.config import Config
from addin.errors import IntakeError
from addin.jobs.background import Started
from addin.jobs.followups import run_followups
from addin.jobs.run import run_pipeline
from addin.sample.generate import generate_reps, write_sample_files
from tests.followups.test_parts import _parts

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def reps(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("pooled") / "reps"
    data = generate_reps(n_reps=6, rows_per_rep=60, seed=11)
    rows = data.rows.assign(rep=data.rows["rep"].astype(object))
    # two reps whose names are equal but for case, and a record without a rep
    first = str(rows["rep"].iloc[0])
    rows.loc[rows.index[:15], "rep"] = first.upper() if first != first.upper() else "Ab"
    rows.loc[rows.index[15:25], "rep"] = "ab"
    rows.loc[rows.index[25:30], "rep"] = None
    data.rows = rows
    write_sample_files(folder, data, csv_files=1)
    return folder, sorted({str(r) for r in rows["rep"].dropna()})


def _config(reps: list[str], workers: int) -> Config:
    # the last rep has no manager
    table = {r: {"manager": f"经理{i % 2}", "email": f"m{i % 2}@example.com"}
             for i, r in enumerate(reps[:-1])}  # fmt: skip
    return Config(sections={"managers": table, "pipeline": {"workers": workers}})


def _outputs(folder: Path) -> dict[str, object]:
    """Every output file's content: workbooks part by part (but their time stamps)."""
    out: dict[str, object] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = str(path.relative_to(folder))
        if path.suffix == ".xlsx":
            out[rel] = _parts(path)
        elif path.suffix == ".json":
            out[rel] = json.loads(path.read_text("utf-8"))
        else:
            out[rel] = path.read_bytes()
    return out


def test_pooled_run_writes_what_one_process_writes(
    reps: tuple[Path, list[str]], tmp_path: Path
) -> None:
    folder, names = reps
    one = run_pipeline([folder], tmp_path / "one", config=_config(names, 1), as_of=AS_OF)
    pooled = run_pipeline([folder], tmp_path / "pooled", config=_config(names, 2), as_of=AS_OF)
    assert pooled.counts == one.counts and one.counts["duplicate_groups"] > 0
    assert list(pooled.outputs) == list(one.outputs)  # in the order of the steps
    assert list(pooled.seconds) == list(one.seconds)  # each step once, in its place
    assert one.background == {}
    # with workers the follow-ups started during classify: their own time overlaps it
    assert pooled.background["followups"] > pooled.seconds["followups"]
    expected = _outputs(tmp_path / "one")
    assert any(k.startswith("followups/reps/") for k in expected)
    assert "classification.xlsx" in expected
    assert _outputs(tmp_path / "pooled") == expected
    manifest = json.loads((tmp_path / "pooled" / "followups" / "manifest.json").read_text())
    assert manifest["unassigned_reps"]


def test_classification_failing_in_the_worker_fails_the_run_as_in_one_process(
    reps: tuple[Path, list[str]], tmp_path: Path
) -> None:
    folder, names = reps
    errors = []
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        (out / "classification.xlsx").mkdir(parents=True)  # cannot be written
        with pytest.raises(IntakeError) as caught:
            run_pipeline([folder], out, config=_config(names, workers), as_of=AS_OF)
        errors.append((type(caught.value), str(caught.value).replace(str(out), "OUT")))
    assert errors[0] == errors[1]
    assert "classification.xlsx" in errors[1][1]
    assert read_audit()["status"].tolist() == ["failed", "failed"]
    # with workers the follow-ups went on meanwhile: written whole, nothing lost
    good = tmp_path / "good"
    run_pipeline([folder], good, config=_config(names, 1), as_of=AS_OF)
    assert _outputs(tmp_path / "w2" / "followups") == _outputs(good / "followups")
    assert not (tmp_path / "w1" / "followups").exists()  # one process stops at classify


def test_intake_followups_with_workers_writes_what_one_process_writes(
    reps: tuple[Path, list[str]], tmp_path: Path
) -> None:
    folder, names = reps
    texts = {}
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        outcome = run_followups(
            [folder], out, config=_config(names, workers), lang="zh", as_of=AS_OF
        )
        texts[workers] = outcome.message.replace(str(out), "OUT")
    assert texts[1] == texts[2]
    expected = _outputs(tmp_path / "w1")
    assert sum(k.startswith("reps/") for k in expected) == len(names) + 1  # + 未填业务员
    assert _outputs(tmp_path / "w2") == expected


def test_a_step_started_early_raises_its_error_when_waited_for() -> None:
    done = Started(lambda: 5)
    assert done.result() == 5 and done.seconds >= 0
    failing = Started(lambda: 1 // 0)
    failing.finish()  # waits, whatever it ended with
    with pytest.raises(ZeroDivisionError):
        failing.result()
