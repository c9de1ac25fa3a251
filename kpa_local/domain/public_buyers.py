"""Public buyers (collectivités) invoiced through Chorus Pro: what their invoices carry and must carry.

Chorus Pro finds a public buyer by its SIRET, then the service the invoice goes to by its service
code, which Factur-X carries as the buyer's reference (BT-10); the engagement (order) number goes in
BT-13. Chorus Pro's directory says for each public structure whether its invoices must carry a service
code and whether they must carry an engagement number: the client record keeps both ticks.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpa_local.domain.errors import Problem

BUYER_REFERENCE_LENGTH = 100  # Chorus Pro takes a service code of up to 100 characters
ORDER_NUMBER_LENGTH = 50  # and an engagement number of up to 50

BUYER_REFERENCE_LABEL = "Référence acheteur"
ORDER_NUMBER_LABEL = "N° de commande ou d'engagement"
SERVICE_CODE_LABEL = "Code service Chorus Pro"


@dataclass(frozen=True)
class PublicBuyer:
    """What the client record says of a public buyer."""

    name: str
    siret: str
    service_code: str
    requires_service_code: bool
    requires_order_number: bool


def buyer_reference_of(typed: str, service_code: str) -> str:
    """The buyer's reference a document carries: the one typed on it, else the client's service code.

    A collectivité may ask for one invoice to go to another of its services: what is typed on the
    document wins over the service code of the client record.
    """
    return typed or service_code


def reference_length_problems(buyer_reference: str, order_number: str) -> list[Problem]:
    """The references of a document longer than Chorus Pro takes."""
    problems = []
    if len(buyer_reference) > BUYER_REFERENCE_LENGTH:
        problems.append(
            Problem(
                "buyer_reference",
                f"La référence acheteur a {len(buyer_reference)} caractères : {BUYER_REFERENCE_LENGTH} au plus.",
            )
        )
    if len(order_number) > ORDER_NUMBER_LENGTH:
        problems.append(
            Problem(
                "order_number",
                f"Le numéro de bon de commande ou d'engagement a {len(order_number)} caractères : "
                f"{ORDER_NUMBER_LENGTH} au plus.",
            )
        )
    return problems


def missing_references(buyer: PublicBuyer, buyer_reference: str, order_number: str) -> list[Problem]:
    """What a public buyer's invoice lacks to be issued, each said with where to type it (empty: nothing)."""
    problems = []
    if not buyer.siret:
        problems.append(
            Problem(
                "client_id",
                f"{buyer.name} est une collectivité : Chorus Pro la reconnaît à son SIRET, qui manque. Tapez-le "
                "dans la fiche du client (Clients, « SIRET »), puis émettez.",
            )
        )
    if buyer.requires_service_code and not buyer_reference_of(buyer_reference, buyer.service_code):
        problems.append(
            Problem(
                "buyer_reference",
                f"{buyer.name} demande un code service sur chaque facture, et il manque : tapez-le dans "
                f"« {BUYER_REFERENCE_LABEL} » de cette facture, ou dans la fiche du client (« {SERVICE_CODE_LABEL} »), "
                "enregistrez, puis émettez.",
            )
        )
    if buyer.requires_order_number and not order_number:
        problems.append(
            Problem(
                "order_number",
                f"{buyer.name} demande un numéro d'engagement (bon de commande) sur chaque facture, et il manque : "
                f"tapez-le dans « {ORDER_NUMBER_LABEL} » de cette facture, enregistrez (Ctrl+S), puis émettez.",
            )
        )
    return problems
