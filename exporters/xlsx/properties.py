"""A written workbook's own properties: what made it (ReviewDesk and its version) and which export it is."""
from __future__ import annotations

from xlsxwriter import Workbook

from reviewdesk import __version__

APPLICATION = "ReviewDesk 评审台"


def describe(workbook: Workbook, *, title: str, export_id: str | None = None) -> None:
    """Explorer's and Excel's Info pane show the title and creator; the version and the export id (a workbook that
    may come back has one, a report has none) travel as custom properties (xlsxwriter always names Excel as the
    application in docProps/app.xml)."""
    workbook.set_properties({"title": title, "author": APPLICATION, "company": APPLICATION,
                             "comments": export_id or "", "keywords": f"ReviewDesk {__version__}"})
    workbook.set_custom_property("Application", APPLICATION)
    workbook.set_custom_property("ReviewDesk version", __version__)
    if export_id:
        workbook.set_custom_property("Export id", export_id)
