"""Accounts of the shared computer: roles, what makes a good password, how long to wait after failures."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from kpa_local.domain.errors import Problem

COORDINATION = "coordination"
CONTRIBUTOR = "contributeur"
COOPERANT = "cooperant"
ACCOUNT_ROLES = {
    COORDINATION: "Coordination",
    CONTRIBUTOR: "Contributeur·rice",
    COOPERANT: "Coopérant·e",
}
MIN_PASSWORD = 8
FREE_ATTEMPTS = 3
FIRST_DELAY = timedelta(seconds=5)
LONGEST_DELAY = timedelta(minutes=15)
_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


@dataclass(frozen=True)
class Actor:
    """The person on whose behalf a service acts: their account, its role, their member record."""

    name: str
    role: str = COORDINATION
    account_id: int | None = None
    person_id: int | None = None  # the member record of a coopérant·e's own account


@dataclass(frozen=True)
class AccountForm:
    """What is typed to create an account."""

    name: str
    login: str
    role: str
    password: str
    confirmation: str
    person_id: int | None = None


def normal_login(text: str) -> str:
    """A login as stored: lower case, without accents or spaces around."""
    folded = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(char for char in folded if not unicodedata.combining(char))


def password_problems(password: str, confirmation: str, login: str = "", field: str = "password") -> list[Problem]:
    """What is wrong with a new password (long enough, typed twice the same, not the login)."""
    if len(password) < MIN_PASSWORD:
        return [Problem(field, f"Le mot de passe doit avoir au moins {MIN_PASSWORD} caractères.")]
    if login and normal_login(password) == login:
        return [Problem(field, "Le mot de passe ne peut pas être l'identifiant : choisissez-en un autre.")]
    if password != confirmation:
        return [Problem("confirmation", "Les deux mots de passe ne sont pas les mêmes : retapez-les.")]
    return []


def form_problems(form: AccountForm) -> list[Problem]:
    """Every problem of an account form, field by field."""
    problems = []
    if not form.name.strip():
        problems.append(Problem("name", "Écrivez le nom de la personne (prénom et nom)."))
    login = normal_login(form.login)
    if not _LOGIN.match(login):
        problems.append(
            Problem("login", "L'identifiant : 2 à 32 lettres sans accent, chiffres, points ou tirets (ex. : nadia.b).")
        )
    if form.role not in ACCOUNT_ROLES:
        problems.append(Problem("role", "Choisissez un rôle : coordination, contributeur·rice ou coopérant·e."))
    if form.role == COOPERANT and form.person_id is None:
        problems.append(Problem("person_id", "Un compte coopérant·e est relié à sa fiche de membre : choisissez-la."))
    problems.extend(password_problems(form.password, form.confirmation, login))
    return problems


def wait_after(failures: int) -> timedelta:
    """How long sign-in is refused after that many failures in a row: nothing, then doubling delays."""
    if failures < FREE_ATTEMPTS:
        return timedelta(0)
    doubled: timedelta = FIRST_DELAY * (2 ** (failures - FREE_ATTEMPTS))
    return min(doubled, LONGEST_DELAY)
