"""Formal Word documents: styles, tables, figures and charts drawn with the shipped font."""
