"""A person is recorded once: imports run at once, people typed twice, duplicates from before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from kpa_local.db.migrate import alembic_config, upgrade
from kpa_local.domain.errors import Refused
from kpa_local.services.context import Context
from kpa_local.services.integrity import check_workspace
from kpa_local.services.members import create_member, get_member, update_member
from kpa_local.workspace import Workspace
from tests.conftest import TODAY, make_draft
from tests.raw_database import raw

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 150


def _members_file(folder: Path) -> Path:
    lines = ["Nom;Prénom;Date de naissance;Date d'entrée;Sexe;Code postal;Ville"]
    lines += [f"Martin{n:03d};Awa;{1 + n % 28:02d}/0{1 + n % 9}/1990;01/03/2025;F;59100;Roubaix" for n in range(PEOPLE)]
    path = folder / "membres.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _people(workspace: Workspace) -> list[tuple[str, str]]:
    with raw(workspace) as connection:
        rows = connection.execute("SELECT last_name, first_name FROM person ORDER BY last_name").fetchall()
    return [(str(last_name), str(first_name)) for last_name, first_name in rows]


def test_two_imports_of_the_same_file_at_once_add_each_person_once(context: Context, tmp_path: Path) -> None:
    source = _members_file(tmp_path)
    command_line = [sys.executable, "-m", "tests.services.import_worker", str(context.workspace.root)]
    workers = [
        subprocess.Popen(
            [*command_line, TODAY.isoformat(), str(source)],
            cwd=ROOT,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for worker in workers:
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
    for worker in workers:  # both start importing at the same moment
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    created = []
    for worker in workers:
        output, _ = worker.communicate(timeout=120)
        assert worker.returncode == 0
        created.append(int(output.strip()))
    assert sorted(created) == [0, PEOPLE]
    people = _people(context.workspace)
    assert len(people) == PEOPLE
    assert len(set(people)) == PEOPLE


def test_a_person_typed_a_second_time_is_refused_with_the_record_to_open(context: Context) -> None:
    first = create_member(context, make_draft())
    with pytest.raises(Refused) as refusal:
        create_member(context, make_draft(email="autre@exemple.fr"))
    assert f"fiche n° {first.id}" in refusal.value.problems[0].message
    other = create_member(context, make_draft(birth_date=None))
    with pytest.raises(Refused, match="fiche n° "):
        update_member(context, other.id, make_draft())
    assert len(_people(context.workspace)) == 2


@pytest.mark.sqlite_file("runs the migrations down and up on the file")
def test_people_recorded_twice_before_are_marked_by_the_migration_and_named_by_the_check(context: Context) -> None:
    database = context.database
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    with database.engine.begin() as connection:
        for email in ("a@exemple.fr", "b@exemple.fr", "c@exemple.fr"):
            connection.execute(
                text(
                    "INSERT INTO person (last_name, first_name, birth_date, gender, email, phone, address, "
                    "postal_code, city, qpv, single_parent, international_protection, rqth, education, "
                    "ft_registered_at_entry, ft_registered_during, entry_date, planned_duration, exit_situation, "
                    "notes, search_text, identity_key, created_at, updated_at) VALUES ('Dupont', 'Hélène', "
                    "'1980-05-12', 'femme', :email, '', '', '59100', 'Roubaix', 'oui', 'non', 'non', 'non', "
                    "'bac', 'non', 0, '2025-03-01', '1y', '', '', 'dupont helene', 'dupont|helene|1980-05-12', "
                    "'2025-03-01 10:00:00', '2025-03-01 10:00:00')"
                ),
                {"email": email},
            )
    database.dispose()
    upgrade(database)
    keys = database.read("SELECT id, identity_key FROM person ORDER BY id")
    first, second, third = (int(row[0]) for row in keys)
    assert [row[1] for row in keys] == [
        "dupont|helene|1980-05-12",
        f"dupont|helene|1980-05-12|doublon-{second}",
        f"dupont|helene|1980-05-12|doublon-{third}",
    ]
    findings = [finding.problem for finding in check_workspace(context).findings]
    assert findings == [
        f"Hélène Dupont est enregistré·e deux fois : la fiche n° {second} répète la fiche n° {first} "
        "(même nom, même date de naissance).",
        f"Hélène Dupont est enregistré·e deux fois : la fiche n° {third} répète la fiche n° {first} "
        "(même nom, même date de naissance).",
    ]
    update_member(context, second, make_draft(email="b2@exemple.fr"))  # edited, it keeps its mark
    assert get_member(context, second).form["email"] == "b2@exemple.fr"
    assert len(check_workspace(context).findings) == 2
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    assert {row[0] for row in database.read("SELECT identity_key FROM person")} == {"dupont|helene|1980-05-12"}
