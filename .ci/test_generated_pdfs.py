"""Run by .ci/run after LibreOffice turned each DOCX that tests/community/test_library_templates.py
generated from the shipped templates into a PDF: every file opened, and the form's values are
read back from the PDF's text."""

from __future__ import annotations

import os
from pathlib import Path

from pypdf import PdfReader

GENERATED = Path(os.environ.get("GENERATED_DIR", "test-artifacts/generated"))
VALUES = ("Apollo CRM rollout", "Chen Wei", "Priya Shah", "2027-01-04")  # the test's form


def test_every_generated_docx_opened_in_libreoffice_with_the_values():
    made = sorted(GENERATED.glob("*.docx"))
    assert len(made) == 6, f"expected the six shipped templates' files in {GENERATED}"
    for docx in made:
        pdf = docx.with_suffix(".pdf")
        assert pdf.exists(), f"LibreOffice did not convert {docx.name}"
        text = " ".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
        missing = [value for value in VALUES if value not in text]
        assert not missing, f"{pdf.name}: {missing} not in its text"
