"""Before an invoice is issued, the question says the number it will take, the amount to pay, and that it is final."""

from __future__ import annotations

from textual.widgets import Button

from kpa_local.fmt import money_fr
from kpa_local.services.billing_queries import get_document, list_documents
from kpa_local.services.billing_views import DocumentQuery
from kpa_local.services.workspaces import open_workspace
from kpa_local.tui.screens.confirm import ConfirmScreen
from kpa_local.tui.screens.document import DocumentScreen
from kpa_local.workspace import Workspace
from tests.conftest import frozen_today
from tests.tui.conftest import make_app, settle, settle_until


async def test_the_issue_question_names_the_number_and_the_amount(demo_workspace: Workspace) -> None:
    context = open_workspace(demo_workspace, clock=frozen_today)
    try:
        draft = list_documents(context, DocumentQuery(status="brouillon")).rows[0]
        total = get_document(context, draft.id).content.totals.with_vat
    finally:
        context.close()
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(DocumentScreen(draft.id))
        await settle(pilot)
        screen = app.screen
        await pilot.press("ctrl+u")
        await settle_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert f"Émettre la facture FA-2026-0008 pour {draft.client_name} : {money_fr(total.cents)} à payer" in (
            question.question
        )
        assert question.question.endswith(
            "Une facture émise ne peut plus être modifiée : une erreur se corrige par un avoir."
        )
        question.query_one("#no", Button).press()
        await settle(pilot)
        assert isinstance(screen, DocumentScreen) and screen.detail is not None and screen.detail.number is None
        await pilot.press("ctrl+u")
        await settle_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        app.screen.query_one("#yes", Button).press()
        await settle(pilot)
        assert screen.detail.number == "FA-2026-0008"
