"""Opening the app: the title comes at once, a broken settings file is explained on screen."""

from textual.widgets import Static

from kpa_local.tui.screens.notice import NoticeScreen
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle


async def test_a_broken_setting_is_shown_with_its_key_and_nothing_opens(workspace: Workspace) -> None:
    path = workspace.config_file
    path.write_text(path.read_text(encoding="utf-8").replace("payment_days = 30", "payment_days = 90"), "utf-8")
    app = make_app(workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        notice = app.screen
        assert isinstance(notice, NoticeScreen)
        text = "\n".join(str(static.render()) for static in notice.query(Static))
        assert "Impossible d'ouvrir la KPA" in text
        assert "payment_days" in text
        assert "60" in text
    assert not workspace.database_file.exists()
