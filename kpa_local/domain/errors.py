"""Typed refusals that carry a French sentence saying what is wrong and what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing to fix: the field it concerns (or None) and a French sentence."""

    field: str | None
    message: str


class KpaError(Exception):
    """Base of every refusal shown to a user; its text is a French sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Refused(KpaError):
    """Input that cannot be saved, with one problem per field to fix."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__(" ".join(p.message for p in self.problems))

    def for_field(self, field: str) -> str | None:
        """The message about one field, if there is one."""
        for problem in self.problems:
            if problem.field == field:
                return problem.message
        return None


class NotFound(KpaError):
    """A record that does not exist (any more)."""
