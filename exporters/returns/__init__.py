"""Returned workbooks: read safely, understood as a plan, applied as a batch that can be undone."""
