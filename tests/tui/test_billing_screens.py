"""Pilot tests of clients, quotes and invoices, driven as a person would with the keyboard."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Static

from kpa_local.services.billing_queries import get_document, list_documents
from kpa_local.services.billing_views import DocumentQuery
from kpa_local.services.workspaces import open_workspace
from kpa_local.tui.screens.billing import BillingScreen
from kpa_local.tui.screens.choice import ChoiceScreen
from kpa_local.tui.screens.client_form import ClientFormScreen
from kpa_local.tui.screens.confirm import ConfirmScreen
from kpa_local.tui.screens.document import DocumentScreen
from kpa_local.tui.screens.new_quote import NewQuoteScreen
from kpa_local.tui.screens.quick_form import QuickFormScreen
from kpa_local.tui.widgets.field import Field
from kpa_local.tui.widgets.lines_editor import LinesEditor
from kpa_local.workspace import Workspace
from tests.conftest import frozen_today
from tests.tui.conftest import document_id, make_app, settle


async def _type(pilot: Pilot[None], widget_id: str, text: str, *, clear: bool = False) -> None:
    widget = pilot.app.screen.query_one(f"#{widget_id}", Input)
    widget.focus()
    if clear:
        widget.value = ""
    await pilot.press(*text)


async def _open_billing(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)
    assert isinstance(pilot.app.screen, BillingScreen)


async def test_a_guided_quote_accepted_invoiced_issued_and_paid_twice(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_billing(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, NewQuoteScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        client_field = wizard.query_one("#field-client_id", Field)
        assert "Choisissez le client" in str(client_field.query_one(".field-error", Static).render())
        assert app.focused is client_field.control
        wizard.query_one("#field-client_id", Field).value = next(iter(wizard.clients))
        await pilot.press("ctrl+n")
        await _type(pilot, "title", "Repas des bénévoles")
        await _type(pilot, "service_start", "20/11/2026")
        await pilot.press("ctrl+n")
        await settle(pilot)
        await _type(pilot, "line-designation", "Repas chaud")
        await _type(pilot, "line-quantity", "20", clear=True)
        await _type(pilot, "line-unit_price", "12,50")
        await pilot.press("enter")
        await settle(pilot)
        assert len(wizard.query_one("#wizard-lines", LinesEditor).lines) == 1
        await pilot.press("ctrl+n", "ctrl+n")
        await settle(pilot)
        summary = str(wizard.query_one("#summary", Static).render()).replace("\u202f", " ").replace("\u00a0", " ")
        assert "Total TTC 300,00 €" in summary
        await pilot.press("ctrl+n")
        await settle(pilot)

        screen = app.screen
        assert isinstance(screen, DocumentScreen) and screen.detail is not None
        assert screen.detail.number == "D-2026-0006"
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        app.screen.query_one("#choice-accepte", Button).press()
        await settle(pilot)
        assert screen.detail.stored_status == "accepte"
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert screen.detail.kind == "facture" and screen.detail.number is None
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        app.screen.query_one("#yes", Button).press()
        await settle(pilot)
        assert screen.detail.number == "FA-2026-0008"
        assert screen.detail.content.issue_date == frozen_today()

        for amount in ("100", "200"):
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert isinstance(app.screen, QuickFormScreen)
            await _type(pilot, "amount", amount, clear=True)
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert screen.detail.status == "payee"
        assert [payment.amount.cents for payment in screen.detail.payments] == [10000, 20000]


async def test_a_bad_line_is_refused_with_what_was_typed_kept(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_billing(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        await _type(pilot, "line-designation", "Service en salle")
        await _type(pilot, "line-quantity", "-2", clear=True)
        await _type(pilot, "line-unit_price", "12,345")
        screen.query_one("#add-line", Button).press()
        await settle(pilot)
        message = str(screen.query_one("#line-message", Static).render())
        assert "quantité" in message and "centime" in message
        assert screen.query_one("#line-quantity", Input).value == "-2"
        assert screen.query_one("#line-unit_price", Input).value == "12,345"
        assert screen.query_one("#line-unit_price", Input).has_class("-invalid")
        assert screen.query_one("#lines-editor", LinesEditor).lines == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.query_one("#field-client_id", Field).has_class("-invalid")
    context = open_workspace(demo_workspace, clock=frozen_today)
    assert list_documents(context, DocumentQuery(status="brouillon")).total_count == 1
    context.close()


async def test_a_business_client_needs_its_siren(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClientFormScreen)
        form.query_one("#field-kind", Field).value = "entreprise"
        await _type(pilot, "name", "Garage Solidaire")
        await _type(pilot, "address", "5 rue Jean Moulin")
        await _type(pilot, "postal_code", "59100")
        await _type(pilot, "city", "Roubaix")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.query_one("#field-siren", Field).has_class("-invalid")
        assert form.query_one("#name", Input).value == "Garage Solidaire"
        await _type(pilot, "siren", "732829320")
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = app.screen.query_one("#clients", DataTable)
        names = [str(table.get_row_at(index)[0]) for index in range(table.row_count)]
        assert "Garage Solidaire" in names


async def test_the_list_filters_as_you_type(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_billing(pilot)
        table = app.screen.query_one("#documents", DataTable)
        assert table.row_count == 9
        await _type(pilot, "search", "Dupont")
        await settle(pilot)
        assert table.row_count == 1
        app.screen.query_one("#search", Input).value = ""
        app.screen.query_one("#overdue").toggle()  # type: ignore[attr-defined]
        await settle(pilot)
        assert [str(table.get_row_at(index)[0]) for index in range(table.row_count)] == ["FA-2026-0005", "FA-2026-0004"]


async def test_an_issued_invoice_cannot_be_edited_on_screen(demo_workspace: Workspace) -> None:
    invoice_id = document_id(demo_workspace, "FA-2026-0003")
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(DocumentScreen(invoice_id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        assert screen.query_one("#title", Input).disabled
        assert not screen.query_one("#line-entry").display
        assert screen.check_action("save", ()) is False
        assert screen.check_action("issue", ()) is False
        assert screen.check_action("credit_note", ()) is True
    context = open_workspace(demo_workspace, clock=frozen_today)
    assert get_document(context, invoice_id).status == "payee"
    context.close()


async def test_the_list_filters_by_client(demo_workspace: Workspace) -> None:
    from textual.widgets import Select

    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_billing(pilot)
        select = app.screen.query_one("#client", Select)
        options = {label: value for label, value in select._options if isinstance(value, str)}
        select.value = options["Bureau d'études Nord Habitat"]
        await settle(pilot)
        table = app.screen.query_one("#documents", DataTable)
        assert [str(table.get_row_at(index)[0]) for index in range(table.row_count)] == ["FA-2026-0004"]


async def test_back_from_a_document_the_list_is_where_it_was(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_billing(pilot)
        table = app.screen.query_one("#documents", DataTable)
        table.focus()
        table.move_cursor(row=5)
        opened = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BillingScreen)
        table = app.screen.query_one("#documents", DataTable)
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == opened
        assert table.cursor_row == 5
