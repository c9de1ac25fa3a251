from textual.widgets import Input, Static

from kpa_local.config import load_settings
from kpa_local.tui.widgets.field import Field
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle


async def test_settings_refuse_a_bad_siren_then_save_a_good_one(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#kpa__name", Input).value == "Coop Test"
        before = workspace.config_file.read_text(encoding="utf-8")
        screen.query_one("#portage__siren", Input).value = "123456789"
        screen.query_one("#portage__name", Input).value = "CAE du Nord"
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.query_one("#field-portage__siren", Field).has_class("-invalid")
        assert workspace.config_file.read_text(encoding="utf-8") == before
        screen.query_one("#portage__siren", Input).value = "832 145 676"
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "enregistrés" in str(screen.query_one("#settings-message", Static).render())
    settings = load_settings(workspace.config_file)
    assert (settings.portage.name, settings.portage.siren) == ("CAE du Nord", "832145676")
    assert "# Le nom de la KPA" in workspace.config_file.read_text(encoding="utf-8")


async def test_billing_terms_are_saved_from_the_screen(workspace: Workspace) -> None:
    from textual.widgets import Input

    from kpa_local.config import load_settings
    from kpa_local.tui.widgets.field import Field

    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#field-billing__payment_days", Field).value = "90"
        screen.query_one("#billing__iban", Input).value = "FR76 3000 6000 0112 3456 7890 189"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.query_one("#field-billing__payment_days", Field).has_class("-invalid")
        assert load_settings(workspace.config_file).billing.iban == ""
        screen.query_one("#field-billing__payment_days", Field).value = "45"
        await pilot.press("ctrl+s")
        await settle(pilot)
    billing = load_settings(workspace.config_file).billing
    assert (billing.payment_days, billing.iban) == (45, "FR7630006000011234567890189")
