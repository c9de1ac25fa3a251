"""Bounded input: every file given to the app is read within a limit, checked while reading; devices
and pipes are refused unread."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from kpa_local.cli import main
from kpa_local.files import FileRefused, read_bounded
from kpa_local.services.context import Context
from kpa_local.services.imports import import_members
from kpa_local.workspace import Workspace

SPECIAL = "n'est pas un fichier enregistré sur le disque"


def _device(folder: Path) -> Path:
    """A link to /dev/zero: a device that says it is empty and never ends."""
    link = folder / "zero.zip"
    link.symlink_to(os.devnull if not Path("/dev/zero").exists() else "/dev/zero")
    return link


def _pipe(folder: Path) -> Path:
    """A named pipe nobody writes to: opening it to read would wait for ever."""
    pipe = folder / "tube.zip"
    os.mkfifo(pipe)
    return pipe


# Named pipes are made by os.mkfifo on POSIX only; Windows has no such file to give the app.
SPECIAL_FILES: list[Callable[[Path], Path]] = [_device, *([_pipe] if hasattr(os, "mkfifo") else [])]


@pytest.mark.parametrize("make", SPECIAL_FILES)
def test_devices_and_pipes_are_refused_unread(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    with pytest.raises(FileRefused, match=SPECIAL):
        read_bounded(make(tmp_path), 1024)


def test_a_file_just_over_its_limit_is_refused_and_one_at_its_limit_is_read(tmp_path: Path) -> None:
    limit = 300_000  # more than one chunk, so that the count runs across chunks
    at_limit, over = tmp_path / "juste.csv", tmp_path / "trop.csv"
    at_limit.write_bytes(b"a" * limit)
    over.write_bytes(b"a" * (limit + 1))
    assert read_bounded(at_limit, limit) == b"a" * limit
    with pytest.raises(FileRefused, match="dépasse 1 Mo, la taille permise ici : rien n'a été lu"):
        read_bounded(over, limit)


def test_the_limit_is_counted_while_reading_not_taken_from_the_size_the_file_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "menteur.csv"
    path.write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    def claims_empty(descriptor: int) -> os.stat_result:
        found = real_fstat(descriptor)
        return os.stat_result((found.st_mode, *tuple(found)[1:6], 0, *tuple(found)[7:]))

    monkeypatch.setattr(os, "fstat", claims_empty)  # a file that says it is empty, as /proc's files do
    with pytest.raises(FileRefused, match="dépasse"):
        read_bounded(path, 4096)


@pytest.mark.parametrize("make", SPECIAL_FILES)
def test_bundle_check_refuses_a_device_or_a_pipe_in_a_sentence(
    tmp_path: Path, make: Callable[[Path], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bundle", "check", str(make(tmp_path))]) == 1
    assert SPECIAL in capsys.readouterr().out


@pytest.mark.parametrize("make", SPECIAL_FILES)
def test_members_import_refuses_a_device_or_a_pipe(
    context: Context, tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    with pytest.raises(FileRefused, match=SPECIAL):
        import_members(context, make(tmp_path), dry_run=True)


@pytest.mark.parametrize("make", SPECIAL_FILES)
def test_settings_replaced_by_a_device_or_a_pipe_are_refused(
    workspace: Workspace, make: Callable[[Path], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    workspace.config_file.unlink()
    made = make(workspace.config_file.parent)
    made.rename(workspace.config_file)
    assert workspace.kpa_name() == ""
    assert main(["--workspace", str(workspace.root), "config", "check"]) == 1
    assert SPECIAL in capsys.readouterr().err


def test_settings_longer_than_their_limit_are_refused(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    with workspace.config_file.open("a", encoding="utf-8") as stream:
        stream.write("# " + "x" * (1024 * 1024) + "\n")
    assert main(["--workspace", str(workspace.root), "config", "check"]) == 1
    assert "dépasse 1 Mo" in capsys.readouterr().err


@pytest.mark.parametrize("make", SPECIAL_FILES)
def test_restore_refuses_a_device_or_a_pipe(context: Context, tmp_path: Path, make: Callable[[Path], Path]) -> None:
    from kpa_local.services.restore import check_restorable

    with pytest.raises(FileRefused, match=SPECIAL):
        check_restorable(context, make(tmp_path))


def _in_place_of(path: Path, make: Callable[[Path], Path]) -> None:
    """Put a device or a pipe where the app keeps one of its own small files."""
    special = make(path.parent)
    path.unlink(missing_ok=True)
    special.rename(path)


def _returns(work: Callable[[], object]) -> object:
    """What `work` gives, run in a thread that must end: a read that waits for a writer never would."""
    import threading

    answer: list[object] = []
    thread = threading.Thread(target=lambda: answer.append(work()), daemon=True)
    thread.start()
    thread.join(30)
    assert not thread.is_alive(), "the read waited for ever"
    return answer[0]


@pytest.mark.parametrize("make", SPECIAL_FILES)
def test_the_marks_kept_beside_the_database_are_not_read_from_a_device_or_a_pipe(
    context: Context, make: Callable[[Path], Path]
) -> None:
    from kpa_local.domain.marks import marks_from_json
    from kpa_local.services.marks import marks_file, read_marks

    _in_place_of(marks_file(context.workspace), make)
    assert _returns(lambda: read_marks(context.workspace)) == marks_from_json(None)  # as if there were none


@pytest.mark.parametrize("make", SPECIAL_FILES)
def test_the_recovery_slot_beside_the_database_is_not_read_from_a_device_or_a_pipe(
    context: Context, make: Callable[[Path], Path]
) -> None:
    from kpa_local.services.backups import _add_recovery_slot
    from kpa_local.services.encryption import recovery_file, recovery_slot

    place = recovery_file(context.workspace)
    _in_place_of(place, make)
    card: dict[str, object] = {}
    _returns(lambda: _add_recovery_slot(card, place.parent))
    assert "secours" not in card
    _returns(lambda: recovery_slot(context.workspace))  # the other places are looked at; nothing hangs
