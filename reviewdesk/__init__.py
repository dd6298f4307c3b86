"""ReviewDesk 评审台: one import package for the layers the repository keeps in top-level folders (templates/,
store/, exporters/, desktop/, resources/ map to reviewdesk.templates, reviewdesk.store, … by pyproject.toml)."""

__version__ = "0.2.0"  # the one place the version lives: pyproject.toml, --version, About and written files read it
