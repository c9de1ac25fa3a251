"""The audit trail in words: every table and every action the package writes to it has French words."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import kpa_local
from kpa_local.db.models import Base
from kpa_local.domain.audit_words import (
    ACTIONS,
    DOCUMENT_EVENTS,
    OPERATIONS,
    TABLES,
    action_words,
    actions_matching,
    record_words,
)
from kpa_local.domain.billing import KIND_TITLES
from kpa_local.services.audit import UNAUDITED, list_entries
from kpa_local.services.clients import save_client
from kpa_local.services.context import Context
from kpa_local.services.documents import create_document
from kpa_local.services.issuing import issue_document
from tests.billing_support import business_client, draft

PACKAGE = Path(kpa_local.__file__).parent

# Where a call hands the trail an action: the callee's name, and the argument's place and keyword.
ACTION_ARGUMENTS = {"record_action": (1, "action"), "Change": (0, "action"), "note": (0, "event"),
                    "update": (2, "event"), "_set_password": (4, "event")}  # fmt: skip
# Arguments that only pass on an action named elsewhere (a parameter, an event read back).
PASSED_ON = {"action", "change.action", "event.action", "event or None"}


def test_every_table_the_trail_records_has_words() -> None:
    audited = set(Base.metadata.tables) - UNAUDITED
    assert sorted(audited - set(TABLES)) == [], "a table without words: add it to domain/audit_words.TABLES"
    assert sorted(set(TABLES) - audited) == []  # no words left for a table that is gone


def _module_constants(tree: ast.Module) -> dict[str, str]:
    constants: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            constants.update({target.id: node.value.value for target in node.targets if isinstance(target, ast.Name)})
    return constants


def _trees() -> dict[str, ast.Module]:
    return {
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts): ast.parse(path.read_text(encoding="utf-8"))
        for path in PACKAGE.rglob("*.py")
    }


def _name_in(module: str, name: str, trees: dict[str, ast.Module]) -> str | None:
    """The text a module-level name stands for, in its module or the one it was imported from."""
    tree = trees[module]
    if name in _module_constants(tree):
        return _module_constants(tree)[name]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in trees:
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    return _name_in(node.module, alias.name, trees)
    return None


def _action_argument(call: ast.Call) -> ast.expr | None:
    callee = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if callee not in ACTION_ARGUMENTS:
        return None
    place, keyword = ACTION_ARGUMENTS[callee]
    if callee in {"note", "update"} and not (
        isinstance(call.func, ast.Attribute) and ast.unparse(call.func.value).startswith("accounts")
    ):
        return None  # the accounts file's own methods (db.accounts), not a dict's or another module's
    for given in call.keywords:
        if given.arg == keyword:
            return given.value
    return call.args[place] if len(call.args) > place else None


def _written(value: ast.expr, module: str, trees: dict[str, ast.Module]) -> Iterator[str]:
    """Each action a call's argument can be: a text, a name for one, either of two, or a pattern."""
    if isinstance(value, ast.IfExp):
        yield from _written(value.body, module, trees)
        yield from _written(value.orelse, module, trees)
    elif isinstance(value, ast.Constant) and isinstance(value.value, str):
        yield value.value
    elif isinstance(value, ast.Name) and _name_in(module, value.id, trees) is not None:
        yield str(_name_in(module, value.id, trees))
    elif isinstance(value, ast.JoinedStr):
        *head, tail = value.values
        assert len(head) == 1 and isinstance(head[0], ast.FormattedValue) and isinstance(tail, ast.Constant)
        source, event = ast.unparse(head[0].value), str(tail.value).removeprefix(".")
        if source.endswith("__tablename__"):
            yield from (f"{table}.{event}" for table in TABLES)
        elif source.endswith(".kind"):
            yield from (f"{kind}.{event}" for kind in KIND_TITLES)
        else:
            yield f"{{{source}}}.{event}"
    else:
        assert ast.unparse(value) in PASSED_ON, f"{module}: an action written as « {ast.unparse(value)} »"


def written_actions() -> dict[str, str]:
    """Every action the package can write to the trail, with the module that writes it."""
    trees = _trees()
    found: dict[str, str] = {}
    for module, tree in trees.items():
        for node in ast.walk(tree):
            value = _action_argument(node) if isinstance(node, ast.Call) else None
            if value is not None:
                found.update(dict.fromkeys(_written(value, module, trees), module))
    return found


def test_every_action_written_to_the_trail_has_words() -> None:
    found = written_actions()
    seen = {"connexion.echec", "compte.secours", "reseau.export", "compte.different", "facture.emission",
            "avoir.ressaisie", "person.ajout", "serie.trou"}  # fmt: skip
    assert seen <= set(found)  # the scan does find the actions of every kind of call
    missing = {action: module for action, module in found.items() if action not in ACTIONS}
    assert missing == {}, "an action without words: add it to domain/audit_words.NAMED_ACTIONS"


def test_the_words_agree_with_what_they_name() -> None:
    assert action_words("document_line.ajout") == "Ligne de devis ou de facture ajoutée"
    assert action_words("number_series.modification") == "Série de numéros modifiée"
    assert action_words("avoir.emission") == "Avoir émis"
    assert action_words("rgpd.acces").startswith("Données d'une personne")
    assert action_words("quelque.chose") == "quelque.chose"  # an action from a later version, as it is
    assert record_words("person:1") == "Personne n° 1"
    assert record_words("work_entry:371") == "Heures n° 371"
    assert record_words("compte:3") == "Compte n° 3"
    assert record_words("number_series:FA/2026") == "Série « FA 2026 »"
    assert record_words("FA-2026-0007") == "FA-2026-0007" and record_words("config/kpa.toml") == "config/kpa.toml"
    assert set(OPERATIONS) == {"ajout", "modification", "suppression"} and set(DOCUMENT_EVENTS)
    for words in ACTIONS.values():
        assert "_" not in words and words[:1].isupper(), words


def test_an_entry_s_time_is_said_the_french_way() -> None:
    from datetime import datetime

    from kpa_local.fmt import moment_fr

    assert moment_fr(datetime(2026, 12, 7, 14, 58, 50)) == "07/12/2026 14:58"
    assert moment_fr(datetime(2027, 1, 2, 8, 5)) == "02/01/2027 08:05"


def test_actions_are_found_by_their_words() -> None:
    assert "facture.emission" in actions_matching("facture émise")
    assert "avoir.emission" not in actions_matching("facture émise")
    assert {"person.ajout", "person.modification", "rgpd.acces"} <= set(actions_matching("Personne"))
    assert "sauvegarde" in actions_matching("SAUVEGARDE") and "restauration" in actions_matching("sauvegarde")
    assert set(actions_matching("person.")) == {"person.ajout", "person.modification", "person.suppression"}
    assert actions_matching("girafe") == ()


def test_the_trail_is_searched_in_words(billing: Context) -> None:
    save_client(billing, {"kind": "particulier", "name": "Zoé Canari", "address": "7 rue des Canaris",
                          "postal_code": "59100", "city": "Roubaix"})  # fmt: skip
    issued = issue_document(billing, create_document(billing, draft(business_client(billing))))
    assert [entry.record for entry in list_entries(billing, words="facture émise")] == [issued.number]
    assert {entry.action for entry in list_entries(billing, words="client")} == {"client.ajout"}
    assert list_entries(billing, words="girafe") == []
