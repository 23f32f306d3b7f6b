Attribute VB_Name = "IntakeRibbon"
' IntakeRibbon: callbacks of the "Customer intake" ribbon tab (customUI/customUI.xml).
'
' One Sub per button, each a single RunPython line: the Python side (addin/excel.py) does all
' the work, so nothing here needs changing when the logic changes. Sub names must match the
' onAction attributes written by addin/_ribbon.py (a test checks both directions).
' `intake template` copies this file into templates/customer_intake*.xlsm next to xlwings' own
' VBA module; edit it here and regenerate, not in the VBA editor. Keep it ASCII: the VBA
' project's code page is not UTF-8.
Option Explicit

Sub IntakeValidate(control As IRibbonControl)
    RunPython "import addin.excel; addin.excel.validate_button()"
End Sub

Sub IntakeRegister(control As IRibbonControl)
    RunPython "import addin.excel; addin.excel.register_button()"
End Sub

Sub IntakeDedupe(control As IRibbonControl)
    RunPython "import addin.excel; addin.excel.dedupe_button()"
End Sub

Sub IntakeClassify(control As IRibbonControl)
    RunPython "import addin.excel; addin.excel.classify_button()"
End Sub

Sub IntakeFollowups(control As IRibbonControl)
    RunPython "import addin.excel; addin.excel.followups_button()"
End Sub

Sub IntakeEmail(control As IRibbonControl)
    RunPython "import addin.excel; addin.excel.email_button()"
End Sub

Sub IntakeRunAll(control As IRibbonControl)
    RunPython "import addin.excel; addin.excel.run_button()"
End Sub

Sub IntakeClearMarks(control As IRibbonControl)
    RunPython "import addin.excel; addin.excel.clear_marks_button()"
End Sub
