"""Files shipped with ReviewDesk — the chart font (fonts/), translations (.qm), icons — found wherever the package
is: a checkout, an installed wheel or a frozen build."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource(*parts: str) -> Path:
    """The path of a shipped file, e.g. resource("fonts", "NotoSansSC-Regular-GB2312.otf")."""
    return Path(str(files(__name__).joinpath(*parts)))
