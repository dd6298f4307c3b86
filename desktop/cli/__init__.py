"""The command line: one module per command group, with the parser and entry point in main.py."""
