"""The texts of the sample data and the demo: the catalogue ``sample`` of codes -> (zh, en)."""

from __future__ import annotations

from ..messages import Catalogue

__all__ = ["TEXTS", "msg"]

TEXTS = Catalogue(
    "sample",
    {
        "sample_sheet": ("客户信息", "Customers"),
        "sample_not_demo_folder": (
            "该文件夹不是示例数据，未做任何修改；请换一个 --out-dir",
            "this folder does not hold demo data and was left alone; choose another --out-dir",
        ),
        "sample_demo_hint": (
            "打开 {out} 中的工作簿看看；在 Excel 中使用请打开 {template}（先运行一次 intake excel setup）。",
            "Open the workbooks in {out}; in Excel, open {template} (after `intake excel setup` once).",
        ),
    },
)
msg = TEXTS.msg
