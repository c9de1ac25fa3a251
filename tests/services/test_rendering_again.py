"""Every kind of issued document, drawn again months later, is byte for byte the one issued."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from kpa_local.services.demo import build_demo
from kpa_local.services.issuing import document_pdf, render_issued
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace


def test_quotes_deposits_invoices_and_credit_notes_render_again_to_their_recorded_hash(tmp_path: Path) -> None:
    space = Workspace(tmp_path / "demo")
    built = build_demo(space, clock=lambda: date(2026, 11, 26))
    actor = built.actor
    built.close()
    later = open_workspace(space, clock=lambda: date(2027, 3, 1))  # past every deposit's planned service
    later.actor = actor
    rows = later.database.read("SELECT id, kind, pdf_sha256 FROM document WHERE pdf_sha256 IS NOT NULL")
    assert {kind for _, kind, _ in rows} >= {"facture", "acompte", "avoir"}
    for document_id, kind, recorded in rows:
        pdf, _ = document_pdf(later, int(document_id))
        assert hashlib.sha256(pdf).hexdigest() == recorded, kind
    report = render_issued(later, processes=1)
    assert (report.checked, report.mismatched) == (len(rows), ())
    later.close()
