"""Settings precedence and documentation; every interface text in both languages; number formats."""

from pathlib import Path

import pytest

from dashboard.errors import MESSAGES
from dashboard.i18n import TEXT, fmt_date, fmt_number, fmt_percent, fmt_quarter
from dashboard.settings import Settings, setting_names

ROOT = Path(__file__).resolve().parent.parent


def test_explicit_beats_environment_beats_default(monkeypatch):
    assert Settings.load().max_upload_mb == 20.0
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "5")
    monkeypatch.setenv("DASHBOARD_EXCLUDE_EXEMPT", "false")
    assert Settings.load().max_upload_mb == 5.0
    assert Settings.load().exclude_exempt is False
    assert Settings.load(max_upload_mb=7).max_upload_mb == 7.0
    monkeypatch.setenv("DASHBOARD_STORE", "/elsewhere")
    assert str(Settings.load().store) == "/elsewhere"


def test_every_setting_is_documented():
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    names = setting_names()
    assert len(names) > 10  # the loop below checks something
    for name in names:
        assert f"DASHBOARD_{name.upper()}" in doc, name


@pytest.mark.parametrize("table", [TEXT, MESSAGES])
def test_every_text_has_both_languages(table):
    assert table
    for key, (vi, en) in table.items():
        assert vi.strip() and en.strip(), key  # never empty, whatever the key
        assert vi != en or key in {"kpi_conferences"}, key


def test_vietnamese_formats():
    assert fmt_number(1234.5, "vi", 1) == "1.234,5"
    assert fmt_number(1234.5, "en", 1) == "1,234.5"
    assert fmt_number(35599) == "35.599"
    assert fmt_percent(0.9916, "vi", 2) == "99,16%"
    assert fmt_percent(None) == ""
    assert fmt_quarter("2023-Q2") == "Quý II/2023"
    import datetime
    assert fmt_date(datetime.date(2023, 4, 27)) == "27/04/2023"
