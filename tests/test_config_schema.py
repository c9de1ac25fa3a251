"""The schema of kpa.toml: typed values, lists, the network's privacy floor, keys renamed, sections added."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from kpa_local.config import ConfigError, load_settings, parse_settings, template_text
from kpa_local.config.sections import SECTIONS
from kpa_local.domain.money import Money
from kpa_local.workspace import Workspace


def _with(text: str, key: str, value: str) -> str:
    """The template with one key's value replaced (the key is unique in the template)."""
    changed, count = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, count=1, flags=re.MULTILINE)
    assert count == 1, key
    return changed


def _refused(workspace: Workspace, name: str, value: str, said: str) -> None:
    """The template with `section.key` given that value is refused, the sentence naming the key and its line."""
    text = _with(workspace.config_file.read_text(encoding="utf-8"), name.split(".")[1], value)
    with pytest.raises(ConfigError) as refusal:
        parse_settings(text, workspace.config_file)
    problems = refusal.value.problems
    assert any("ligne " in problem and name in problem and said in problem for problem in problems), problems


def test_values_are_read_once_into_their_types(workspace: Workspace) -> None:
    settings = load_settings(workspace.config_file)
    assert settings.billing.payment_methods == ("virement", "cheque")
    assert settings.sharing.cae_percent == Decimal(10)
    assert settings.sharing.insurance_per_person_month == Money(0)
    assert settings.sharing.eligible_contracts == ("cape", "cesa")
    assert settings.export.quasi_identifiers == ("gender", "age_band", "departement", "qpv")
    assert settings.sharing.rule().savings_percent == Decimal(10)


def test_a_list_may_be_a_toml_array_and_a_percentage_a_number(workspace: Workspace) -> None:
    text = workspace.config_file.read_text(encoding="utf-8")
    text = _with(text, "payment_methods", '["Virement", "chèque", "carte bancaire"]')
    text = _with(text, "cae_percent", "2.5")
    text = _with(text, "weights", '"12 = 2 ; 15 = 1,5"')
    settings = parse_settings(text, workspace.config_file)
    assert settings.billing.payment_methods == ("virement", "cheque", "carte")
    assert settings.sharing.cae_percent == Decimal("2.5")
    assert settings.sharing.weights == {12: Decimal(2), 15: Decimal("1.5")}


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("k", "2", "entre 3 et 20 (3 au moins, la règle du réseau)"),
        ("quasi_identifiers", '"gender, qpv"', "il y manque age_band, departement"),
        ("quasi_identifiers", '""', "doit lister des colonnes"),
        ("sensitive", '"rqth"', "il y manque international_protection"),
    ],
)
def test_the_privacy_settings_never_make_the_bundle_less_private_than_the_network_rule(
    workspace: Workspace, key: str, value: str, said: str
) -> None:
    _refused(workspace, f"export.{key}", value, said)


def test_the_privacy_settings_may_ask_for_more(workspace: Workspace) -> None:
    text = workspace.config_file.read_text(encoding="utf-8")
    text = _with(text, "k", "5")
    text = _with(text, "quasi_identifiers", '"gender, age_band, departement, qpv, education"')
    text = _with(text, "sensitive", '"rqth, international_protection, single_parent"')
    export = parse_settings(text, workspace.config_file).export
    assert (export.k, export.quasi_identifiers[-1], export.sensitive[-1]) == (5, "education", "single_parent")


def test_a_key_that_changed_name_is_renamed_in_the_file_with_a_note(workspace: Workspace) -> None:
    path = workspace.config_file
    older = path.read_text(encoding="utf-8").replace('insurance_mode = "pourcentage"', 'insurance = "forfait"')
    path.write_text(older, encoding="utf-8")
    settings = load_settings(path)
    assert settings.sharing.insurance_mode == "forfait"
    assert settings.notes == (
        f"{path} : la clé « sharing.insurance » s'appelle maintenant « insurance_mode » ; "
        "elle a été renommée dans le fichier.",
    )
    now = path.read_text(encoding="utf-8")
    assert 'insurance_mode = "forfait"' in now and "\ninsurance = " not in now
    assert "# Cette clé s'appelait « insurance » avant." in now
    assert (
        now.replace("# Cette clé s'appelait « insurance » avant.\n", "").replace("insurance_mode", "insurance") == older
    )
    assert load_settings(path).notes == ()  # once renamed, nothing more to say


def test_an_old_name_beside_the_new_one_is_refused(workspace: Workspace) -> None:
    text = workspace.config_file.read_text(encoding="utf-8").replace(
        'insurance_mode = "pourcentage"', 'insurance_mode = "pourcentage"\ninsurance = "forfait"'
    )
    with pytest.raises(ConfigError, match=r"sharing\.insurance » est l'ancien nom de « insurance_mode »"):
        parse_settings(text, workspace.config_file)


def test_a_section_an_older_file_lacks_is_added_from_the_template_with_a_note(workspace: Workspace) -> None:
    path = workspace.config_file
    text = path.read_text(encoding="utf-8")
    start, end = text.index("[security]"), text.index("[retention]")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    settings = load_settings(path)
    assert settings.security.idle_lock_minutes == 15
    assert settings.notes == (
        f"{path} : la section [security] manquait ; elle a été ajoutée avec les valeurs du modèle, à vérifier.",
    )
    assert "[security]" in path.read_text(encoding="utf-8")
    assert "idle_lock_minutes = 15" in path.read_text(encoding="utf-8")


def test_a_section_that_was_there_from_the_start_is_required(workspace: Workspace) -> None:
    text = workspace.config_file.read_text(encoding="utf-8")
    start, end = text.index("[members]"), text.index("[billing]")
    with pytest.raises(ConfigError, match=r"la section \[members\] manque ; recopiez-la depuis le modèle"):
        parse_settings(text[:start] + text[end:], workspace.config_file)


def test_every_key_of_the_template_is_declared_once_with_a_label() -> None:
    from kpa_local.toml_files import parse_toml

    written = parse_toml(template_text(), Path("kpa.toml"))
    assert list(written) == [section.name for section in SECTIONS]
    for section in SECTIONS:
        assert sorted(written[section.name]) == sorted(section.names()), section.name
        for name, key, default in section.entries():
            assert key.label, f"{section.name}.{name}"
            if key.on_screen:  # what a field shows of the default is read back as it
                assert key.kind.read(key.kind.typed(key.kind.shown(default))) == default, f"{section.name}.{name}"


def test_the_accounts_of_the_template_give_every_vat_rate_its_accounts(workspace: Workspace) -> None:
    from kpa_local.domain.vat import VAT_RATES, rate_key

    plan = load_settings(workspace.config_file).accounting.plan()
    assert set(plan.revenue) == {rate_key(rate) for rate in VAT_RATES}
    assert set(plan.vat) == {rate_key(rate) for rate in VAT_RATES if rate}
    assert (plan.client_account, plan.deposit_account, plan.revenue["5.5"], plan.vat["20"]) == (
        "411000", "419100", "706300", "445711"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("vat_20", '"706100"', "doit être un compte de TVA collectée, qui commence par 4457"),
        ("revenue_10", '"4457"', "doit être un compte de produits, qui commence par 7"),
        ("client_account", '"41"', "doit être un numéro de compte : au moins 3 chiffres"),
        ("bank_account", '"512 000"', "sans espace"),
        ("deposit_account", '""', "est obligatoire"),
        ("client_prefix", '"4 11"', "doit faire 1 à 8 lettres ou chiffres"),
        ("cash_journal", '"VT"', "reprend le code « VT » de « sales_journal » : donnez à chaque journal le sien"),
    ],
)
def test_an_account_or_journal_that_cannot_be_used_is_refused_with_its_line(
    workspace: Workspace, key: str, value: str, said: str
) -> None:
    _refused(workspace, f"accounting.{key}", value, said)
