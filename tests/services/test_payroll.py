"""The demande de versement: each validated sharing-out of the demo asks the CAE for what it stored, to the cent."""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from kpa_local.domain.accounts import Actor
from kpa_local.domain.dates import Quarter
from kpa_local.domain.errors import KpaError, Refused
from kpa_local.domain.periods import Period
from kpa_local.fmt import money_fr
from kpa_local.services.access import AccessDenied
from kpa_local.services.audit import list_entries
from kpa_local.services.context import Context
from kpa_local.services.demo import DEMO_KPA, DEMO_PORTAGE
from kpa_local.services.payroll import write_payroll_request


@dataclass(frozen=True)
class Stored:
    """A validated sharing-out as the database keeps it, read with plain SQL: the figures to match."""

    id: int
    period: Period
    shared: int
    savings: int
    decided_on: date
    decision: str
    shares: dict[int, tuple[tuple[str, str], int, int]]  # person: (first and last name), minutes, cents


def _stored(context: Context) -> list[Stored]:
    sharings = context.database.read(
        "SELECT id, period_start, period_end, shared_cents, savings_cents, decided_on, decision_ref FROM sharing "
        "ORDER BY period_start"
    )
    names = {row[0]: (row[1], row[2]) for row in context.database.read("SELECT id, first_name, last_name FROM person")}
    stored = []
    for sharing_id, start, end, shared, savings, decided_on, decision in sharings:
        shares = context.database.read(
            "SELECT person_id, minutes, amount_cents FROM sharing_share WHERE sharing_id = :id", {"id": sharing_id}
        )
        period = Period(date.fromisoformat(str(start)), date.fromisoformat(str(end)))
        people = {person_id: (names[person_id], minutes, cents) for person_id, minutes, cents in shares}
        stored.append(
            Stored(sharing_id, period, shared, savings, date.fromisoformat(str(decided_on)), decision, people)
        )
    return stored


def _cents(cell: str) -> int:
    """`1234,56` or `-12,50` in cents, refusing any other shape."""
    sign = -1 if cell.startswith("-") else 1
    euros, comma, cents = cell.lstrip("-").partition(",")
    assert comma and euros.isdigit() and len(cents) == 2 and cents.isdigit(), cell
    return sign * (int(euros) * 100 + int(cents))


def _csv_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode()), "a spreadsheet reads accents right only with the BOM"
    return list(csv.DictReader(data.decode("utf-8-sig").splitlines(), delimiter=";"))


def _pdf_lines(path: Path) -> list[str]:
    """The PDF's text as it is laid out: a row of a table on one line."""
    text = "\n".join(page.extract_text(extraction_mode="layout") for page in PdfReader(path).pages)
    return [" ".join(line.replace("\u00a0", " ").split()) for line in text.splitlines() if line.strip()]


def _euros(cents: object) -> str:
    return money_fr(int(str(cents))).replace("\u00a0", " ").replace("\u202f", " ")


def test_every_validated_sharing_out_asks_the_cae_for_what_it_stored(demo: Context) -> None:
    stored = _stored(demo)
    assert len(stored) >= 2 and any(sharing.shares for sharing in stored), "the demo validates several months"
    for sharing in stored:
        period = sharing.period
        written = write_payroll_request(demo, period)
        assert (written.pdf_path.name, written.csv_path.name) == (
            f"demande-versement-{period.code}.pdf", f"demande-versement-{period.code}.csv"
        )  # fmt: skip
        assert written.pdf_path.parent == demo.workspace.exports_dir
        rows = _csv_rows(written.csv_path)
        assert sum(_cents(row["montant"]) for row in rows) == sharing.shared
        assert {int(row["numero_fiche"]): ((row["prenom"], row["nom"]), int(row["minutes"]), _cents(row["montant"]))
                for row in rows} == sharing.shares  # fmt: skip
        for row in rows:
            assert _cents(row["total_repartition"]) == sharing.shared
            assert _cents(row["epargne_collective"]) == sharing.savings
            assert row["periode"] == period.code and row["reference_decision"] == f"{DEMO_KPA['code']}-{period.code}"
            assert row["date_decision"] == f"{sharing.decided_on:%d/%m/%Y}" and row["decision"] == sharing.decision
            assert row["siret_cae"] == DEMO_PORTAGE["siret"] and row["contrat"] in ("CAPE", "CESA")
            hours, _, hundredths = row["heures"].partition(",")
            assert abs(int(hours) * 60 + int(hundredths) * 60 / 100 - int(row["minutes"])) < 0.6
        lines = _pdf_lines(written.pdf_path)
        for (first_name, last_name), _minutes, cents in sharing.shares.values():
            [line] = [line for line in lines if line.startswith(f"{first_name} {last_name.upper()} ")]
            assert line.endswith(_euros(cents)), line
        [total] = [line for line in lines if line.startswith("Total à verser")]
        assert total.endswith(_euros(sharing.shared)) and f" {len(sharing.shares)} personne" in total
        assert any(line.endswith(f"Partagé entre les personnes {_euros(sharing.shared)}") for line in lines)
        text = " ".join(lines)
        assert ("il n'y a rien à verser pour cette période" in text) == (not sharing.shares)
        assert f"Contribution de cette répartition : {_euros(sharing.savings)}" in text
        assert DEMO_PORTAGE["name"] in text and f"{DEMO_KPA['code']}-{period.code}" in text
        entries = [(entry.action, entry.record) for entry in list_entries(demo, limit=3)]
        assert ("export.demande_versement", f"sharing:{sharing.id}") in entries


def test_the_files_can_go_to_another_folder(demo: Context, tmp_path: Path) -> None:
    period = _stored(demo)[0].period
    folder = tmp_path / "pour la CAE"
    written = write_payroll_request(demo, period, folder)
    assert sorted(path.name for path in folder.iterdir()) == [written.csv_path.name, written.pdf_path.name]
    assert not list(demo.workspace.exports_dir.glob("demande-versement-*"))


def _nothing_written(context: Context) -> bool:
    return not list(context.workspace.exports_dir.glob("demande-versement-*"))


def test_a_period_without_a_validated_sharing_out_is_refused_with_what_to_do(demo: Context) -> None:
    with pytest.raises(Refused) as refused:
        write_payroll_request(demo, Period.parse("novembre 2026"))
    assert "La répartition de novembre 2026 n'est pas validée" in refused.value.message
    assert "Validez d'abord la répartition" in refused.value.message
    assert _nothing_written(demo)


def test_a_quarter_whose_months_were_validated_one_by_one_names_them(demo: Context) -> None:
    stored = _stored(demo)
    quarter = Period.quarter(Quarter.of(stored[0].period.start))
    inside = [sharing.period for sharing in stored if quarter.start <= sharing.period.start <= quarter.end]
    with pytest.raises(Refused) as refused:
        write_payroll_request(demo, quarter)
    message = refused.value.message
    assert message.startswith(f"Aucune répartition validée ne porte exactement sur {quarter.label}")
    assert all(month.of_label in message for month in inside)
    assert ("chacune de ces périodes" if len(inside) > 1 else "cette période-là") in message
    assert _nothing_written(demo)


def test_only_accounts_that_read_the_members_may_write_it(demo: Context) -> None:
    period = _stored(demo)[0].period
    demo.actor = Actor("Awa", "cooperant", account_id=3, person_id=1)
    with pytest.raises(AccessDenied) as denied:
        write_payroll_request(demo, period)
    assert "voir les fiches des membres" in denied.value.message
    assert _nothing_written(demo)


def test_the_cae_must_be_named_with_its_siret(demo: Context) -> None:
    period = _stored(demo)[0].period
    demo.settings = replace(demo.settings, portage=replace(demo.settings.portage, siret=""))
    with pytest.raises(KpaError) as refused:
        write_payroll_request(demo, period)
    assert refused.value.message.startswith("Une demande de versement doit nommer la coopérative (CAE)")
    assert "le SIRET de la structure de portage" in refused.value.message
    assert _nothing_written(demo)
