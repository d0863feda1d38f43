"""Interface text and number formats, Vietnamese first, English as a switch.

Numbers follow the Vietnamese convention (``1.234,5``; ``99,16%``), dates
are ``dd/mm/yyyy`` and quarters ``Quý II/2023``. ``t(key, lang)`` returns the
label ``ui.<key>`` of the one message catalogue (``dashboard.messages``);
``tests/test_messages.py`` checks every message has both languages.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

import pandas as pd

from dashboard.contract.periods import quarter_label
from dashboard.messages import LANGS as LANGS, message, namespace  # LANGS: re-exported

# The interface labels: the ``ui.*`` namespace of the one catalogue (dashboard.messages), without the prefix.
TEXT: dict[str, tuple[str, str]] = namespace("ui")


def t(key: str, lang: str | None = "vi", **params: object) -> str:
    """The label ``ui.<key>`` in ``lang`` (Vietnamese for anything but ``en``), its parameters filled.

    Without parameters, the template as written (a caller may fill it later).
    """
    if not params:
        vi, en = TEXT[key]
        return en if lang == "en" else vi
    return message(f"ui.{key}", lang, **params)


def fmt_number(value: object, lang: str = "vi", decimals: int = 0) -> str:
    """``1.234,5`` (vi) or ``1,234.5`` (en); empty for missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{float(value):,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def fmt_percent(value: object, lang: str = "vi", decimals: int = 1) -> str:
    """``99,2%`` (vi) or ``99.2%`` (en) for 0.992."""
    formatted = fmt_number(None if value is None or pd.isna(value) else float(value) * 100, lang, decimals)
    return f"{formatted}%" if formatted else ""


def fmt_signed_percent(value: object, lang: str = "vi") -> str:
    if value is None or pd.isna(value):
        return ""
    return ("+" if value > 0 else "") + fmt_percent(value, lang)


def fmt_date(value: object) -> str:
    """``27/04/2023``; empty for missing."""
    if value is None or (not isinstance(value, (date, datetime)) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).strftime("%d/%m/%Y")


# Viet Nam keeps UTC+7 all year (no daylight saving since 1975): a fixed offset needs no time-zone database,
# which a fresh machine with only Python may lack.
VIET_NAM_TIME = timezone(timedelta(hours=7), "ICT")


def fmt_moment(value: object) -> str:
    """``27/04/2023 14:05`` in Viet Nam time for a moment (the ledger keeps ISO text in UTC); empty for missing.

    A moment without a zone is taken as UTC, as the ledger writes it.
    """
    if value is None or (not isinstance(value, (date, datetime)) and pd.isna(value)):
        return ""
    moment = pd.Timestamp(value)
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment
    return moment.tz_convert(VIET_NAM_TIME).strftime("%d/%m/%Y %H:%M")


def fmt_quarter(quarter: str, lang: str = "vi") -> str:
    return quarter_label(quarter, lang)


def plotly_separators(lang: str) -> str:
    """Plotly's ``layout.separators``: decimal mark then thousands mark."""
    return ",." if lang == "vi" else ".,"
