"""What an artefact is: fields, labels (zh/en), choices, rules. Pure Python, the single source of truth."""
from __future__ import annotations

from reviewdesk.templates.artefacts import (ARTEFACTS, MEETING, REFERENCE_DATA, WORKBOOK_ARTEFACTS, artefact,
                                            artefact_for_code, role_labels)
from reviewdesk.templates.errors import FieldError, ReviewDeskError, ValidationError
from reviewdesk.templates.language import LANGUAGES, t
from reviewdesk.templates.schema import Artefact, Choice, Field, Kind, Rule
# the vocabulary every face reads, public as modules: a field's values; marks and conditions; figures; Word layouts;
# a report's periods; suggestions grouped; a target's progress from its readings
from reviewdesk.templates import (documents, figures, language, marks, periods, progress,  # noqa: E402
                                  suggestions, values)

__all__ = ["ARTEFACTS", "MEETING", "REFERENCE_DATA", "WORKBOOK_ARTEFACTS", "LANGUAGES", "Artefact", "Choice", "Field",
           "FieldError", "Kind", "ReviewDeskError", "Rule", "ValidationError", "artefact", "artefact_for_code",
           "role_labels", "t", "documents", "figures", "language", "marks", "periods", "progress", "suggestions",
           "values"]
