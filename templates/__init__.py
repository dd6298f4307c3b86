"""What an artefact is: fields, labels (zh/en), choices, rules. Pure Python, the single source of truth."""
from __future__ import annotations

from .artefacts import ARTEFACTS, REFERENCE_DATA, WORKBOOK_ARTEFACTS, artefact, artefact_for_code, role_labels
from .errors import FieldError, ReviewDeskError, ValidationError
from .language import LANGUAGES, t
from .schema import Artefact, Choice, Field, Kind, Rule

__all__ = ["ARTEFACTS", "REFERENCE_DATA", "WORKBOOK_ARTEFACTS", "LANGUAGES", "Artefact", "Choice", "Field",
           "FieldError", "Kind", "ReviewDeskError", "Rule", "ValidationError", "artefact", "artefact_for_code",
           "role_labels", "t"]
