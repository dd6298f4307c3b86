"""Who works with the artefacts: the command line and the Qt desktop application."""
