"""A choice list whose type-to-search finds the options, never the empty choice's placeholder."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay


class _OptionsOverlay(SelectOverlay):
    """The open list; typing jumps to the option that matches earliest, skipping the placeholder."""

    def _find_search_match(self, query: str) -> int | None:
        select = self.parent
        first = 1 if isinstance(select, Select) and select._allow_blank else 0
        query = query.lower()
        best: tuple[int, int] | None = None
        for index in range(first, self.option_count):
            prompt = self.get_option_at_index(index).prompt
            text = prompt if isinstance(prompt, str) else str(getattr(prompt, "plain", ""))
            found = text.lower().find(query)
            if found != -1 and (best is None or found < best[0]):
                best = (found, index)
        return None if best is None else best[1]


class SearchSelect(Select[str]):
    """A `Select` whose list, typed into, lands on an option (« Ch » finds « Chambre à air posée »)."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield _OptionsOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)
