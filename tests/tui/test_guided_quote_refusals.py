"""The guided quote refuses a step beside the field to fix, with the keyboard there and the field in sight, at
the sizes a KPA's computer has; its last check writes numbers the French way."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Static

from kpa_local.tui.screens.new_quote import NewQuoteScreen
from kpa_local.tui.widgets.field import Field
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle, settle_until
from tests.tui.screen_text import app_rows

SMALL = (80, 24)
LARGE = (120, 36)


async def press_keys(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def guided_quote(pilot: Pilot[None], step: int) -> NewQuoteScreen:
    """The guided quote opened from « Devis et factures », then taken to its step `step` (1 to 5) with the
    keyboard: the first client, an object and a date, one service from the catalogue."""
    await settle(pilot)
    await press_keys(pilot, "f5", "ctrl+g")
    wizard = pilot.app.screen
    assert isinstance(wizard, NewQuoteScreen)
    await settle_until(pilot, lambda: bool(wizard.clients))
    if step >= 2:
        await press_keys(pilot, "enter", "V", "enter", "ctrl+n")  # Ville de Roubaix
    if step >= 3:
        await press_keys(pilot, *"Atelier vélo", "enter", "enter", *"20/11/2026", "enter")
    if step >= 4:
        await press_keys(pilot, "enter", *"Rév", "enter", "enter", "ctrl+n")
    assert wizard.step == step - 1
    return wizard


def in_sight(widget: Widget) -> bool:
    """Whether the whole widget is on the screen, not scrolled away nor cut by its container."""
    geometry = widget.screen.find_widget(widget)
    return geometry.clip.contains_region(geometry.region) and widget.screen.region.contains_region(geometry.region)


def _error_beside(field: Field) -> str:
    """The message under a field's box, once it is in sight."""
    message = field.query_one(".field-error", Static)
    assert in_sight(field.control) and in_sight(message), field.field_name
    assert message.region.y == field.control.region.bottom  # right under the box
    return str(message.render())


def flat(text: str) -> str:
    """Text with its no-break spaces (amounts, French punctuation) as plain spaces."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


async def test_a_validity_in_letters_is_refused_in_its_own_field_and_keeps_the_keyboard(
    demo_workspace: Workspace,
) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await guided_quote(pilot, 4)
        assert app.focused is wizard.query_one("#validity_days", Input)
        await press_keys(pilot, "backspace", "backspace", *"abc", "ctrl+n")
        assert wizard.step == 3
        validity = wizard.query_one("#field-validity_days", Field)
        assert app.focused is validity.control
        assert "« abc » n'est pas un nombre de jours" in _error_beside(validity)
        assert validity.has_class("-invalid")
        assert not wizard.query_one("#field-deposit_percent", Field).has_class("-invalid")
        # What is typed next goes where the mistake is.
        await press_keys(pilot, "backspace", "backspace", "backspace", *"45")
        assert validity.value == "45"
        assert wizard.query_one("#deposit_percent", Input).value == ""
        await press_keys(pilot, "ctrl+n")
        assert wizard.step == 4


async def test_a_deposit_in_letters_is_refused_in_its_own_field(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await guided_quote(pilot, 4)
        await press_keys(pilot, "enter", *"trente", "ctrl+n")
        deposit = wizard.query_one("#field-deposit_percent", Field)
        assert app.focused is deposit.control
        assert "« trente » n'est pas un nombre" in _error_beside(deposit)
        assert not wizard.query_one("#field-validity_days", Field).has_class("-invalid")


async def test_an_empty_object_is_refused_beside_its_field(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=LARGE) as pilot:
        wizard = await guided_quote(pilot, 2)
        await press_keys(pilot, "ctrl+n")
        assert wizard.step == 1
        title = wizard.query_one("#field-title", Field)
        assert app.focused is title.control
        assert _error_beside(title) == "Écrivez l'objet du devis en quelques mots."
        assert str(wizard.query_one("#wizard-message", Static).render()) == ""  # said once, beside the field
        rows = app_rows(app)
        [message_row] = [number for number, row in enumerate(rows) if "Écrivez l'objet du devis" in row]
        assert message_row == title.control.region.bottom
        # Once written, the message goes with the step.
        await press_keys(pilot, *"Atelier vélo", "ctrl+n")
        assert wizard.step == 2
        assert not title.has_class("-invalid")


async def test_a_refusal_of_the_whole_quote_goes_back_to_the_field_to_fix(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await guided_quote(pilot, 4)
        await press_keys(pilot, "backspace", "backspace", "0", "ctrl+n", "ctrl+n")  # 0 day: refused on creating it
        await settle_until(pilot, lambda: wizard.step == 3)
        validity = wizard.query_one("#field-validity_days", Field)
        assert app.focused is validity.control
        assert "1 à 365 jours" in _error_beside(validity)
        assert isinstance(app.screen, NewQuoteScreen)


async def test_the_check_writes_a_deposit_with_a_decimal_comma(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await guided_quote(pilot, 4)
        await press_keys(pilot, "enter", *"12,5", "enter")
        assert wizard.step == 4
        summary = str(wizard.query_one("#summary", Static).render())
        assert "acompte de 12,5 % à la signature" in summary
        assert "Révision complète d'un vélo × 1 = 35,00" in flat(summary)
