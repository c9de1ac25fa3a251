"""Clients: who the KPA sells to, checked as French law and Factur-X need them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from kpa_local.db.french_order import french
from kpa_local.db.models import Client, Document
from kpa_local.domain.billing import CLIENT_KINDS, PUBLIC_KIND
from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.profile import is_valid_postal_code
from kpa_local.domain.public_buyers import BUYER_REFERENCE_LENGTH
from kpa_local.domain.text import fold
from kpa_local.services.access import Permission, require
from kpa_local.services.context import Context
from kpa_local.services.rows import get_or_refuse

CLIENT_FIELDS = (
    "kind",
    "name",
    "address",
    "postal_code",
    "city",
    "contact",
    "email",
    "phone",
    "siren",
    "siret",
    "vat_number",
    "service_code",
    "requires_service_code",
    "requires_order_number",
)
TICKS = ("requires_service_code", "requires_order_number")
YES = "oui"


@dataclass(frozen=True)
class ClientView:
    """A client as screens and documents show it."""

    id: int
    kind: str
    name: str
    address: str
    postal_code: str
    city: str
    contact: str
    email: str
    phone: str
    siren: str
    siret: str
    vat_number: str
    archived: bool
    document_count: int = 0
    service_code: str = ""
    requires_service_code: bool = False
    requires_order_number: bool = False

    @property
    def kind_label(self) -> str:
        """`Entreprise`, `Particulier`…"""
        return CLIENT_KINDS.get(self.kind, self.kind)

    def values(self) -> dict[str, str]:
        """The texts of the client form (a tick: « oui » or « non »)."""
        texts = {name: str(getattr(self, name)) for name in CLIENT_FIELDS if name not in TICKS}
        return texts | {name: YES if getattr(self, name) else "non" for name in TICKS}


def _check_identifiers(values: dict[str, str], problems: list[Problem]) -> None:
    from kpa_local.identifiers import IdentifierError, check_identifier

    checks = (("siren", "siren", "Le SIREN"), ("siret", "siret", "Le SIRET"),
              ("vat_number", "vat", "Le numéro de TVA intracommunautaire"))  # fmt: skip
    for name, kind, called in checks:
        if values[name]:
            try:
                values[name] = check_identifier(kind, values[name])
            except IdentifierError as error:
                problems.append(Problem(name, f"{called} n'est pas valable : {error.reason}."))
    if values["siren"] and values["siret"] and not values["siret"].startswith(values["siren"]):
        problems.append(Problem("siret", "Le SIRET doit commencer par le SIREN du client."))
    if values["siret"] and not values["siren"] and not any(p.field == "siret" for p in problems):
        values["siren"] = values["siret"][:9]


def read_client_form(form: Mapping[str, str]) -> dict[str, str | bool]:
    """The client's fields, cleaned and checked, or a refusal listing every problem."""
    values = {name: " ".join(form.get(name, "").split()) for name in CLIENT_FIELDS if name not in TICKS}
    values["address"] = "\n".join(line.strip() for line in form.get("address", "").splitlines() if line.strip())
    problems: list[Problem] = []
    if values["kind"] not in CLIENT_KINDS:
        problems.append(Problem("kind", "Choisissez le genre de client : particulier, entreprise, association…"))
    if not values["name"]:
        problems.append(Problem("name", "Indiquez le nom du client (ou de la personne)."))
    if not values["address"] or not values["city"]:
        problems.append(Problem("address", "Indiquez l'adresse de facturation : rue, code postal et ville."))
    if values["postal_code"] and not is_valid_postal_code(values["postal_code"]):
        problems.append(Problem("postal_code", "Le code postal doit faire 5 chiffres."))
    if values["email"] and "@" not in values["email"]:
        problems.append(Problem("email", "L'adresse e-mail doit contenir un @."))
    _check_identifiers(values, problems)
    if values["kind"] == "entreprise" and not values["siren"] and not any(p.field == "siren" for p in problems):
        problems.append(
            Problem("siren", "Une entreprise cliente doit avoir son SIREN sur les factures : indiquez-le (9 chiffres).")
        )
    public = values["kind"] == PUBLIC_KIND
    if public and not values["siret"] and not any(p.field == "siret" for p in problems):
        problems.append(
            Problem(
                "siret",
                "Une collectivité reçoit ses factures par Chorus Pro, qui la reconnaît à son SIRET : indiquez-le "
                "(14 chiffres, sur l'annuaire de Chorus Pro ou un bon de commande).",
            )
        )
    if len(values["service_code"]) > BUYER_REFERENCE_LENGTH:
        problems.append(Problem("service_code", f"Le code service fait au plus {BUYER_REFERENCE_LENGTH} caractères."))
    if problems:
        raise Refused(problems)
    ticks = {name: public and form.get(name, "").strip() == YES for name in TICKS}
    # Only a public buyer has a Chorus Pro service code.
    return values | {"service_code": values["service_code"] if public else ""} | ticks


def _view(client: Client, document_count: int = 0) -> ClientView:
    return ClientView(
        id=client.id,
        kind=client.kind,
        name=client.name,
        address=client.address,
        postal_code=client.postal_code,
        city=client.city,
        contact=client.contact,
        email=client.email,
        phone=client.phone,
        siren=client.siren,
        siret=client.siret,
        vat_number=client.vat_number,
        archived=client.archived,
        document_count=document_count,
        service_code=client.service_code,
        requires_service_code=client.requires_service_code,
        requires_order_number=client.requires_order_number,
    )


def save_client(context: Context, form: Mapping[str, str], client_id: int | None = None) -> ClientView:
    """Create a client, or change one; nothing is saved if any field is wrong."""
    require(context, Permission.EDIT_BILLING)
    values = read_client_form(form)
    with context.database.unit_of_work() as session:
        if client_id is None:
            client = Client(created_at=datetime.now(), archived=False, country="FR", **values)
            session.add(client)
        else:
            client = get_or_refuse(session, Client, client_id, "Ce client n'existe plus.")
            for name, value in values.items():
                setattr(client, name, value)
        session.flush()
        return _view(client)


def get_client(context: Context, client_id: int) -> ClientView:
    """One client, with how many documents name them."""
    require(context, Permission.READ_BILLING)
    with context.database.unit_of_work() as session:
        client = get_or_refuse(session, Client, client_id, "Ce client n'existe plus.")
        count = session.scalar(select(func.count(Document.id)).where(Document.client_id == client_id)) or 0
        return _view(client, count)


def list_clients(context: Context, search: str = "", *, include_archived: bool = False) -> tuple[ClientView, ...]:
    """Clients by name, filtered by a search on name, city or contact."""
    require(context, Permission.READ_BILLING)
    counts = select(Document.client_id, func.count(Document.id).label("n")).group_by(Document.client_id).subquery()
    query = (
        select(Client, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.client_id == Client.id)
        .order_by(french(Client.name))
    )
    if not include_archived:
        query = query.where(Client.archived.is_(False))
    words = fold(search).split()
    with context.database.unit_of_work() as session:
        rows = session.execute(query).all()
        views = [_view(client, count) for client, count in rows]
    if words:
        views = [
            view for view in views if all(word in fold(f"{view.name} {view.city} {view.contact}") for word in words)
        ]
    return tuple(views)


def archive_client(context: Context, client_id: int, archived: bool = True) -> None:
    """Archive a client (or bring one back); a client is never deleted once documents name them."""
    require(context, Permission.EDIT_BILLING)
    with context.database.unit_of_work() as session:
        client = get_or_refuse(session, Client, client_id, "Ce client n'existe plus.")
        client.archived = archived


def delete_client(context: Context, client_id: int) -> None:
    """Delete a client that no document names; otherwise refuse and suggest archiving."""
    require(context, Permission.EDIT_BILLING)
    with context.database.unit_of_work() as session:
        client = get_or_refuse(session, Client, client_id, "Ce client n'existe plus.")
        used = session.scalar(select(Document.id).where(Document.client_id == client_id).limit(1))
        if used is not None:
            raise Refused(
                [
                    Problem(
                        None,
                        f"{client.name} figure sur des devis ou des factures : archivez-le au lieu de le supprimer.",
                    )
                ]
            )
        session.delete(client)


def find_clients(context: Context, text: str) -> tuple[ClientView, ...]:
    """Clients whose name starts with or contains the text (for pickers)."""
    return list_clients(context, text)[:50]
