"""A database replaced by an older copy: named, issuing refused, the lost invoices re-entered from their PDFs.

Each rollback is made as it happens in an office: a restore of an earlier backup, or an older
backup file copied over data/kpa.sqlite3 with the app closed (and the marks file deleted too).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from kpa_local.documents.facturx_pdf import render_document
from kpa_local.domain.billing import DocumentContent
from kpa_local.domain.errors import KpaError
from kpa_local.services.audit import list_entries, verify_trail
from kpa_local.services.backups import backup_now, list_backups
from kpa_local.services.context import Context
from kpa_local.services.documents import create_document
from kpa_local.services.integrity import check_workspace
from kpa_local.services.issuing import PdfInTheWay, content_of, issue_document, pdf_path
from kpa_local.services.marks import MARKS_NAME, RolledBack, check_rollback
from kpa_local.services.reentry import recover
from kpa_local.services.restore import restore_backup
from kpa_local.services.restore_losses import restore_losses
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace
from tests.billing_support import Clock, business_client, draft, open_billing, person_client
from tests.conftest import TODAY

pytestmark = pytest.mark.sqlite_file("an older copy of the SQLite file put back")

LOST = "La base a été remplacée par une copie plus ancienne : les factures FA-2026-0008 à FA-2026-0011 manquent"


def _issue(context: Context, client: int, count: int) -> list[str]:
    numbers = []
    for _ in range(count):
        numbers.append(issue_document(context, create_document(context, draft(client))).number)
    return numbers


def _pdfs(context: Context) -> dict[str, str]:
    """Every PDF of invoices/ and the SHA-256 of its bytes."""
    folder = context.workspace.invoices_dir
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.glob("*/*.pdf"))}


def _rows(context: Context) -> list[tuple[object, ...]]:
    return context.database.read(
        "SELECT d.number, d.kind, d.issue_date, d.due_date, d.total_net_cents, d.total_vat_cents, d.total_cents, "
        "d.pdf_sha256, c.name FROM document d JOIN client c ON c.id = d.client_id "
        "WHERE d.number IS NOT NULL ORDER BY d.seq"
    )


def _problems(context: Context) -> list[str]:
    return [finding.problem for finding in check_workspace(context).findings]


def _seven_then_backup_then_four(context: Context) -> tuple[Path, list[str]]:
    """FA-2026-0001 to 0007 issued, a backup, then FA-2026-0008 to 0011 issued for the same client."""
    first_client = business_client(context)
    _issue(context, first_client, 7)
    backup = backup_now(context)
    return backup.path, _issue(context, first_client, 4)


def test_a_restore_never_gives_a_number_twice_and_the_lost_invoices_come_back_from_their_pdfs(
    billing: Context,
) -> None:
    backup, lost = _seven_then_backup_then_four(billing)
    assert lost == [f"FA-2026-{seq:04d}" for seq in range(8, 12)]
    before_rows, before_pdfs = _rows(billing), _pdfs(billing)
    before_contents = {number: content_of(billing, _id(billing, number)) for number in lost}
    restore_backup(billing, backup)
    other_client = business_client(billing, name="Autre client", siren="732829320")
    other_draft = create_document(billing, draft(other_client))
    with pytest.raises(RolledBack) as refused:
        issue_document(billing, other_draft)
    assert refused.value.message.startswith(LOST + ".")
    assert "kpa check --recover" in refused.value.message
    assert _pdfs(billing) == before_pdfs  # nothing overwritten
    assert billing.database.read("SELECT number FROM document WHERE id = :id", {"id": other_draft}) == [(None,)]
    assert any(problem.startswith(LOST) for problem in _problems(billing))

    report = recover(billing)
    assert report.reentered == tuple(lost) and report.gaps == () and report.resumed_after == ("FA-2026-0011",)
    assert _rows(billing) == before_rows  # same numbers, dates, totals, clients and PDFs as issued
    for number, content in before_contents.items():
        again = content_of(billing, _id(billing, number))
        assert (again.lines, again.client.name, again.issue_date, again.due_date, again.totals) == (
            content.lines, content.client.name, content.issue_date, content.due_date, content.totals
        )  # fmt: skip
    assert [entry.record for entry in list_entries(billing, action="facture.ressaisie")] == lost[::-1]
    assert issue_document(billing, other_draft).number == "FA-2026-0012"
    assert {name: digest for name, digest in _pdfs(billing).items() if name != "FA-2026-0012.pdf"} == before_pdfs
    assert _problems(billing) == []


def _id(context: Context, number: str) -> int:
    return int(context.database.read("SELECT id FROM document WHERE number = :n", {"n": number})[0][0])


def _copy_over_with_the_app_closed(context: Context, backup: Path) -> Workspace:
    """The older backup file copied over data/kpa.sqlite3 by hand, the app closed."""
    workspace = context.workspace
    context.close()
    live = workspace.database_file
    for end in ("-wal", "-shm"):
        live.with_name(live.name + end).unlink(missing_ok=True)
    shutil.copyfile(backup, live)
    return workspace


def test_an_older_file_copied_over_the_database_with_the_app_closed_is_named_at_opening(billing: Context) -> None:
    backup, _lost = _seven_then_backup_then_four(billing)
    business_client(billing, name="Un client de plus")  # the journal goes on after the last issue
    workspace = _copy_over_with_the_app_closed(billing, backup)
    reopened = open_workspace(workspace, clock=Clock(TODAY))
    try:
        notice = reopened.rollback or ""
        assert notice.startswith(LOST + " ; le journal s'arrête à l'entrée n° ")
        assert any(problem.startswith(LOST) for problem in _problems(reopened))
        broken = verify_trail(reopened)
        assert broken is not None and "le journal s'arrête" in broken.text
        with pytest.raises(RolledBack):
            issue_document(reopened, create_document(reopened, draft(business_client(reopened, name="B"))))
        old_end = json.loads((workspace.data_dir / MARKS_NAME).read_text())["journal"]["last_id"]
        while reopened.database.read("SELECT last_id FROM audit_head")[0][0] <= old_end:
            person_client(reopened)  # work goes on past the journal's old end: a different history, still named
    finally:
        reopened.close()
    again = open_workspace(workspace, clock=Clock(TODAY))
    try:
        assert "le journal a été remplacé par un autre avant son entrée n° " in (again.rollback or "")
        recover(again)
        assert again.rollback and check_rollback(again) is None and verify_trail(again) is None
        assert [entry.action for entry in list_entries(again, limit=2)] == ["journal.coupe", "serie.reprise"]
    finally:
        again.close()


def test_with_the_marks_file_and_the_backup_cards_deleted_the_pdfs_still_show_the_rollback(
    billing: Context,
) -> None:
    backup, _lost = _seven_then_backup_then_four(billing)
    workspace = _copy_over_with_the_app_closed(billing, backup)
    (workspace.data_dir / MARKS_NAME).unlink()
    for card in workspace.backups_dir.glob("*.json"):
        card.unlink()
    reopened = open_workspace(workspace, clock=Clock(TODAY))
    try:
        assert (reopened.rollback or "").startswith(LOST + ".")
        with pytest.raises(RolledBack):
            issue_document(reopened, create_document(reopened, draft(business_client(reopened, name="B"))))
    finally:
        reopened.close()


def test_the_backup_cards_are_witnesses_too(billing: Context) -> None:
    backup, _lost = _seven_then_backup_then_four(billing)
    backup_now(billing)  # its card saw FA-2026-0011
    workspace = _copy_over_with_the_app_closed(billing, backup)
    (workspace.data_dir / MARKS_NAME).unlink()
    shutil.rmtree(workspace.invoices_dir)
    card = json.loads(list_backups(workspace.backups_dir)[0].path.with_suffix(".sqlite3.json").read_text())
    assert {"prefix": "FA", "year": 2026, "seq": 11, "number": "FA-2026-0011"} in card["marques"]["series"]
    reopened = open_workspace(workspace, clock=Clock(TODAY))
    try:
        assert (reopened.rollback or "").startswith(LOST + ".")
    finally:
        reopened.close()


def test_a_missing_pdf_leaves_an_explained_gap_and_the_series_resumes_after_the_highest_number(
    billing: Context,
) -> None:
    backup, _lost = _seven_then_backup_then_four(billing)
    restore_backup(billing, backup)
    pdf_path(billing, "FA-2026-0010", 2026).unlink()
    report = recover(billing)
    assert report.reentered == ("FA-2026-0008", "FA-2026-0009", "FA-2026-0011")
    assert [number for number, _reason in report.gaps] == ["FA-2026-0010"]
    (gap,) = list_entries(billing, action="serie.trou")
    assert gap.record == "FA-2026-0010" and "n'est pas dans le dossier invoices/" in gap.fields[0]
    client = business_client(billing, name="Autre client")
    assert _issue(billing, client, 1) == ["FA-2026-0012"]
    assert "Dans la série FA de 2026, il manque le numéro 10." in _problems(billing)


def test_a_restore_says_beforehand_which_issued_invoices_it_would_take_out(billing: Context) -> None:
    backup, _lost = _seven_then_backup_then_four(billing)
    taken = next(found for found in list_backups(billing.workspace.backups_dir) if found.path == backup).taken_at
    assert restore_losses(billing, backup) == (
        f"Cette sauvegarde date du {taken:%d/%m/%Y} : les factures FA-2026-0008 à FA-2026-0011 émises depuis "
        "seraient perdues de la base (leurs PDF restent dans invoices/ et pourront être ressaisis)."
    )
    assert restore_losses(billing, backup_now(billing).path) is None


def test_the_check_names_a_pdf_that_no_document_owns(billing: Context) -> None:
    _issue(billing, business_client(billing), 1)
    stray = billing.workspace.invoices_dir / "2026" / "facture-de-qui.pdf"
    stray.write_bytes(b"%PDF-1.7\n")
    assert _problems(billing) == [f"Le PDF {stray} n'a aucun document dans la base."]


def test_issuing_never_replaces_a_file_already_where_its_pdf_goes(
    billing: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = business_client(billing)
    document_id = create_document(billing, draft(client))
    target = pdf_path(billing, "FA-2026-0001", 2026)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"someone else's file")
    with pytest.raises(KpaError):
        issue_document(billing, document_id)
    assert target.read_bytes() == b"someone else's file"
    assert billing.database.read("SELECT number FROM document WHERE id = :id", {"id": document_id}) == [(None,)]
    target.unlink()

    import kpa_local.services.issuing as issuing

    def render_then_a_file_appears(content: DocumentContent, logo: Any = None) -> bytes:
        pdf = render_document(content, logo)
        target.write_bytes(b"written meanwhile")
        return pdf

    monkeypatch.setattr(issuing, "render_document", render_then_a_file_appears)
    with pytest.raises(PdfInTheWay):
        issue_document(billing, document_id)
    assert target.read_bytes() == b"written meanwhile"


def test_a_database_ahead_of_its_marks_file_is_fine_and_the_marks_follow(billing: Context) -> None:
    client = business_client(billing)
    _issue(billing, client, 1)
    marks = billing.workspace.data_dir / MARKS_NAME
    older = marks.read_text()  # as if the app had died between the commit and the write of the marks
    _issue(billing, client, 1)
    marks.write_text(older)
    workspace = billing.workspace
    billing.close()
    reopened = open_workspace(workspace, clock=Clock(TODAY))
    try:
        assert reopened.rollback is None
        assert "FA-2026-0002" in marks.read_text()
        assert _issue(reopened, client, 1) == ["FA-2026-0003"]
    finally:
        reopened.close()


def test_a_lost_credit_note_comes_back_with_the_invoice_it_corrects(billing: Context) -> None:
    from kpa_local.services.documents import credit_note_for

    client = business_client(billing)
    backup = backup_now(billing).path
    (invoice,) = _issue(billing, client, 1)
    note = issue_document(billing, credit_note_for(billing, _id(billing, invoice))).number
    balances = "SELECT credited_cents FROM document_balance WHERE document_id = :id"
    credited = billing.database.read(balances, {"id": _id(billing, invoice)})
    restore_backup(billing, backup)
    rollback = check_rollback(billing)
    assert rollback is not None and rollback.text == (
        f"La base a été remplacée par une copie plus ancienne : la facture {invoice} manque ; l'avoir {note} manque."
    )
    assert recover(billing).reentered == (invoice, note)
    assert billing.database.read(balances, {"id": _id(billing, invoice)}) == credited != [(0,)]
    assert _problems(billing) == []


def test_the_trail_check_names_a_restore_that_took_out_issued_invoices(billing: Context) -> None:
    backup, _lost = _seven_then_backup_then_four(billing)
    assert verify_trail(billing) is None
    restore_backup(billing, backup)
    broken = verify_trail(billing)
    assert broken is not None and broken.text.startswith(LOST + ".")
    assert verify_trail(billing, witnesses=False) is None  # the chain itself is whole: the cut is written in it
    recover(billing)
    assert verify_trail(billing) is None


def test_only_coordination_decides_to_resume_the_series(billing: Context) -> None:
    from dataclasses import replace

    from kpa_local.domain.accounts import Actor
    from kpa_local.services.access import AccessDenied

    backup, _lost = _seven_then_backup_then_four(billing)
    restore_backup(billing, backup)
    contributor = replace(billing, actor=Actor("Karim Haddad", "contributeur", 2))
    with pytest.raises(AccessDenied):
        recover(contributor)
    with pytest.raises(RolledBack):
        issue_document(contributor, create_document(contributor, draft(business_client(contributor, name="B"))))
    assert check_rollback(billing) is not None


def test_a_series_without_the_year_in_its_numbers_is_checked_clean(workspace: Workspace) -> None:
    from datetime import date

    context = open_billing(workspace, Clock(date(2026, 11, 26)), number_format="{prefix}{seq:05d}")
    client = business_client(context)
    first = issue_document(context, create_document(context, draft(client)))
    second = issue_document(context, create_document(context, draft(client)))
    assert (first.number, second.number) == ("FA00001", "FA00002")
    assert _problems(context) == []
    Path(second.pdf_path).unlink()
    assert any("FA00002" in problem for problem in _problems(context))  # a PDF really missing is still found
    context.close()
