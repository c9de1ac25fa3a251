"""Reading what a form holds and writing it back: every kind of box, never a password."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from kpa_local.tui.form_state import fill_form, read_form


class FormApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="name")
        yield Input(password=True, id="password")
        yield Checkbox("Accord", id="agreed")
        yield TextArea(id="notes")
        yield Select([("Lille", "lille"), ("Roubaix", "roubaix")], id="city")
        yield SelectionList[str](("Appris", "appris"), ("Utile", "utile"), id="effects")


async def test_what_was_typed_comes_back_and_a_password_is_never_kept() -> None:
    app = FormApp()
    async with app.run_test() as pilot:
        screen = app.screen
        screen.query_one("#name", Input).value = "Zoé"
        screen.query_one("#password", Input).value = "secret-123"
        screen.query_one("#agreed", Checkbox).value = True
        screen.query_one("#notes", TextArea).text = "Une note"
        screen.query_one("#city", Select).value = "roubaix"
        screen.query_one("#effects", SelectionList).select("utile")
        await pilot.pause()
        kept = read_form(screen)
        assert "password" not in kept
        assert "secret-123" not in repr(kept)
        assert kept == {
            "name": "Zoé",
            "agreed": True,
            "notes": "Une note",
            "city": "roubaix",
            "effects": ("utile",),
        }
        screen.query_one("#name", Input).value = ""
        screen.query_one("#password", Input).value = "autre"
        screen.query_one("#agreed", Checkbox).value = False
        screen.query_one("#notes", TextArea).text = ""
        screen.query_one("#city", Select).clear()
        screen.query_one("#effects", SelectionList).deselect_all()
        await pilot.pause()
        fill_form(screen, {**kept, "city": "tourcoing"})  # a choice no longer offered is left alone
        await pilot.pause()
        assert read_form(screen) == {**kept, "city": ""}
        assert screen.query_one("#password", Input).value == "autre"
        fill_form(screen, kept)
        assert read_form(screen) == kept
