"""Who works with the artefacts: the command line and the Qt desktop application."""

try:
    from importlib.metadata import version as _version

    __version__ = _version("reviewdesk")
except Exception:  # running from a source tree that was never installed
    __version__ = "0.1.0"
