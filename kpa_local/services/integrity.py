"""The integrity check: is the database whole, and do the invoices, their numbers and their PDFs agree?

Each finding is a French sentence saying what is wrong, and another saying what to do.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kpa_local.domain.billing import QUOTE, document_totals
from kpa_local.domain.text import count_text, plural
from kpa_local.files import FileRefused, file_digest
from kpa_local.services.access import Permission, require
from kpa_local.services.context import Context

RESTORE = "Restaurez la dernière sauvegarde vérifiée (« kpa restore FICHIER ») et n'émettez rien avant."
KEEP_AND_REPORT = (
    "Ne supprimez et ne renumérotez rien : notez l'incident par écrit pour le comptable de la CAE "
    "et restaurez une sauvegarde qui le contient si vous en avez une."
)


@dataclass(frozen=True)
class Finding:
    """Something wrong, and what to do about it."""

    problem: str
    action: str


@dataclass(frozen=True)
class CheckReport:
    """The findings, and what was looked at."""

    findings: tuple[Finding, ...]
    checked: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.findings


def _database(context: Context) -> Iterator[Finding]:
    if context.database.on_server:
        yield from _server(context)
        return
    rows = [row[0] for row in context.database.read("PRAGMA integrity_check")]
    if rows != ["ok"]:
        yield Finding(f"La base de données est abîmée : {rows[0]}.", RESTORE)


SERVER_GUARDS = (
    "Sur le serveur, le propriétaire des tables recrée les protections : kpa database upgrade --owner ADRESSE "
    "(voir le README, « La KPA sur un serveur PostgreSQL »)."
)


def _server(context: Context) -> Iterator[Finding]:
    """On a server: every guard of the database there and on, and the app's role owning nothing."""
    from kpa_local.db.guards import NAMES
    from kpa_local.services.server_setup import role_problem

    problem = role_problem(context.database)
    if problem:
        yield Finding(problem, "Changez le rôle de l'adresse dans config/kpa.toml, puis relancez kpa check.")
    found = dict(context.database.read("SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal"))
    missing = sorted(name for name in NAMES if name not in found)
    off = sorted(name for name in NAMES if found.get(name, "O") != "O")
    if missing:
        yield Finding(f"Des protections de la base manquent sur le serveur : {', '.join(missing)}.", SERVER_GUARDS)
    if off:
        yield Finding(f"Des protections de la base sont désactivées sur le serveur : {', '.join(off)}.", SERVER_GUARDS)


def _links(context: Context) -> Iterator[Finding]:
    if context.database.on_server:  # the server checks every link at each change, and none can be turned off
        return
    broken: dict[str, int] = defaultdict(int)
    for row in context.database.read("PRAGMA foreign_key_check"):
        broken[str(row[0])] += 1
    for table, count in sorted(broken.items()):
        yield Finding(
            f"{count_text(count, 'ligne')} de la table {table} {plural(count, 'renvoie', 'renvoient')} "
            "à des données qui n'existent plus.",
            RESTORE,
        )


def _series(context: Context) -> Iterator[Finding]:
    numbers: dict[tuple[str, int], list[int]] = defaultdict(list)
    for series, year, seq in context.database.read(
        "SELECT series, year, seq FROM document WHERE seq IS NOT NULL AND kind != :quote", {"quote": QUOTE}
    ):
        numbers[(str(series), int(year))].append(int(seq))
    quote_series = {str(row[0]) for row in context.database.read(
        "SELECT DISTINCT series FROM document WHERE kind = :quote AND series IS NOT NULL", {"quote": QUOTE}
    )} | {context.settings.billing.quote_prefix}  # fmt: skip
    last = {
        (str(series), int(year)): int(last_seq)
        for series, year, last_seq in context.database.read("SELECT series, year, last_seq FROM number_series")
        if str(series) not in quote_series
    }
    for key in sorted(set(numbers) | set(last)):
        series, year = key
        given = Counter(numbers.get(key, []))
        top = max(last.get(key, 0), max(given, default=0))
        missing = sorted(set(range(1, top + 1)) - set(given))
        twice = sorted(seq for seq, times in given.items() if times > 1)
        if missing:
            shown = ", ".join(str(seq) for seq in missing[:10]) + (" …" if len(missing) > 10 else "")
            numbers_word = plural(len(missing), "le numéro", "les numéros")
            yield Finding(f"Dans la série {series} de {year}, il manque {numbers_word} {shown}.", KEEP_AND_REPORT)
        if twice:
            shown = ", ".join(str(seq) for seq in twice)
            yield Finding(f"Dans la série {series} de {year}, {plural(len(twice), 'le numéro', 'les numéros')} {shown} "
                          f"{plural(len(twice), 'est donné', 'sont donnés')} deux fois.", RESTORE)  # fmt: skip


def _totals(context: Context) -> Iterator[Finding]:
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from kpa_local.db.models import Document
    from kpa_local.services.content import line_from_row

    franchise = context.settings.billing.franchise
    documents = select(Document).options(selectinload(Document.lines)).order_by(Document.id)
    with context.database.unit_of_work() as session:
        frozen = dict(context.database.read("SELECT document_id, content_json FROM frozen_content"))
        for document in session.scalars(documents.execution_options(yield_per=500)):
            content_json = frozen.get(document.id)
            # An issued document keeps the VAT regime it was issued under, whatever the settings say now.
            charged = franchise if content_json is None else json.loads(content_json)["terms"]["franchise"]
            totals = document_totals([line_from_row(row) for row in document.lines], franchise=charged)
            stored = (document.total_net_cents, document.total_vat_cents, document.total_cents)
            if stored != (totals.lines_net.cents, totals.vat.cents, totals.with_vat.cents):
                name = document.number or f"brouillon n° {document.id}"
                yield Finding(
                    f"Les totaux enregistrés de {name} ne sont pas la somme de ses lignes.",
                    RESTORE if document.number and document.kind != QUOTE else "Ouvrez le brouillon et enregistrez-le.",
                )


def _server_pdfs(context: Context) -> Iterator[Finding]:
    """On a server: each issued document's original in the database, its hash computed there; a local copy
    may be missing (it is written when opened), never different."""
    from kpa_local.services.issuing import pdf_path

    rows = context.database.read(
        "SELECT d.number, d.issue_date, d.kind, d.pdf_sha256, p.sha256, encode(sha256(p.pdf), 'hex') "
        "FROM document d LEFT JOIN document_pdf p ON p.document_id = d.id WHERE d.pdf_sha256 IS NOT NULL ORDER BY d.id"
    )
    for number, day, kind, recorded, kept, actual in rows:
        if kept is None:
            yield Finding(
                f"L'original du PDF de {number} n'est pas sur le serveur.",
                f"Sur le poste qui l'a émis, faites « kpa invoice pdf {number} » puis « kpa check » ; sinon, "
                "prévenez la coordination.",
            )
        elif kept != recorded or actual != recorded:
            yield Finding(f"L'original du PDF de {number} a été modifié sur le serveur.", RESTORE)
        path = pdf_path(context, str(number), int(str(day)[:4]), str(kind))
        if path.is_file() and file_digest(path) != recorded:
            yield Finding(
                f"Le PDF de {number} a été modifié sur ce poste ({path}).",
                f"Supprimez ce fichier : « kpa invoice pdf {number} » le réécrit depuis l'original du serveur.",
            )


def _pdfs(context: Context) -> Iterator[Finding]:
    if context.database.on_server:
        yield from _server_pdfs(context)
        return
    from kpa_local.services.issuing import pdf_path

    rows = context.database.read(
        "SELECT number, issue_date, kind, pdf_sha256 FROM document WHERE pdf_sha256 IS NOT NULL ORDER BY id"
    )
    for number, day, kind, recorded in rows:  # the folder is the year (a series may never reset)
        path = pdf_path(context, str(number), int(str(day)[:4]), str(kind))
        try:
            digest = file_digest(path)
        except FileRefused:
            yield Finding(
                f"Le PDF de {number} manque ({path}).",
                f"Remettez-le depuis une sauvegarde du dossier invoices/, ou faites « kpa invoice pdf {number} ».",
            )
            continue
        if digest != recorded:
            yield Finding(
                f"Le PDF de {number} a été modifié depuis son émission ({path}).",
                f"Remettez l'original depuis une sauvegarde, ou refaites-le avec « kpa invoice pdf {number} ».",
            )


def _witnesses(context: Context) -> Iterator[Finding]:
    """A database behind the marks file, a backup's card or the PDFs: it was replaced by an older copy."""
    from kpa_local.services.marks import check_rollback

    rollback = check_rollback(context)
    if rollback is not None:
        yield Finding(rollback.text, rollback.action)


def _orphan_pdfs(context: Context) -> Iterator[Finding]:
    """PDFs of invoices/ that no document of the database owns."""
    from kpa_local.services.issuing import pdf_path
    from kpa_local.services.marks import RECOVER_COMMAND

    owned = {
        pdf_path(context, str(number), int(str(day)[:4]), str(kind)).resolve()
        for number, day, kind in context.database.read(
            "SELECT number, issue_date, kind FROM document WHERE number IS NOT NULL AND issue_date IS NOT NULL "
            "AND kind != 'devis'"
        )
    }
    folder = context.workspace.invoices_dir
    for path in sorted(folder.glob("*/*.pdf")):  # quotes, under devis/, are drafts of no legal weight
        if path.resolve() not in owned:
            yield Finding(
                f"Le PDF {path} n'a aucun document dans la base.",
                f"Ne le supprimez pas : si la base a été remplacée par une copie plus ancienne, « {RECOVER_COMMAND} » "
                "ressaisit les factures depuis leurs PDF ; sinon, prévenez la coordination.",
            )


def _audit(context: Context) -> Iterator[Finding]:
    from kpa_local.services.audit import verify_trail

    broken = verify_trail(context, witnesses=False)
    if broken is not None:
        yield Finding(
            broken.text,
            "Quelqu'un a touché au journal en dehors de kpa_local : gardez le fichier tel quel, prévenez la "
            "coordination et comparez avec la dernière sauvegarde.",
        )


def _sharings(context: Context) -> Iterator[Finding]:
    """Each validated sharing-out: its shares add up to what it shared, its savings contribution is posted."""
    read = context.database.read
    for start, shared, shares, savings, posted in read(
        "SELECT s.period_start, s.shared_cents, (SELECT coalesce(sum(amount_cents), 0) FROM sharing_share "
        "WHERE sharing_id = s.id), s.savings_cents, (SELECT coalesce(sum(amount_cents), 0) FROM savings_entry "
        "WHERE sharing_id = s.id) FROM sharing s ORDER BY s.period_start"
    ):
        if int(shares) != int(shared) or int(posted) != int(savings):
            yield Finding(
                f"La répartition validée qui commence le {str(start)[:10]} ne tombe pas juste (parts ou "
                "contribution à l'épargne) : elle a été modifiée en dehors de kpa_local.",
                RESTORE,
            )
    running = 0
    for (cents,) in read("SELECT amount_cents FROM savings_entry ORDER BY day, id"):
        running += int(cents)
        if running < 0:
            yield Finding(
                "Le solde de l'épargne collective passe sous zéro à une date : une écriture a été ajoutée ou "
                "changée en dehors de kpa_local.",
                RESTORE,
            )
            return


def _people_twice(context: Context) -> Iterator[Finding]:
    """People recorded twice before an identity was unique (migration 0008 marked the later records)."""
    from kpa_local.domain.members import DUPLICATE_MARK

    marked = context.database.read(
        "SELECT id, first_name, last_name, identity_key FROM person WHERE identity_key LIKE :marked ORDER BY id",
        {"marked": f"%{DUPLICATE_MARK}%"},
    )
    for person_id, first_name, last_name, key in marked:
        firsts = context.database.read(
            "SELECT id FROM person WHERE identity_key = :key", {"key": str(key).split(DUPLICATE_MARK)[0]}
        )
        first = int(firsts[0][0]) if firsts else None
        again = f"la fiche n° {first}" if first is not None else "une autre fiche"
        yield Finding(
            f"{first_name} {last_name} est enregistré·e deux fois : la fiche n° {person_id} répète {again} "
            "(même nom, même date de naissance).",
            "Comparez les deux fiches, recopiez dans la première ce qui ne s'y trouve pas, puis demandez à la "
            "coordination de faire sortir ou anonymiser la seconde ; rien n'a été supprimé.",
        )


CHECKS: tuple[tuple[str, Callable[[Context], Iterator[Finding]]], ...] = (
    ("la base de données", _database),
    ("les liens entre les tables", _links),
    ("les séries de numéros de factures et d'avoirs", _series),
    ("les totaux de chaque document", _totals),
    ("les PDF émis et leur empreinte", _pdfs),
    ("les personnes enregistrées deux fois", _people_twice),
    ("les PDF sans document", _orphan_pdfs),
    ("les témoins de la base (repères, fiches des sauvegardes, PDF)", _witnesses),
    ("les répartitions validées et l'épargne collective", _sharings),
    ("le journal des actions", _audit),
)


def check_workspace(context: Context) -> CheckReport:
    """Run every check; a damaged database file stops the others (they could not be trusted)."""
    require(context, Permission.CHECK)
    findings: list[Finding] = []
    checked: list[str] = []
    for label, check in CHECKS:
        checked.append(label)
        findings.extend(check(context))
        if findings and check is _database:
            break
    return CheckReport(tuple(findings), tuple(checked))
