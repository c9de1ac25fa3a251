"""The profile of a person as the network counts it: age band, département, time at France Travail."""

from __future__ import annotations

import re
from datetime import date

from kpa_local.domain.codes import UNKNOWN
from kpa_local.domain.dates import age_on, months_between

MINIMUM_AGE = 16

_POSTAL_CODE = re.compile(r"^\d{5}$")
# Overseas postal codes start with the three digits of their INSEE code.
_OVERSEAS = {"971", "972", "973", "974", "975", "976", "986", "987", "988"}


def age_band(birth: date | None, entry: date | None) -> str:
    """Age band at entry in the KPA: 16-24, 25-39, 40-54, 55+ (inconnu without both dates)."""
    if birth is None or entry is None:
        return UNKNOWN
    age = age_on(birth, entry)
    if age < MINIMUM_AGE:
        return UNKNOWN
    if age <= 24:
        return "16-24"
    if age <= 39:
        return "25-39"
    if age <= 54:
        return "40-54"
    return "55+"


def departement(postal_code: str | None) -> str:
    """INSEE code of the département of a French postal code (Corsica and overseas included)."""
    code = (postal_code or "").replace(" ", "")
    if not _POSTAL_CODE.match(code):
        return UNKNOWN
    prefix = code[:2]
    if prefix == "00" or prefix == "99":
        return UNKNOWN
    if prefix == "20":
        # 200xx-201xx and Ajaccio's CEDEX 209xx are Corse-du-Sud; 202xx-206xx Haute-Corse.
        return "2A" if code[2] in "019" else "2B"
    if prefix == "97" or prefix == "98":
        return code[:3] if code[:3] in _OVERSEAS else UNKNOWN
    return prefix


def is_valid_postal_code(postal_code: str) -> bool:
    """Whether a text is a French postal code that names a known département."""
    return departement(postal_code) != UNKNOWN


def ft_duration_band(registered: str, since: date | None, entry: date | None) -> str:
    """How long a person had been registered at France Travail when entering; empty if not."""
    if registered != "oui":
        return ""
    if since is None or entry is None or since > entry:
        return UNKNOWN
    months = months_between(since, entry)
    if months < 6:
        return "<6m"
    if months <= 12:
        return "6-12m"
    if months <= 24:
        return "13-24m"
    if months <= 60:
        return "2-5y"
    return ">5y"
