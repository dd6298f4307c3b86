"""Who works with the artefacts: the command line (cli/) and the Qt desktop application (window/)."""
