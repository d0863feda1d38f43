"""Newcomer friction: the command line's help and errors in the chosen language (Vietnamese first, argparse's own
words too), ``python3 scripts/dev.py cli`` from a fresh shell, the first start saying what it does, and a
pyproject that installs without a deprecation warning."""

from __future__ import annotations

import argparse
import gettext
import inspect
import io
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.cli import ARGPARSE_WORDS, main, say
from dashboard.messages import MESSAGES, message
from tests.test_messages import vietnamese

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = [[], ["sample"], ["ingest"], ["history"], ["undo"], ["rollback"], ["report"], ["users"],
            ["users", "add"], ["users", "remove"], ["users", "list"], ["users", "set-role"],
            ["users", "set-password"], ["bench"], ["serve"], ["extract"]]
# What argparse writes itself, in English: none of it may show in a Vietnamese help or error.
ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "show this help message and exit", "error:",
                    "the following arguments are required", "invalid choice", "choose from", "argument ")
# The examples the report's help quotes as typed (Vietnamese in the English help too).
TYPED = ("Đảng ủy phường Thanh Khê Tây", "Quý II/2023", "6 tháng đầu năm 2023", "9 tháng năm 2023", "Năm 2023",
         "Nhiệm kỳ 2020–2025")


@pytest.fixture(autouse=True)
def environment(tmp_path, monkeypatch):
    """No language from the caller's environment; defaults (shown in the help) in a plain folder; help lines
    as wide as they come (argparse wraps at hyphens too)."""
    monkeypatch.delenv("DASHBOARD_LANG", raising=False)
    monkeypatch.setenv("COLUMNS", "1000")
    monkeypatch.setenv("DASHBOARD_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("DASHBOARD_AUTH_DB", str(tmp_path / "auth.sqlite3"))
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))


def help_of(args: list[str], capsys) -> str:
    """The help ``main(args)`` prints, its lines joined (argparse wraps lines at spaces only)."""
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.strip()
    return " ".join(out.split())


def usage_error(args: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    return capsys.readouterr().err


def english(text: str) -> bool:
    for typed in TYPED:
        text = text.replace(typed, " ")
    return not vietnamese(text)


# --- help --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_help_is_vietnamese_by_default(command, capsys):
    out = help_of([*command, "--help"], capsys)
    assert out.startswith("cách dùng: python3 scripts/dev.py cli") and "in trợ giúp này rồi thoát" in out
    assert "tùy chọn:" in out
    assert [word for word in ARGPARSE_ENGLISH if word in out] == []
    name = "_".join(["help", *command]).replace("-", "_") if command else "help_description"
    assert say(name, "vi") in out  # the command's own description


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_help_in_english_with_lang_en(command, capsys):
    out = help_of(["--lang", "en", *command, "--help"], capsys)
    assert out.startswith("usage: python3 scripts/dev.py cli") and "show this help message and exit" in out
    assert "options:" in out
    assert english(out), out


def test_every_help_text_is_shown(capsys):
    """Every ``cli.help_*`` and ``cli.metavar_*`` entry reaches some help page, in both languages."""
    for lang in ("vi", "en"):
        shown = " ".join(help_of(["--lang", lang, *command, "--help"], capsys) for command in COMMANDS)
        for code in MESSAGES:
            name = code.removeprefix("cli.")
            if name.startswith(("help_", "metavar_")) and "{" not in MESSAGES[code][0]:
                assert say(name, lang) in shown, (lang, code)


def test_the_top_help_names_the_environment_command(capsys):
    assert ".venv/bin/python -m dashboard … là cùng lệnh này" in help_of(["--help"], capsys)
    assert ".venv/bin/python -m dashboard … is the same command" in help_of(["--lang", "en", "--help"], capsys)


def test_lang_is_read_before_the_help_wherever_it_is_written(capsys, monkeypatch):
    assert help_of(["ingest", "--lang", "en", "--help"], capsys).startswith("usage:")
    assert help_of(["--lang=en", "report", "--help"], capsys).startswith("usage:")
    assert help_of(["--la", "en", "--help"], capsys).startswith("usage:")  # argparse takes an abbreviation
    monkeypatch.setenv("DASHBOARD_LANG", "en")
    assert help_of(["--help"], capsys).startswith("usage:")
    assert help_of(["--lang", "vi", "--help"], capsys).startswith("cách dùng:")


def test_lang_scan():
    assert cli._lang_in(["--lang", "en", "history"]) == "en"
    assert cli._lang_in(["--lang", "vi", "ingest", "--lang=en", "a.csv"]) == "en"  # the subcommand's wins
    assert cli._lang_in(["ingest", "--", "--lang", "en"]) is None  # after --: a file name
    assert cli._lang_in(["--lang", "fr"]) is None and cli._lang_in(["--lang"]) is None
    assert cli._lang_in(["--language", "en"]) is None and cli._lang_in(["-l", "en"]) is None


def test_the_help_shows_the_settings_defaults(tmp_path, capsys):
    out = help_of(["serve", "--help"], capsys)
    assert f"thư mục kho dữ liệu (mặc định: {tmp_path / 'store'})" in out
    assert "cổng (mặc định: 8050)" in out


# --- argparse's own words --------------------------------------------------------------------------------------

def test_argparse_words_are_argparse_texts():
    """Each English entry is the text argparse passes to gettext, so the table finds it."""
    source = inspect.getsource(argparse)
    for text, name in ARGPARSE_WORDS.items():
        assert MESSAGES[f"cli.{name}"][1] == text
        assert repr(text)[1:-1] in source, f"argparse no longer writes {text!r}"


def test_argparse_words_are_restored_afterwards(capsys):
    help_of(["--help"], capsys)
    usage_error(["bogus"], capsys)
    assert argparse._ is gettext.gettext
    assert argparse.ArgumentParser(prog="x").format_usage() == "usage: x [-h]\n"


@pytest.mark.parametrize("args, vi, en", [
    (["ingest"], "lỗi: thiếu đối số bắt buộc: TỆP", "error: the following arguments are required: FILE"),
    (["bogus"], "lỗi: đối số LỆNH: lựa chọn không hợp lệ: 'bogus'", "error: argument COMMAND: invalid choice: 'bogus'"),
    (["sample", "--out", "x", "--wards", "two"], "đối số --wards: giá trị không hợp lệ: 'two'",
     "argument --wards: invalid int value: 'two'"),
    (["history", "--nope"], "đối số không nhận ra: --nope", "unrecognized arguments: --nope"),
    (["report", "--unit"], "đối số --unit: cần một giá trị", "argument --unit: expected one argument"),
    (["users", "add", "lan"], "thiếu đối số bắt buộc: --role", "the following arguments are required: --role"),
])
def test_usage_errors_in_the_chosen_language(args, vi, en, capsys):
    err = usage_error(args, capsys)
    assert err.startswith("cách dùng: ") and vi in err
    assert [word for word in ARGPARSE_ENGLISH if word in err] == []
    err = usage_error(["--lang", "en", *args], capsys)
    assert err.startswith("usage: ") and en in err and english(err)


# --- the command line's own errors ---------------------------------------------------------------------------

def test_command_errors_in_the_chosen_language(tmp_path, capsys):
    assert main(["sample", "--out", str(tmp_path / "x"), "--years", "2021"]) == 2
    assert capsys.readouterr().err.startswith("--years: cần dạng NĂM_ĐẦU-NĂM_CUỐI")
    assert main(["--lang", "en", "sample", "--out", str(tmp_path / "x"), "--years", "2021"]) == 2
    assert capsys.readouterr().err.startswith("--years: expected FIRST-LAST")
    assert main(["ingest", str(tmp_path / "nope.csv")]) == 2
    assert capsys.readouterr().err.strip() == f"{tmp_path / 'nope.csv'}: không có tệp này"
    assert main(["ingest", "--lang", "en", str(tmp_path / "nope.csv")]) == 2
    assert capsys.readouterr().err.strip() == f"{tmp_path / 'nope.csv'}: no such file"


def test_a_version_error_says_the_chosen_language_first(capsys):
    vi = usage_error(["undo", "abc"], capsys)
    en = usage_error(["--lang", "en", "undo", "abc"], capsys)
    assert vi.index("không phải số phiên bản") < vi.index("is not a version number")
    assert en.index("is not a version number") < en.index("không phải số phiên bản")


def test_account_errors_from_the_catalogue(tmp_path, capsys, monkeypatch):
    """Each reason dashboard.auth.users gives is shown from the catalogue (the table in cli follows its wording)."""
    db = str(tmp_path / "auth.sqlite3")

    def users(*args: str, password: str = "pass-word-1", lang: str = "vi") -> tuple[int, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
        code = main(["--lang", lang, "users", "--auth-db", db, *args])
        return code, capsys.readouterr().err.strip()

    assert users("add", "lan", "--role", "viewer") == (1, say("users_viewer_unit", "vi"))
    assert users("add", "lan", "--role", "viewer", lang="en") == (
        1, "A viewer account needs --unit (the units it reads) or --all-units (every unit).")
    assert users("add", "lan", "--role", "viewer", "--all-units") == (0, "")
    assert users("add", "lan", "--role", "viewer", "--unit", "X") == (1, say("users_exists", "vi", name="'lan'"))
    assert users("add", "lan", "--role", "viewer", "--unit", "X", lang="en") == (1, "The account 'lan' exists already.")
    assert users("add", "an", "--role", "viewer", "--all-units", password="short") == (
        1, say("users_short_password", "vi", count=8))
    assert users("set-units", "lan") == (1, say("users_viewer_unit", "vi"))
    assert users("set-units", "nobody", "--all-units") == (1, say("users_unknown", "vi", name="'nobody'"))
    assert users("add", "an", "--role", "staff") == (1, say("users_staff_unit", "vi"))
    assert users("add", " ", "--role", "viewer", "--all-units") == (1, say("users_empty_name", "vi"))
    assert users("remove", "nobody") == (1, say("users_unknown", "vi", name="'nobody'"))
    assert users("set-password", "nobody") == (1, say("users_unknown", "vi", name="'nobody'"))
    assert cli._users_error(ValueError("something new"), "vi") == "Không thực hiện được: something new"


# --- the first start -------------------------------------------------------------------------------------------

def few_samples(tmp_path: Path) -> Path:
    """The registry and one quarter of the bundled samples: the same steps, in a few seconds."""
    folder = tmp_path / "samples"
    folder.mkdir()
    for name in ("units.csv", "organizations.csv", "2021-Q1_conferences.csv", "2021-Q1_attendance.csv"):
        shutil.copy(ROOT / "data" / "samples" / name, folder / name)
    return folder


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_building_the_sample_store_prints_each_step(tmp_path, capsys, lang):
    from dashboard.app import load_samples_if_empty
    from dashboard.settings import Settings

    samples = few_samples(tmp_path)
    settings = Settings.load(store=tmp_path / "store", samples=samples, lang=lang)
    assert load_samples_if_empty(settings) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if "/3)" in line] == lines and len(lines) == 3
    assert lines[0] == message("cli.sample_store_reading", lang, count=4, folder=samples)
    assert lines[1] == message("cli.sample_store_writing", lang, store=tmp_path / "store")
    seconds = int(re.search(r"(\d+) (giây|s)\.$", lines[2]).group(1))
    assert lines[2] == message("cli.sample_store_done", lang, version=1, seconds=seconds)
    assert all(vietnamese(line) == (lang == "vi") for line in lines)
    assert load_samples_if_empty(settings) is None  # filled already: nothing to do, nothing printed
    assert capsys.readouterr().out == ""


# --- scripts/dev.py cli, from a fresh shell --------------------------------------------------------------------

def dev_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "dev.py"), "cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_dev_cli_runs_the_command_line(tmp_path):
    """Help, standard input (a password), standard output and the exit code all pass through."""
    shown = dev_cli("--lang", "en", "--help")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("usage: python3 scripts/dev.py cli")
    db = str(tmp_path / "auth.sqlite3")
    added = dev_cli("users", "--auth-db", db, "add", "lan", "--role", "viewer", "--unit", "Đảng ủy phường A",
                    stdin="pass-word-1\n")
    assert added.returncode == 0 and added.stdout == "lan\tviewer\tĐảng ủy phường A\n"
    again = dev_cli("users", "--auth-db", db, "add", "lan", "--role", "viewer", "--all-units", stdin="pass-word-1\n")
    assert again.returncode == 1 and again.stderr.strip() == "Đã có tài khoản 'lan'."
    assert dev_cli("users", "--auth-db", db, "set-units", "lan", "--all-units").returncode == 0
    listed = dev_cli("users", "--auth-db", db, "list")
    assert listed.returncode == 0 and listed.stdout == "lan\tviewer\t(mọi đơn vị)\n"  # set-units replaces the units


# --- packaging -------------------------------------------------------------------------------------------------

def test_the_licence_is_an_spdx_expression():
    """PEP 639: ``license = "MIT"`` (a table is deprecated in setuptools), which needs setuptools 77 or newer."""
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    setuptools = [Requirement(r) for r in project["build-system"]["requires"] if r.startswith("setuptools")]
    assert len(setuptools) == 1
    assert not setuptools[0].specifier.contains("76.9") and setuptools[0].specifier.contains("77.0")
    for pattern in project["project"].get("license-files", []):
        assert list(ROOT.glob(pattern)), pattern
