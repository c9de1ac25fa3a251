"""The quote's lines and the quote's own screen at 80×24: the line just added in sight; amounts, designations and
labels never cut."""

from __future__ import annotations

import re

from textual.widgets import Label

from kpa_local.fmt import money_fr
from kpa_local.services.billing_queries import get_document, list_documents
from kpa_local.services.billing_views import DocumentQuery
from kpa_local.services.workspaces import open_workspace
from kpa_local.tui.screens.document import DocumentScreen
from kpa_local.tui.widgets.field import Field
from kpa_local.workspace import Workspace
from tests.conftest import frozen_today
from tests.tui.conftest import make_app, settle, settle_until
from tests.tui.screen_text import app_rows
from tests.tui.test_guided_quote_refusals import SMALL, flat, guided_quote, in_sight, press_keys


def _amounts(row: str) -> list[str]:
    """The amounts written whole on a row of the screen (`1 234,56 €`)."""
    return re.findall(r"\d[\d ]*,\d\d €", flat(row))


def _table_rows(rows: list[str], designation: str) -> list[str]:
    return [row for row in rows if designation in row and "€" in row]


async def test_a_line_added_stays_in_sight_with_its_designation_and_amounts_whole(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await guided_quote(pilot, 3)
        to_add = ("tab",) * 5 + ("enter",)  # from the quantity to « Ajouter », pressed
        await press_keys(pilot, "enter", *"Rév", "enter", *to_add)
        [first] = _table_rows(app_rows(app), "Révision complète d'un vélo")
        assert _amounts(first) == ["35,00 €", "35,00 €"], first  # the price and the total, both whole
        await press_keys(pilot, "enter", *"Ch", "enter", *to_add)
        await press_keys(pilot, "enter", *"Ch", "enter", *to_add)
        rows = app_rows(app)
        assert _table_rows(rows, "Chambre à air posée"), "\n".join(rows)  # the line just added, in sight
        assert app.focused is wizard.query_one("#catalogue-pick")
        assert in_sight(wizard.query_one("#catalogue-pick"))
        for row in _table_rows(rows, "Chambre à air posée"):
            assert _amounts(row) == ["9,50 €", "9,50 €"], row


async def test_the_saved_quote_reads_whole_at_80x24(demo_workspace: Workspace) -> None:
    context = open_workspace(demo_workspace, clock=frozen_today)
    quote_id = list_documents(context, DocumentQuery(family="devis")).rows[0].id
    lines = get_document(context, quote_id).content.lines
    context.close()
    app = make_app(demo_workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.push_screen(DocumentScreen(quote_id))
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        await settle_until(pilot, lambda: screen.detail is not None)
        for field in screen.query(Field):
            if field.display and field.parent is not None and field.parent.display:
                label = field.query_one(Label)
                words = str(label.render())
                assert label.size.width * label.size.height >= len(words), words  # wrapped, never cut
                assert label.size.height == 1, words  # and short enough for one line, like its neighbours
        screen.query_one("#lines").scroll_visible(animate=False, immediate=True)
        await settle(pilot)
        rows = [flat(row) for row in app_rows(app)]
        assert lines
        for line in lines:
            assert any(flat(money_fr(line.net_amount.cents)) in row for row in rows), "\n".join(rows)
