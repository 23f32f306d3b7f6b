"""Benchmark: e-mail N managers their follow-up workbooks through a local SMTP server.

    python benchmarks/mail_bench.py [--managers 200] [--rows 300]

Writes a follow-up folder (not timed), then times: the dry run (compose + write the outbox),
sending everything to aiosmtpd on 127.0.0.1 over one connection, and a second run that finds
everything in the sent log. The SMTP server runs in the same process, so the figures are an
upper bound of our own cost, not of a real server's.
"""

from __future__ import annotations

import argparse
import json
import resource
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import xlsxwriter
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from addin.mail.send import MailSettings, send_followups


class Sink:
    count = 0
    size = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        self.count += 1
        self.size += len(envelope.original_content or b"")
        return "250 OK"


def write_folder(out: Path, managers: int, rows: int) -> None:
    entries: list[dict[str, Any]] = []
    for m in range(managers):
        name = f"经理{m:03d}"
        rel = f"managers/{name}.xlsx"
        (out / "managers").mkdir(parents=True, exist_ok=True)
        wb = xlsxwriter.Workbook(str(out / rel))
        ws = wb.add_worksheet("跟进")
        ws.write_row(0, 0, ["业务员", "客户", "公司", "原因", "应跟进日期"])
        for r in range(rows):
            ws.write_row(
                r + 1, 0, [f"业务员{r % 7}", f"客户{r}", f"公司{r}", "跟进逾期", "2026-11-01"]
            )
        wb.close()
        entries.append(
            {
                "manager": name,
                "email": f"m{m}@example.com",
                "file": rel,
                "reps": [f"业务员{i}" for i in range(7)],
                "total": rows,
                "counts": {"overdue": rows},
                "reason_labels": {"overdue": "跟进逾期"},
                "top_overdue": [
                    {"rep": "业务员1", "customer": f"客户{i}", "company": "华信科技",
                     "reason": "跟进逾期 13812345678", "due": "2026-11-01", "days_overdue": 22}
                    for i in range(10)
                ],
            }
        )  # fmt: skip
    manifest = {"as_of": "2026-11-23", "lang": "zh", "managers": entries, "unassigned_reps": []}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--managers", type=int, default=200)
    parser.add_argument("--rows", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        out = Path(tmp)
        write_folder(out, args.managers, args.rows)
        sink = Sink()
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            settings = MailSettings(host="127.0.0.1", port=port, security="none",
                                    sender="sales@example.com")  # fmt: skip
            t0 = time.perf_counter()
            send_followups(out, settings, send=False)
            t1 = time.perf_counter()
            report = send_followups(out, settings)
            t2 = time.perf_counter()
            again = send_followups(out, settings)
            t3 = time.perf_counter()
        finally:
            controller.stop()
    n = args.managers
    print(f"managers: {n}, rows per workbook: {args.rows}, received: {sink.count} "
          f"({sink.size / 1e6:.1f} MB)")  # fmt: skip
    print(f"dry run (compose + outbox): {t1 - t0:6.2f} s  ({(t1 - t0) / n * 1000:.1f} ms/manager)")
    print(f"send (one connection):      {t2 - t1:6.2f} s  ({(t2 - t1) / n * 1000:.1f} ms/manager)")
    print(f"re-run (all in sent log):   {t3 - t2:6.2f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MiB")
    ok = report.count("sent") == n and again.count("already_sent") == n
    print("ok" if ok else "MISMATCH: " + report.render("en"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
