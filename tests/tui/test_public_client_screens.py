"""Pilot tests of a public client on screen: its Chorus Pro fields, a document's references, and the refusal
to issue without the engagement number it requires, shown beside the field."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from kpa_local.services.billing_queries import get_document, list_documents
from kpa_local.services.billing_views import DocumentQuery
from kpa_local.services.clients import list_clients
from kpa_local.services.documents import create_document
from kpa_local.services.workspaces import open_workspace
from kpa_local.tui.screens.client_form import ClientFormScreen
from kpa_local.tui.screens.document import DocumentScreen
from kpa_local.workspace import Workspace
from tests.billing_support import draft
from tests.conftest import frozen_today
from tests.tui.conftest import document_id, make_app, settle


async def _type(pilot: Pilot[None], widget_id: str, text: str) -> None:
    widget = pilot.app.screen.query_one(f"#{widget_id}", Input)
    widget.focus()
    widget.value = ""
    await pilot.press(*text)


def _town_draft(workspace: Workspace) -> tuple[int, int]:
    """The demo town's id and a new invoice draft for it, without an engagement number."""
    context = open_workspace(workspace, clock=frozen_today)
    try:
        (town,) = [client for client in list_clients(context) if client.kind == "collectivite"]
        return town.id, create_document(context, draft(town.id))
    finally:
        context.close()


async def test_the_chorus_pro_fields_are_asked_of_a_collectivite_only(demo_workspace: Workspace) -> None:
    town, _invoice = _town_draft(demo_workspace)
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ClientFormScreen(None))
        await settle(pilot)
        form = app.screen
        assert not form.query_one("#public-fields").display
        app.pop_screen()
        app.push_screen(ClientFormScreen(town))
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClientFormScreen)
        assert form.query_one("#public-fields").display
        assert form.query_one("#service_code", Input).value == "JEUNESSE"
        await _type(pilot, "service_code", "JEUNESSE-ECOLES")
        await pilot.press("ctrl+s")
        await settle(pilot)
    context = open_workspace(demo_workspace, clock=frozen_today)
    (saved,) = [client for client in list_clients(context) if client.id == town]
    assert (saved.service_code, saved.requires_order_number) == ("JEUNESSE-ECOLES", True)
    context.close()


async def test_a_missing_engagement_number_is_refused_beside_its_field_then_typed_and_issued(
    demo_workspace: Workspace,
) -> None:
    _town, invoice = _town_draft(demo_workspace)
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(DocumentScreen(invoice))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        assert "JEUNESSE" in screen.query_one("#buyer_reference", Input).placeholder
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert app.screen is screen  # refused before any confirmation
        field = screen.query_one("#field-order_number")
        assert field.has_class("-invalid")
        assert app.focused is screen.query_one("#order_number", Input)
        await pilot.press(*"EJ-2026-009")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+u")
        await settle(pilot)
        app.screen.query_one("#yes", Button).press()
        await settle(pilot)
    context = open_workspace(demo_workspace, clock=frozen_today)
    detail = get_document(context, invoice)
    assert detail.number is not None
    assert (detail.buyer_reference, detail.order_number) == ("JEUNESSE", "EJ-2026-009")
    assert list_documents(context, DocumentQuery(status="brouillon")).total_count == 1
    context.close()


async def test_the_document_screen_shows_what_the_platform_said(demo_workspace: Workspace, tmp_path: Path) -> None:
    from kpa_local.services.platform_statuses import import_statuses

    statuses = tmp_path / "statuts.csv"
    statuses.write_text(
        "Numéro;Statut;Date;Motif\nFA-2026-0003;Déposée;20/11/2026;\n"
        "FA-2026-0003;Rejetée;21/11/2026;Code service inconnu\n",
        encoding="utf-8",
    )
    context = open_workspace(demo_workspace, clock=frozen_today)
    assert import_statuses(context, statuses).recorded == 2
    context.close()
    invoice, other = document_id(demo_workspace, "FA-2026-0003"), document_id(demo_workspace, "FA-2026-0004")
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(DocumentScreen(invoice))
        await settle(pilot)
        section = app.screen.query_one("#platform-statuses", Static)
        text = str(section.render())
        assert section.display and text.startswith("Suivi sur la plateforme")
        assert "20/11/2026 · Déposée" in text and "21/11/2026 · Rejetée — Code service inconnu" in text
        app.pop_screen()
        app.push_screen(DocumentScreen(other))
        await settle(pilot)
        assert "Rien encore" in str(app.screen.query_one("#platform-statuses", Static).render())
