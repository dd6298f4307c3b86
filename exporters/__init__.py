"""How artefacts leave and come back: workbooks, documents, review packs and imports (no Qt)."""
