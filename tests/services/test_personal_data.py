"""Personal-data rights: the right of access (JSON and PDF) and anonymisation that leaves no trace."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from kpa_local.domain.accounts import AccountForm, Actor
from kpa_local.domain.errors import KpaError
from kpa_local.domain.members import MemberDraft
from kpa_local.domain.profile import age_band, departement
from kpa_local.services.access import AccessDenied
from kpa_local.services.accounts import accounts_of, create_account
from kpa_local.services.audit import list_entries
from kpa_local.services.context import Context
from kpa_local.services.members import create_member, get_member, update_member
from kpa_local.services.personal_data import anonymise_due, anonymise_person, due_for_anonymisation, write_access_export
from tests.billing_support import change_settings

PHILOMENE = MemberDraft(
    "Zébulonnaz", "Philomène", date(2024, 3, 4), birth_date=date(1987, 3, 9), gender="femme",
    email="philomene.z@exemple.fr", phone="06 11 22 33 44", address="12 impasse des Lilas", postal_code="59200",
    city="Tourcoing", rqth="oui", notes="Suivie pour une dépression",
)  # fmt: skip
SECRETS = ("Zébulonnaz", "zebulonnaz", "ZEBULONNAZ", "Philomène", "philomene", "philomene.z@exemple.fr",
           "06 11 22 33 44", "0611223344", "1987-03-09", "09/03/1987", "impasse des Lilas", "Tourcoing",
           "tourcoing", "dépression")  # fmt: skip


def test_a_person_gets_everything_held_about_them_as_json_and_pdf(context: Context) -> None:
    person = create_member(context, PHILOMENE).id
    export = write_access_export(context, person)
    data = json.loads(export.json_path.read_text(encoding="utf-8"))
    assert data["personne"]["email"] == "philomene.z@exemple.fr" and data["personne"]["birth_date"] == "1987-03-09"
    assert [role["role"] for role in data["roles"]] == ["cooperant"]
    text = " ".join(page.extract_text() for page in PdfReader(export.pdf_path).pages)
    for value in ("Philomène ZÉBULONNAZ", "philomene.z@exemple.fr", "09/03/1987", "Tourcoing", "Coopérant·e",
                  "droit d'accès", "Suivie pour une dépression"):  # fmt: skip
        assert value in text, value
    assert ("rgpd.acces", f"person:{person}") in [(e.action, e.record) for e in list_entries(context, limit=5)]


def test_a_personal_data_export_is_named_without_the_person_and_readable_by_its_owner_only(context: Context) -> None:
    import os

    export = write_access_export(context, create_member(context, PHILOMENE).id)
    for path in (export.json_path, export.pdf_path):
        assert not [secret for secret in SECRETS if secret.lower() in str(path).lower()], path
        if os.name == "posix":  # modes are POSIX; on Windows the profile folder's rights keep files private
            assert oct(path.stat().st_mode & 0o777) == "0o600"
    if os.name == "posix":
        assert oct(export.pdf_path.parent.stat().st_mode & 0o777) == "0o700"


def test_a_cooperant_may_get_their_own_data_and_nobody_else_s(context: Context, tmp_path: object) -> None:
    own = create_member(context, PHILOMENE).id
    other = create_member(context, replace(PHILOMENE, last_name="Autre", first_name="Personne")).id
    as_her = replace(context, actor=Actor("Philomène Zébulonnaz", "cooperant", 5, own))
    write_access_export(as_her, own)
    with pytest.raises(AccessDenied):
        write_access_export(as_her, other)


def _database_bytes(context: Context) -> bytes:
    folder = context.workspace.database_file.parent
    return b"".join(path.read_bytes() for path in folder.glob("kpa.sqlite3*"))


def test_anonymisation_wipes_identity_for_good_and_keeps_the_statistics(context: Context) -> None:
    person = create_member(context, PHILOMENE).id
    create_account(context, AccountForm("Philomène Zébulonnaz", "philomene", "cooperant", "un mot de passe",
                                        "un mot de passe", person))  # fmt: skip
    with pytest.raises(KpaError, match="personne sortie"):
        anonymise_person(context, person)
    update_member(context, person, replace(PHILOMENE, exit_date=date(2025, 6, 30), exit_situation="emploi_cdi"))
    before = get_member(context, person)
    anonymise_person(context, person)
    after = get_member(context, person)
    assert (after.age_band, after.departement) == (before.age_band, before.departement)
    assert after.age_band == age_band(date(1987, 3, 9), date(2024, 3, 4)) and after.departement == departement("59200")
    assert after.form["rqth"] == "oui" and after.exit_date == date(2025, 6, 30)
    data = _database_bytes(context)
    for secret in SECRETS:
        assert secret.encode() not in data, secret
    account = accounts_of(context.workspace).find(login="philomene")
    assert account is None
    assert "philomene" not in str([row.name for row in accounts_of(context.workspace).all()]).lower()
    with pytest.raises(KpaError, match="déjà anonymisée"):
        anonymise_person(context, person)
    assert ("rgpd.anonymisation", f"person:{person}") in [(e.action, e.record) for e in list_entries(context, limit=5)]


def test_people_past_the_retention_period_are_anonymised_and_only_them(context: Context) -> None:
    old = create_member(context, replace(PHILOMENE, entry_date=date(2019, 1, 7), exit_date=date(2021, 5, 31))).id
    recent = create_member(context, replace(PHILOMENE, last_name="Récent", exit_date=date(2025, 6, 30))).id
    staying = create_member(context, replace(PHILOMENE, last_name="Présent")).id
    assert due_for_anonymisation(context) == [old]  # 60 months after 31/05/2021 is before 26/11/2026
    assert anonymise_due(context) == [old]
    assert get_member(context, old).last_name == "Anonyme"
    assert [get_member(context, pid).last_name for pid in (recent, staying)] == ["Récent", "Présent"]
    assert due_for_anonymisation(context) == []


@pytest.mark.parametrize("automatic", [False, True])
def test_automatic_retention_anonymises_when_coordination_opens_the_kpa(context: Context, automatic: bool) -> None:
    from kpa_local.services.workspaces import open_workspace
    from tests.conftest import frozen_today

    old = create_member(context, replace(PHILOMENE, entry_date=date(2019, 1, 7), exit_date=date(2021, 5, 31))).id
    workspace = context.workspace
    context.close()
    change_settings(workspace, {"retention": {"automatic": automatic}})
    contributor = open_workspace(workspace, clock=frozen_today, actor=Actor("Karim", "contributeur", 2))
    assert get_member(contributor, old).last_name == "Zébulonnaz"  # only coordination's opening does it
    contributor.close()
    reopened = open_workspace(workspace, clock=frozen_today)
    try:
        assert (get_member(reopened, old).last_name == "Anonyme") is automatic
        assert bool(list_entries(reopened, action="rgpd.anonymisation")) is automatic
    finally:
        reopened.close()


def test_the_pdf_names_the_partner_and_shows_no_number_of_the_database(context: Context) -> None:
    from dataclasses import replace

    from kpa_local.services.members import add_partner

    partner = add_partner(context, "Mission locale de Tourcoing", "mission_locale")
    person = create_member(context, replace(PHILOMENE, partner_id=partner.id)).id
    export = write_access_export(context, person)
    text = " ".join(page.extract_text() for page in PdfReader(export.pdf_path).pages)
    assert "Mission locale de Tourcoing" in text
    assert "(numéro)" not in text and "partner_id" not in text and "person_id" not in text
    data = json.loads(export.json_path.read_text(encoding="utf-8"))
    assert data["personne"]["partner_id"] == partner.id  # the JSON keeps everything held
