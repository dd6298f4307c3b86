"""The standardized Excel workbook: sheets, layout, drop-down lists, the hidden contract, summary and templates."""
