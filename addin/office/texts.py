"""The texts of setting up Excel on a PC: the catalogue ``office`` of codes -> (zh, en)."""

from __future__ import annotations

from ..messages import Catalogue

__all__ = ["TEXTS", "msg"]

TEXTS = Catalogue(
    "office",
    {
        "office_conf_written": (
            "已在 {path} 中设置 {key} = {value}：所有工作簿中的按钮都将使用这个 Python。",
            "set {key} = {value} in {path}: the buttons of every workbook use this Python.",
        ),
        "office_not_in_code_page": (
            "路径 {path} 含有系统代码页 {codec} 无法表示的字符，Excel 读不了：请把 Python 安装到只含这类字符的路径",
            "the path {path} has characters the system code page {codec} cannot hold, so Excel "
            "cannot read it: install Python under a path without them",
        ),
        "office_runpython_installed": (
            "已复制 {path}（Mac 上的 RunPython 需要它，等同于 xlwings runpython install）。",
            "copied {path} (RunPython on a Mac needs it; same as `xlwings runpython install`).",
        ),
        "office_no_xlwings": (
            "找不到 xlwings 软件包：请先安装本插件（pip install customer-intake-addin）",
            "the xlwings package is not installed: install this add-in first "
            "(pip install customer-intake-addin)",
        ),
        "office_no_xlstart": (
            "此系统上没有 Excel（只支持 Windows 和 macOS）：请用 --dir 指定 XLSTART 文件夹",
            "no Excel on this system (Windows and macOS only): give the XLSTART folder with --dir",
        ),
        "office_addin_missing": (
            "找不到加载项 {path}：请先运行 intake addin build",
            "add-in {path} not found: run `intake addin build` first",
        ),
        "office_addin_installed": (
            "已安装加载项 {path}；重新启动 Excel 后，每个工作簿都会显示“{tab}”选项卡。",
            "installed the add-in {path}; restart Excel and the '{tab}' tab shows in every workbook.",
        ),
    },
)
msg = TEXTS.msg
