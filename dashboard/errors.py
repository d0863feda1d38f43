"""The one error type users see, and its bilingual messages.

Every refusal — a bad upload on the command line, on the upload page or in
a notebook, a busy store, an unknown version — is a ``UserError`` holding
``Problem`` rows. Each problem names the file, the row as the spreadsheet
shows it (header = row 1), the column as the file spelled it, the value, and
what to do, in Vietnamese or English: the ``error.<code>`` message of the one
catalogue (``dashboard.messages``), localised when rendered. It renders three
ways: one line per problem (CLI), a table (page, CSV download, notebook), and
``str()``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from dashboard.messages import message, namespace

# The problem codes: the ``error.*`` namespace of the one catalogue (dashboard.messages), without the prefix.
# Placeholders: {value} and the problem's params ({suggest} from its ``suggestions``).
MESSAGES: dict[str, tuple[str, str]] = namespace("error")
_COLUMNS = ("file", "row", "column", "value", "message")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload (or a request), located as precisely as known."""

    code: str
    file: str = ""
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str = "vi") -> str:
        """The message ``error.<code>`` in ``lang``, its parameters (and the value) filled now."""
        params = dict(self.params)
        if "suggestions" in params:
            names = params.pop("suggestions")
            quoted = "; ".join(f"«{n}»" if lang != "en" else f"'{n}'" for n in names)
            params["suggest"] = message("problems.did_you_mean", lang, names=quoted) if names else ""
        value = "" if self.value is None else _shorten(self.value)
        return message(f"error.{self.code}", lang, **{**params, "value": value})

    def line(self, lang: str = "vi") -> str:
        """``FILE:ROW:COLUMN: message`` — one line, for the command line."""
        row = "" if self.row is None else str(self.row)
        return f"{self.file}:{row}:{self.column or ''}: {self.message(lang)}"

    def as_row(self, lang: str = "vi") -> dict:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column or "",
            "value": "" if self.value is None else self.value,
            "message": self.message(lang),
        }


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class UserError(Exception):
    """A refusal a user can act on: one or more problems, nothing written."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(self.render("en"))

    def render(self, lang: str = "vi") -> str:
        return "\n".join(p.line(lang) for p in self.problems)

    def to_frame(self, lang: str = "vi") -> pd.DataFrame:
        return problems_frame(self.problems, lang)


def problems_frame(problems: list[Problem], lang: str = "vi") -> pd.DataFrame:
    """The problems as a table with localised headers (page, CSV, notebook)."""
    headers = [message(f"problems.header_{column}", lang) for column in _COLUMNS]
    frame = pd.DataFrame([p.as_row(lang) for p in problems], columns=list(_COLUMNS))
    frame["row"] = frame["row"].astype("Int64")
    return frame.set_axis(headers, axis=1)


def problem_dicts(problems: list[Problem]) -> list[dict]:
    """Plain dicts (for JSON, e.g. a dcc.Store)."""
    return [asdict(p) for p in problems]
