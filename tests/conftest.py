"""Shared fixtures: small intake workbooks written to tmp_path, fixed dates."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import settings

from addin.schema import Lang, label

# The SMTP server, TLS and in-memory keyring fixtures, for every test module that needs them.
pytest_plugins = ["tests.mail_fixtures"]

# CI runs a fixed set of examples (a red build must be reproducible); locally they vary so that
# new inputs keep being tried. No deadlines: a loaded CI machine is not a failing property.
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

TODAY = dt.date(2026, 11, 23)

#: A valid row in every field the checks look at.
GOOD_ROW: dict[str, Any] = {
    "customer_id": "ZS-001",
    "rep": "张三",
    "registered_on": dt.date(2024, 3, 15),
    "customer_name": "王伟",
    "customer_type": "企业",
    "gender": "男",
    "birthday": dt.date(1985, 6, 1),
    "mobile": "138 1234 5678",
    "phone": "010-8888 6666",
    "email": "Wang.Wei@Example.com",
    "company": "北京华信科技有限公司",
    "credit_code": "91350100M000100Y43",
    "industry": "信息技术",
    "source": "展会",
    "stage": "成交",
    "order_count": 3,
    "total_amount": 12800,
    "last_contact": dt.date(2024, 5, 1),
    "next_follow_up": dt.date(2024, 5, 8),
}

WriteIntake = Callable[..., Path]


@pytest.fixture
def write_intake(tmp_path: Path) -> WriteIntake:
    """Write an intake workbook: rows are dicts of field key -> value; headers in ``lang``."""

    def write(
        rows: Sequence[dict[str, Any]],
        name: str = "rep.xlsx",
        *,
        lang: Lang = "zh",
        sheet: str = "客户信息",
        keys: Sequence[str] | None = None,
        title_rows: int = 0,
    ) -> Path:
        cols = list(keys or dict.fromkeys(k for r in rows for k in r))
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = sheet
        for _ in range(title_rows):
            ws.append(["客户登记表"])
        ws.append([label(k, lang) if not k.startswith("!") else k[1:] for k in cols])
        for r in rows:
            ws.append([r.get(k) for k in cols])
        path = tmp_path / name
        wb.save(path)
        return path

    return write


@pytest.fixture(autouse=True)
def _audit_log_in_tmp(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test writes its audit entries to its own file, never to the user's home."""
    log = tmp_path_factory.mktemp("audit") / "audit.jsonl"
    monkeypatch.setenv("INTAKE_AUDIT_LOG", str(log))
    return log


@pytest.fixture(autouse=True)
def _no_user_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A registry named in the shell is not used: ``intake run`` and the buttons would register
    into it (tests/registry names its own per test)."""
    monkeypatch.delenv("INTAKE_REGISTRY", raising=False)
