"""Importing members from a spreadsheet: checked row by row, saved all at once or not at all."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kpa_local.db.models import Partner, Person, RoleSpell
from kpa_local.domain.contracts import ContractTerms, check_contract
from kpa_local.domain.text import count_text, fold, plural
from kpa_local.exchange.members_csv import ImportedRow, partner_kind, read_members_file, write_example
from kpa_local.services.access import Permission, require
from kpa_local.services.context import Context
from kpa_local.services.import_rows import DUPLICATE, ERROR, NEW, RowSorter
from kpa_local.services.members import apply_draft, contract_row, identity_key
from kpa_local.services.views import ImportReport, ImportRowReport

PRESENT = "déjà présent"


def import_members(context: Context, path: Path, *, only_valid: bool = False, dry_run: bool = False,
                   sheet: str | None = None) -> ImportReport:  # fmt: skip
    """Check every row of a members spreadsheet; save the new people unless told not to.

    The spreadsheet is a CSV file or a sheet of an .xlsx or .ods workbook: `sheet`, or its first one.
    With any row in error nothing is saved, unless `only_valid` asks to import the valid rows.
    People already recorded (same name and birth date) are recognised and left as they are.
    """
    require(context, Permission.IMPORT_MEMBERS)
    imported = read_members_file(path, today=context.today(), sheet_name=sheet)
    cap = context.settings.members.cape_max_months
    # The write lock is taken before the people already recorded are read: an import started at the
    # same moment (another window, another account) waits, then finds them, instead of adding them again.
    with context.database.unit_of_work(immediate=not dry_run) as session:
        keys = {row.line: _key(row) for row in imported.rows if row.draft}
        known = set(session.scalars(select(Person.identity_key).where(Person.identity_key.in_(keys.values()))))
        reports: list[ImportRowReport] = []
        to_save: list[ImportedRow] = []
        sorter = RowSorter(
            known, (PRESENT, "Cette personne est déjà enregistrée."), "Même personne qu'à la ligne {line}."
        )
        for row in imported.rows:
            problems = list(row.problems)
            terms = _terms(row)
            if terms and row.draft:
                problems.extend(p.message for p in check_contract(terms, [], cape_cap_months=cap))
            if problems:
                reports.append(ImportRowReport(row.line, row.name, ERROR, tuple(problems)))
                continue
            reports.append(sorter.sort(row.line, row.name, keys[row.line]))
            if reports[-1].outcome == NEW:
                to_save.append(row)
        errors = sum(1 for r in reports if r.outcome == ERROR)
        save = not dry_run and (errors == 0 or only_valid) and bool(to_save)
        if save:
            _save(session, to_save)
    present = sum(1 for r in reports if r.outcome == PRESENT)
    duplicates = sum(1 for r in reports if r.outcome == DUPLICATE)
    return ImportReport(
        rows=tuple(reports),
        recognised_columns=imported.columns,
        ignored_columns=imported.ignored,
        created=len(to_save) if save else 0,
        already_present=present,
        duplicates=duplicates,
        errors=errors,
        saved=save,
        message=_summary(len(to_save), present, duplicates, errors, save=save, dry_run=dry_run, only_valid=only_valid),
        sheet=imported.sheet_name,
        other_sheets=tuple(name for name in imported.sheet_names if name != imported.sheet_name),
    )


def _key(row: ImportedRow) -> str:
    assert row.draft is not None
    return identity_key(row.draft.last_name, row.draft.first_name, row.draft.birth_date)


def _terms(row: ImportedRow) -> ContractTerms | None:
    if not row.contract or row.draft is None:
        return None
    return ContractTerms(row.contract, row.contract_start or row.draft.entry_date)


def _save(session: Session, rows: list[ImportedRow]) -> None:
    partners = {fold(p.name): p for p in session.scalars(select(Partner))}
    now = datetime.now()
    for row in rows:
        assert row.draft is not None
        draft = row.draft
        if row.partner_name:
            partner = partners.get(fold(row.partner_name))
            if partner is None:
                partner = Partner(name=row.partner_name, kind=partner_kind(row.partner_name))
                session.add(partner)
                session.flush()
                partners[fold(row.partner_name)] = partner
            draft = replace(draft, partner_id=partner.id)
        person = Person(created_at=now)
        apply_draft(person, draft, now)
        person.roles.append(RoleSpell(role=row.role, start_date=draft.entry_date, end_date=draft.exit_date))
        terms = _terms(row)
        if terms:
            person.contracts.append(contract_row(terms, left_on=draft.exit_date))
        session.add(person)


def _summary(new: int, present: int, duplicates: int, errors: int, *, save: bool, dry_run: bool,
             only_valid: bool) -> str:  # fmt: skip
    """One sentence that counts every kind of row: new people, people already known, repeats, refusals."""
    parts = [count_text(new, "nouvelle personne", "nouvelles personnes")]
    if present:
        parts.append(count_text(present, "personne déjà enregistrée", "personnes déjà enregistrées"))
    if duplicates:
        parts.append(count_text(duplicates, "ligne en double", "lignes en double") + " dans le fichier")
    if errors:
        parts.append(count_text(errors, "ligne refusée", "lignes refusées"))
    counts = ", ".join(parts) + "."
    if dry_run:
        return f"Vérification seulement, rien n'a été enregistré : {counts}"
    if save:
        skipped = plural(errors, " La ligne refusée n'a pas été importée.",
                         " Les lignes refusées n'ont pas été importées.")  # fmt: skip
        return f"Import terminé : {counts}{skipped if errors else ''}"
    if errors and not only_valid:
        return (
            f"Rien n'a été importé : {counts} Corrigez {plural(errors, 'la ligne refusée', 'les lignes refusées')} "
            "dans le fichier, ou importez seulement les lignes valables."
        )
    return f"Rien de nouveau à importer : {counts}"


def write_import_example(path: Path) -> None:
    """Write the example spreadsheet that shows the expected columns."""
    write_example(path)
