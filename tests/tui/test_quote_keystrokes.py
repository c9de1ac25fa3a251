"""A guided quote of two lines made with the keyboard only, as a newcomer reads the screen: every key counted.

From the section menu: F5 opens « Devis et factures », whose header names Ctrl+G (a new guided quote); the client
and the catalogue's services are found by typing their first letters; Entrée goes from a field to the next, and
from a step's last field to the next step. 45 keys in all, 25 of them the letters of the title, the date and
the searches.
"""

from __future__ import annotations

from textual.pilot import Pilot

from kpa_local.services.billing_queries import get_document
from kpa_local.services.workspaces import open_workspace
from kpa_local.tui.screens.document import DocumentScreen
from kpa_local.tui.screens.new_quote import NewQuoteScreen
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle, settle_until

KEYS = [
    *("f5", "ctrl+g"),  # the section, then the fast path its header names
    *("enter", "V", "enter", "ctrl+n"),  # the client, found by its first letter: Ville de Roubaix
    *"Atelier vélo", "enter", "enter", *"20/11/2026", "enter",  # what, where (left empty), when
    *("enter", *"Ch", "enter", "enter"),  # the first service from the catalogue, quantity 1, added
    *("enter", *"Rév", "enter", "enter"),  # the second one
    *("ctrl+n", "ctrl+n", "ctrl+n"),  # the terms as they are, the check, the quote created
]  # fmt: skip


async def _press(pilot: Pilot[None], keys: list[str]) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def test_a_quote_of_two_lines_takes_few_keys_from_the_section_menu(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _press(pilot, KEYS[:2])
        await settle_until(pilot, lambda: isinstance(app.screen, NewQuoteScreen) and bool(app.screen.clients))
        await _press(pilot, KEYS[2:])
        await settle_until(pilot, lambda: isinstance(app.screen, DocumentScreen) and app.screen.detail is not None)
        screen = app.screen
        assert isinstance(screen, DocumentScreen) and screen.document_id is not None
        context = open_workspace(demo_workspace)
        quote = get_document(context, screen.document_id)
        clients = dict(context.database.read("SELECT id, name FROM client"))
        assert clients[quote.client_id].startswith("Ville de Roubaix")
        assert [line.designation for line in quote.content.lines] == [
            "Chambre à air posée",
            "Révision complète d'un vélo",
        ]
        assert quote.content.title == "Atelier vélo"
