"""The hand-over to the CAE's e-invoicing platform: the legal originals of a period, their manifest, the daily
totals of sales to private people, and the statuses the platform sends back."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from kpa_local.db import cipher
from kpa_local.domain.errors import KpaError, Refused
from kpa_local.domain.platform_statuses import AVAILABLE, COLLECTED, DEPOSITED, REJECTED, status_of
from kpa_local.exchange.csv_safe import amount_cell
from kpa_local.services.billing_queries import get_document, list_documents
from kpa_local.services.billing_views import DocumentQuery
from kpa_local.services.context import Context
from kpa_local.services.documents import create_document, credit_note_for
from kpa_local.services.handover import DAILY_NAME, MANIFEST_NAME, hand_over
from kpa_local.services.import_rows import ERROR, NEW
from kpa_local.services.issuing import document_id_by_number, issue_document, pdf_path
from kpa_local.services.journals import export_journals
from kpa_local.services.platform_statuses import KNOWN, import_statuses
from kpa_local.workspace import Workspace
from tests.billing_support import Clock, business_client, draft, line, open_billing, person_client

START = date(2026, 11, 2)
PERIOD = (date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def billing(workspace: Workspace, clock: Clock) -> Iterator[Context]:
    context = open_billing(workspace, clock)
    yield context
    context.close()


def _issue(context: Context, clock: Clock, day: int, client: int, *lines: object) -> str:
    clock.day = START + timedelta(days=day)
    return issue_document(context, create_document(context, draft(client, "facture", *lines))).number  # type: ignore[arg-type]


@pytest.fixture
def period(billing: Context, clock: Clock) -> dict[str, str]:
    """A month of sales: two to a business, two to private people (one cancelled by a credit note), and one
    invoice of the next month that stays out."""
    shop, person = business_client(billing), person_client(billing)
    numbers = {
        "shop": _issue(billing, clock, 0, shop),
        "person": _issue(billing, clock, 3, person, line("Repas", "2", 1250, "10"), line("Vélo", "1", 3500, "20")),
        "person_again": _issue(billing, clock, 3, person, line("Vélo", "1", 950, "20")),
        "shop_late": _issue(billing, clock, 9, shop),
    }
    clock.day = START + timedelta(days=10)
    invoice = document_id_by_number(billing, numbers["person_again"])
    numbers["credit"] = issue_document(billing, credit_note_for(billing, invoice)).number
    _issue(billing, clock, 35, shop)  # in December
    clock.day = date(2026, 12, 10)
    return numbers


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_the_folder_holds_every_original_of_the_period_and_its_manifest(
    billing: Context, period: dict[str, str]
) -> None:
    handed = hand_over(billing, *PERIOD)
    assert handed.path == billing.workspace.exports_dir / "remise-plateforme_2026-11-01_2026-11-30"
    numbers = [period[name] for name in ("shop", "person", "person_again", "shop_late", "credit")]
    assert sorted(path.name for path in handed.path.iterdir()) == sorted(
        [f"{number}.pdf" for number in numbers] + [MANIFEST_NAME, DAILY_NAME]
    )
    manifest = _rows((handed.path / MANIFEST_NAME).read_bytes())
    assert [row["Numéro"] for row in manifest] == numbers
    for row in manifest:
        original = pdf_path(billing, row["Numéro"], 2026).read_bytes()
        handed_pdf = (handed.path / row["Fichier"]).read_bytes()
        assert handed_pdf == original
        assert row["SHA-256"] == hashlib.sha256(handed_pdf).hexdigest()
        detail = get_document(billing, document_id_by_number(billing, row["Numéro"]))
        assert row["SHA-256"] == detail.pdf_sha256
    assert {row["Circuit"] for row in manifest if row["SIREN du client"]} == {"facture électronique"}
    assert {row["Circuit"] for row in manifest if not row["SIREN du client"]} == {"e-reporting"}
    assert manifest[-1]["Type"] == "Avoir" and manifest[-1]["Facture corrigée"] == period["person_again"]
    assert (handed.document_count, handed.reported_count) == (5, 3)


def test_the_manifest_totals_are_those_of_the_sales_journal(billing: Context, period: dict[str, str]) -> None:
    manifest = _rows((hand_over(billing, *PERIOD).path / MANIFEST_NAME).read_bytes())
    journal = export_journals(billing, *PERIOD, billing.workspace.root / "journaux")
    sales = _rows(journal.sales_path.read_bytes())
    assert len(sales) == len(manifest)
    for handed, sold in zip(manifest, sales, strict=True):
        assert handed["Numéro"] == sold["Numéro"]
        amounts = [name for name in sold if name.startswith(("Base HT", "TVA", "Total"))]
        assert amounts and {name: handed[name] for name in amounts} == {name: sold[name] for name in amounts}
    total = sum(
        (-1 if row.kind == "avoir" else 1) * row.total.cents
        for row in list_documents(billing, DocumentQuery(date_from=PERIOD[0], date_to=PERIOD[1])).rows
    )
    assert hand_over(billing, *PERIOD, billing.workspace.root / "encore").total.cents == total


def test_the_daily_totals_of_private_sales_add_up_per_day_and_rate(billing: Context, period: dict[str, str]) -> None:
    daily = _rows((hand_over(billing, *PERIOD).path / DAILY_NAME).read_bytes())
    # 05/11: meals 25,00 € at 10 %, bikes 35,00 + 9,50 € at 20 %; 12/11: the credit note takes 9,50 € off.
    assert [(row["Date"], row["Taux de TVA"], row["Base HT"], row["TVA"], row["Nombre de documents"])
            for row in daily] == [
        ("05/11/2026", "20\u00a0%", "44,50", "8,90", "2"),
        ("05/11/2026", "10\u00a0%", "25,00", "2,50", "1"),
        ("12/11/2026", "20\u00a0%", "-9,50", "-1,90", "1"),
    ]  # fmt: skip
    person = get_document(billing, document_id_by_number(billing, period["person"]))
    at_ten = next(group for group in person.content.totals.groups if group.rate == Decimal(10))
    assert daily[1]["Base HT"] == amount_cell(at_ten.base.cents)
    assert all(row["Total TTC"] for row in daily)


def test_the_zip_holds_the_same_files_as_the_folder(billing: Context, period: dict[str, str]) -> None:
    folder = hand_over(billing, *PERIOD).path
    archive = hand_over(billing, *PERIOD, as_zip=True).path
    assert archive.name == "remise-plateforme_2026-11-01_2026-11-30.zip"
    with zipfile.ZipFile(archive) as opened:
        assert sorted(opened.namelist()) == sorted(path.name for path in folder.iterdir())
        for name in opened.namelist():
            assert opened.read(name) == (folder / name).read_bytes()


def test_a_changed_original_is_refused_and_nothing_is_written(billing: Context, period: dict[str, str]) -> None:
    original = pdf_path(billing, period["person"], 2026)
    original.write_bytes(original.read_bytes() + b"\n%")
    with pytest.raises(KpaError, match="son empreinte SHA-256 a changé"):
        hand_over(billing, *PERIOD)
    original.unlink()
    with pytest.raises(KpaError, match="kpa invoices pdfs"):
        hand_over(billing, *PERIOD, as_zip=True)
    assert list(billing.workspace.exports_dir.iterdir()) == []


def test_an_empty_period_a_reversed_one_and_a_second_hand_over_are_refused(
    billing: Context, period: dict[str, str]
) -> None:
    with pytest.raises(KpaError, match="rien à remettre"):
        hand_over(billing, date(2026, 10, 1), date(2026, 10, 31))
    with pytest.raises(Refused, match="inversez les dates"):
        hand_over(billing, PERIOD[1], PERIOD[0])
    hand_over(billing, *PERIOD)
    with pytest.raises(KpaError, match="existe déjà"):
        hand_over(billing, *PERIOD)


# The statuses the platform sends back ----------------------------------------------------------------------


def _statuses_file(folder: Path, *rows: str, header: str = "Numéro;Statut;Date;Motif") -> Path:
    path = folder / "statuts.csv"
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


def test_each_invoice_keeps_the_history_of_its_statuses(
    billing: Context, period: dict[str, str], tmp_path: Path
) -> None:
    shop, person = period["shop"], period["person"]
    first = _statuses_file(
        tmp_path, f"{shop};Déposée;03/11/2026;", f"{shop};REJECTED;2026-11-04T09:12:00;SIRET inconnu",
        f"{person};200;05/11/2026;",
    )  # fmt: skip
    report = import_statuses(billing, first)
    assert (report.saved, report.recorded, report.errors) == (True, 3, 0)
    assert [row.outcome for row in report.rows] == [NEW, NEW, NEW]
    second = _statuses_file(
        tmp_path, f"{shop};rejetée;04/11/2026;SIRET inconnu", f"{shop};mise_a_disposition;06/11/2026;",
        f"{shop};Encaissée;20/11/2026;",
    )  # fmt: skip
    again = import_statuses(billing, second)
    assert [row.outcome for row in again.rows] == [KNOWN, NEW, NEW] and again.recorded == 2
    detail = get_document(billing, document_id_by_number(billing, shop))
    assert [(s.day, s.status, s.reason) for s in detail.platform_statuses] == [
        (date(2026, 11, 3), DEPOSITED, ""),
        (date(2026, 11, 4), REJECTED, "SIRET inconnu"),
        (date(2026, 11, 6), AVAILABLE, ""),
        (date(2026, 11, 20), COLLECTED, ""),
    ]
    assert [s.label for s in detail.platform_statuses] == ["Déposée", "Rejetée", "Mise à disposition", "Encaissée"]


def test_a_file_with_one_wrong_row_records_nothing_and_says_what_each_row_lacks(
    billing: Context, period: dict[str, str], tmp_path: Path
) -> None:
    shop = period["shop"]
    path = _statuses_file(
        tmp_path,
        f"{shop};Déposée;03/11/2026;",
        "FA-2099-0001;Déposée;03/11/2026;",
        f"{shop};perdue;03/11/2026;",
        f"{shop};Déposée;31/02/2026;",
        f"{shop};Déposée;01/01/2027;",
        f"{shop};Rejetée;04/11/2026;",
        f"{shop};Déposée;01/10/2026;",
        "D-2026-0001;Déposée;03/11/2026;",
    )
    report = import_statuses(billing, path)
    assert (report.saved, report.recorded, report.errors) == (False, 0, 7)
    assert report.message.startswith("Rien n'a été enregistré")
    messages = {row.line: " ".join(row.messages) for row in report.rows if row.outcome == ERROR}
    assert "aucune facture ni aucun avoir émis ne porte le numéro « FA-2099-0001 »" in messages[3]
    assert "le statut dit « perdue »" in messages[4]
    assert "n'existe pas dans le calendrier" in messages[5]
    assert "après aujourd'hui" in messages[6]
    assert "une facture rejetée a un motif" in messages[7]
    assert "avant l'émission" in messages[8]
    assert "aucune facture ni aucun avoir émis" in messages[9]  # no quote in this workspace
    assert billing.database.read("SELECT count(*) FROM platform_status") == [(0,)]


def test_a_file_without_the_columns_is_refused_whole(billing: Context, period: dict[str, str], tmp_path: Path) -> None:
    path = _statuses_file(tmp_path, f"{period['shop']};Déposée", header="Numéro;Statut")
    with pytest.raises(KpaError, match="il manque : Date"):
        import_statuses(billing, path)


def test_a_check_records_nothing(billing: Context, period: dict[str, str], tmp_path: Path) -> None:
    report = import_statuses(billing, _statuses_file(tmp_path, f"{period['shop']};Déposée;03/11/2026;"), dry_run=True)
    assert report.rows[0].outcome == NEW and not report.saved
    assert billing.database.read("SELECT count(*) FROM platform_status") == [(0,)]


@pytest.mark.parametrize(
    "statement", ["UPDATE platform_status SET status = 'encaissee'", "DELETE FROM platform_status"]
)
def test_the_history_is_only_ever_added_to(
    billing: Context, period: dict[str, str], tmp_path: Path, statement: str
) -> None:
    import_statuses(billing, _statuses_file(tmp_path, f"{period['shop']};Déposée;03/11/2026;"))
    with cipher.connect(billing.workspace.database_file) as connection, pytest.raises(cipher.database_errors()):
        connection.execute(statement)


@pytest.mark.parametrize(
    ("said", "status"),
    [("Déposée", DEPOSITED), ("DEPOSEE", DEPOSITED), ("submitted", DEPOSITED), ("213", REJECTED),
     ("Refusée", REJECTED), ("Mise à disposition", AVAILABLE), ("made_available", AVAILABLE), ("203", AVAILABLE),
     ("encaissée", COLLECTED), ("Paid", COLLECTED), ("212", COLLECTED), ("perdue", None), ("", None)],
)  # fmt: skip
def test_the_platforms_spellings_of_a_status(said: str, status: str | None) -> None:
    assert status_of(said) == status
