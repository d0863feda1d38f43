"""The command line: ``python3 scripts/dev.py cli <command>`` (inside the environment, ``python -m dashboard``).

Commands: sample, ingest, history, undo, rollback, report, users, bench, serve, extract.
Exit codes: 0 done, 1 refused (every problem printed on standard error as
``FILE:ROW:COLUMN: message``), 2 usage error.

Every text it shows — help, argparse's own words, errors — comes from the
catalogue (``cli.*`` in dashboard.messages), in the language of ``--lang``, else
of the settings (``DASHBOARD_LANG``, default Vietnamese). argparse reads
``--lang`` in the same pass as it shows help, so ``main`` looks for it in the
arguments first and builds the parser in that language.
"""

from __future__ import annotations

import argparse
import gettext
import re
import sys
from contextlib import contextmanager
from pathlib import Path

from dashboard.errors import UserError
from dashboard.messages import LANGS, message
from dashboard.settings import Settings

PROG = "python3 scripts/dev.py cli"


def say(key: str, lang: str, **params: object) -> str:
    """The command line's message ``cli.<key>`` (dashboard.messages) in ``lang``."""
    return message(f"cli.{key}", lang, **params)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    defaults = _defaults(_lang_in(argv))
    with argparse_words(defaults.lang):
        args = build_parser(defaults.lang, defaults).parse_args(argv)
    settings = Settings.load(store=getattr(args, "store", None), lang=args.lang,
                             host=getattr(args, "host", None), port=getattr(args, "port", None),
                             users_file=getattr(args, "users_file", None), auth_db=getattr(args, "auth_db", None))
    lang = settings.lang
    try:
        return COMMANDS[args.command](args, settings, lang)
    except UserError as error:
        print(error.render(lang), file=sys.stderr)
        return 1


def _lang_in(argv: list[str]) -> str | None:
    """The last valid ``--lang X`` / ``--lang=X`` (or an abbreviation argparse accepts, ``--la X``) before ``--``."""
    found = None
    for i, token in enumerate(argv):
        if token == "--":
            break
        name, equals, value = token.partition("=")
        if len(name) < 3 or not "--lang".startswith(name):
            continue
        if not equals:
            value = argv[i + 1] if i + 1 < len(argv) else ""
        if value in LANGS:
            found = value
    return found


def _defaults(lang: str | None) -> Settings:
    """The settings the help shows as defaults; the plain defaults when the environment holds a bad value
    (the command itself then reports it, as before)."""
    try:
        return Settings.load(lang=lang)
    except ValueError:
        return Settings(lang=lang or Settings.lang)


# argparse's own words (it translates them with gettext, ``argparse._``): the text it passes → the catalogue's
# ``cli.<name>``, whose English is that text. Any other text argparse shows stays as argparse wrote it.
ARGPARSE_WORDS = {
    "usage: ": "argparse_usage",
    "positional arguments": "argparse_positionals",
    "options": "argparse_options",
    "show this help message and exit": "argparse_help",
    "%(prog)s: error: %(message)s\n": "argparse_error",
    "argument %(argument_name)s: %(message)s": "argparse_argument",
    "the following arguments are required: %s": "argparse_required",
    "unrecognized arguments: %s": "argparse_unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse_invalid_choice",
    "invalid %(type)s value: %(value)r": "argparse_invalid_value",
    "expected one argument": "argparse_expected_one",
    "expected at least one argument": "argparse_expected_some",
    "ambiguous option: %(option)s could match %(matches)s": "argparse_ambiguous",
    "ignored explicit argument %r": "argparse_ignored",
}


class ArgparseWords(gettext.NullTranslations):
    """A gettext translation of argparse's words from the catalogue, in one language."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def gettext(self, text: str) -> str:
        name = ARGPARSE_WORDS.get(text)
        return say(name, self.lang) if name else text


@contextmanager
def argparse_words(lang: str):
    """argparse speaks ``lang`` while the parser is built and parses (its ``_`` is gettext's, looked up when
    called); restored afterwards, also when it exits on ``--help`` or a usage error."""
    saved = argparse._
    argparse._ = ArgparseWords(lang).gettext
    try:
        yield
    finally:
        argparse._ = saved


def build_parser(lang: str, defaults: Settings | None = None) -> argparse.ArgumentParser:
    """The parser, every text in ``lang`` (build it inside ``argparse_words(lang)`` for argparse's own words)."""
    defaults = defaults or Settings()

    def text(key: str, **params: object) -> str:
        # argparse %-formats help texts: a value (a path) keeps its "%" as written
        return say(key, lang, **{name: str(value).replace("%", "%%") for name, value in params.items()})

    dir_, file_ = text("metavar_dir"), text("metavar_file")
    version_, name_, unit_ = text("metavar_version"), text("metavar_name"), text("metavar_unit")
    langs = {"choices": list(LANGS), "help": text("help_lang", default=_defaults(None).lang)}
    store = {"type": Path, "metavar": dir_, "help": text("help_store", default=defaults.store)}
    user = {"default": "cli", "metavar": name_, "help": text("help_user")}

    parser = argparse.ArgumentParser(prog=PROG, description=text("help_description"), epilog=text("help_epilog"))
    parser.add_argument("--lang", default=None, **langs)
    commands = parser.add_subparsers(dest="command", required=True, metavar=text("metavar_command"))

    def command(name: str, key: str, within=commands) -> argparse.ArgumentParser:
        return within.add_parser(name, help=text(key), description=text(key))

    sample = command("sample", "help_sample")
    sample.add_argument("--out", required=True, type=Path, metavar=dir_, help=text("help_sample_out"))
    sample.add_argument("--wards", type=int, default=1, metavar="N", help=text("help_sample_wards"))
    sample.add_argument("--years", default="2021-2025", metavar=text("metavar_years"), help=text("help_sample_years"))
    sample.add_argument("--seed", type=int, default=42, metavar="N", help=text("help_sample_seed"))
    sample.add_argument("--extra-per-quarter", type=int, default=0, metavar="N", help=text("help_sample_extra"))

    ingest = command("ingest", "help_ingest")
    ingest.add_argument("files", nargs="+", type=Path, metavar=file_, help=text("help_ingest_files"))
    ingest.add_argument("--store", **store)
    ingest.add_argument("--unit", metavar=unit_, help=text("help_ingest_unit"))
    ingest.add_argument("--dry-run", action="store_true", help=text("help_dry_run"))
    ingest.add_argument("--confirm-duplicates", action="store_true", help=text("help_confirm_duplicates"))
    ingest.add_argument("--user", **user)
    ingest.add_argument("--lang", default=argparse.SUPPRESS, **langs)

    history = command("history", "help_history")
    history.add_argument("--store", **store)

    undo = command("undo", "help_undo")
    undo.add_argument("version", type=_version_type(lang), metavar=version_, help=text("help_undo_version"))
    undo.add_argument("--yes-conflicts", action="store_true", help=text("help_yes_conflicts"))
    undo.add_argument("--store", **store)
    undo.add_argument("--user", **user)

    rollback = command("rollback", "help_rollback")
    rollback.add_argument("version", type=_version_type(lang), metavar=version_, help=text("help_rollback_version"))
    rollback.add_argument("--yes", action="store_true", help=text("help_rollback_yes"))
    rollback.add_argument("--store", **store)
    rollback.add_argument("--user", **user)

    report = command("report", "help_report")
    report.add_argument("--unit", required=True, metavar=unit_,
                        help=text("help_report_unit", example='"Đảng ủy phường Thanh Khê Tây"'))
    report.add_argument("--period", required=True, metavar=text("metavar_period"),
                        help=text("help_report_period", examples='"Quý II/2023", "6 tháng đầu năm 2023", '
                                  '"9 tháng năm 2023", "Năm 2023"', last='"Nhiệm kỳ 2020–2025"'))
    report.add_argument("--format", choices=["docx", "html", "pdf"], default="docx", help=text("help_report_format"))
    report.add_argument("--out", type=Path, metavar=file_, help=text("help_report_out"))
    report.add_argument("--store", **store)
    report.add_argument("--lang", default=argparse.SUPPRESS, **langs)

    users = command("users", "help_users")
    user_commands = users.add_subparsers(dest="users_command", required=True, metavar=text("metavar_command"))
    roles = ["viewer", "staff", "admin"]
    add = command("add", "help_users_add", user_commands)
    add.add_argument("name", metavar=name_, help=text("help_users_name"))
    add.add_argument("--role", required=True, choices=roles, help=text("help_role"))
    add.add_argument("--unit", action="append", default=[], metavar=unit_, help=text("help_users_unit"))
    add.add_argument("--all-units", action="store_true", help=text("help_users_all_units"))
    remove = command("remove", "help_users_remove", user_commands)
    remove.add_argument("name", metavar=name_, help=text("help_users_name"))
    command("list", "help_users_list", user_commands)
    set_role = command("set-role", "help_users_set_role", user_commands)
    set_role.add_argument("name", metavar=name_, help=text("help_users_name"))
    set_role.add_argument("role", choices=roles, help=text("help_role"))
    set_role.add_argument("--unit", action="append", default=[], metavar=unit_, help=text("help_users_unit"))
    set_units = command("set-units", "help_users_set_units", user_commands)
    set_units.add_argument("name", metavar=name_, help=text("help_users_name"))
    set_units.add_argument("--unit", action="append", default=[], metavar=unit_, help=text("help_users_unit"))
    set_units.add_argument("--all-units", action="store_true", help=text("help_users_all_units"))
    password = command("set-password", "help_users_set_password", user_commands)
    password.add_argument("name", metavar=name_, help=text("help_users_name"))
    users.add_argument("--auth-db", type=Path, metavar=file_, help=text("help_auth_db", default=defaults.auth_db))
    users.add_argument("--users-file", type=Path, metavar=file_, help=text("help_users_file"))

    bench = command("bench", "help_bench")
    bench.add_argument("--scale", choices=["ward", "province", "national", "national-domain"], default="ward",
                       help=text("help_bench_scale"))
    bench.add_argument("--requests", type=int, default=200, metavar="N", help=text("help_bench_requests"))
    bench.add_argument("--out", type=Path, metavar=file_, help=text("help_bench_out"))

    serve = command("serve", "help_serve")
    serve.add_argument("--store", **store)
    serve.add_argument("--host", metavar=text("metavar_host"), help=text("help_serve_host", default=defaults.host))
    serve.add_argument("--port", type=int, metavar="N", help=text("help_serve_port", default=defaults.port))
    serve.add_argument("--debug", action="store_true", help=text("help_serve_debug"))

    extract = command("extract", "help_extract")
    extract.add_argument("file", type=Path, metavar=file_, help=text("help_extract_file"))
    extract.add_argument("--unit", metavar=unit_, help=text("help_extract_unit"))
    extract.add_argument("--published", type=_published_type(lang), metavar="YYYY-MM-DD",
                         help=text("help_extract_published"))
    extract.add_argument("--lang", default=argparse.SUPPRESS, **langs)
    return parser


def _published_type(lang: str):
    def parse(value: str):
        from datetime import date

        try:
            return date.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(say("extract_bad_published", lang, value=repr(value))) from None

    return parse


def _sample(args, settings, lang) -> int:
    from dashboard.sample import generate

    try:
        first, last = (int(y) for y in args.years.split("-"))
    except ValueError:
        print(say("years_bad", lang, value=repr(args.years)), file=sys.stderr)
        return 2
    if args.extra_per_quarter < 0:
        print(say("extra_bad", lang, value=args.extra_per_quarter), file=sys.stderr)
        return 2
    paths = generate(args.out, wards=args.wards, years=(first, last), seed=args.seed,
                     extra_per_quarter=args.extra_per_quarter)
    print(say("sample_written", lang, count=len(paths), out=args.out))
    return 0


def _ingest(args, settings, lang) -> int:
    """Check and commit files; an unexpected error prints a short message and a reference id, never a traceback.

    Tracebacks (this command's, and those the reading logs under a file's
    ``read_failed`` reference) go to an error log beside the store.
    """
    import logging
    import secrets

    from dashboard.errors import Problem

    log = _error_log(settings)
    handler = _private_log(log)
    handler.setFormatter(logging.Formatter("--- %(asctime)s %(name)s: %(message)s"))
    package = logging.getLogger("dashboard")
    package.addHandler(handler)
    try:
        return _ingest_files(args, settings, lang)
    except UserError:
        raise
    except Exception:  # noqa: BLE001 - staff get the reference; the traceback goes to the error log
        reference = secrets.token_hex(4)
        logging.getLogger(__name__).error("ingest failed (reference %s)", reference, exc_info=True)
        print(Problem("unexpected_error", params={"ref": reference}).message(lang), file=sys.stderr)
        print(say("error_log", lang, path=log), file=sys.stderr)
        return 1
    finally:
        package.removeHandler(handler)
        handler.close()


def _error_log(settings) -> Path:
    """``.STORE-errors.log`` beside the store (never inside it), else in the temporary folder."""
    import os
    import tempfile

    store = Path(settings.store)
    beside = store.parent / f".{store.name}-errors.log"
    writable = os.access(beside, os.W_OK) if beside.exists() else os.access(store.parent, os.W_OK)
    return beside if writable else Path(tempfile.gettempdir()) / "dashboard-errors.log"


def _private_log(path: Path):
    """A log handler that creates its file (on the first error only) readable by its owner alone."""
    import logging
    import os

    class PrivateLog(logging.FileHandler):
        def _open(self):
            return open(self.baseFilename, self.mode, encoding=self.encoding,
                        opener=lambda name, flags: os.open(name, flags, 0o600))

    return PrivateLog(path, delay=True, encoding="utf-8")


def _ingest_files(args, settings, lang) -> int:
    from dashboard.ingest import commit_upload, prepare_upload
    from dashboard.ingest.upload import conference_changes_lines

    missing = [p for p in args.files if not p.is_file()]
    if missing:
        print("\n".join(say("no_such_file", lang, path=p) for p in missing), file=sys.stderr)
        return 2
    if args.dry_run:
        plan = prepare_upload(args.files, settings.store, unit=args.unit, settings=settings)
        if not plan.ok:
            raise UserError(plan.problems)
        print(plan.summary_frame(lang).to_string(index=False))
        # Which conferences the upload adds, changes or removes, with their date, title and totals.
        print("\n".join(conference_changes_lines(plan.conference_changes(), lang)))
        _print_warnings(plan.warnings, lang)
        if plan.duplicates:
            print("\n".join(p.line(lang) for p in plan.duplicates), file=sys.stderr)
            print(say("duplicates", lang, count=len(plan.duplicates)), file=sys.stderr)
        print(say("dry_ok", lang))
        return 0
    try:
        result = commit_upload(args.files, settings.store, unit=args.unit, user=args.user, settings=settings,
                               confirm_duplicates=args.confirm_duplicates)
    except UserError as error:
        print(error.render(lang), file=sys.stderr)
        print(say("refused", lang, count=len(error.problems)), file=sys.stderr)
        return 1
    print(result.plan.summary_frame(lang).to_string(index=False))
    _print_warnings(result.plan.warnings if result.committed else [], lang)
    print(say("committed" if result.committed else "noop", lang, version=result.version))
    return 0


def _print_warnings(warnings, lang) -> None:
    """Document references read with a guess or kept as written: one line each, never a refusal."""
    if warnings:
        print("\n".join(p.line(lang) for p in warnings))
        print(say("warnings", lang, count=len(warnings)))


def _history(args, settings, lang) -> int:
    from dashboard.store import Store

    entries = Store(settings.store).ledger()
    if not entries:
        print(say("empty_history", lang))
    for e in entries:
        files = ", ".join(f"{f['name']} ({f['sha256'][:12]})" for f in e.files)
        counts = "; ".join(f"{t}: +{c['added']} ~{c['changed']} ={c['unchanged']} -{c['removed']}"
                           for t, c in e.counts.items())
        target = f" → {e.target_version}" if e.target_version is not None else ""
        print(f"{e.version}\t{e.at}\t{e.user}\t{e.action}{target}\t{', '.join(e.units)}\t{files}\t{counts}")
    return 0


def _version_type(lang: str):
    """argparse's type for a version number: a usage error says why, in ``lang`` and then in the other language
    (as it did when ``--lang`` was not known yet; tests/security/test_undo.py expects both)."""
    other = "vi" if lang == "en" else "en"

    def version(text: str) -> int:
        from dashboard.ingest import parse_version  # here: the help needs none of the ingest

        try:
            return parse_version(text)
        except UserError as error:
            problem = error.problems[0]
            raise argparse.ArgumentTypeError(f"{problem.message(lang)} / {problem.message(other)}") from None

    version.__name__ = "version"
    return version


def _undo(args, settings, lang) -> int:
    from dashboard.ingest import plan_undo, undo_upload
    from dashboard.store import Store

    store = Store(settings.store, lock_timeout=settings.lock_timeout)
    plan = plan_undo(store, args.version)
    print(plan.describe(lang))
    version = undo_upload(store, plan.version, user=args.user, confirm_conflicts=args.yes_conflicts,
                          base_version=plan.base_version)
    print(say("undone", lang, target=plan.version, version=version))
    return 0


def _rollback(args, settings, lang) -> int:
    from dashboard.ingest import plan_restore, restore_store
    from dashboard.store import Store

    store = Store(settings.store, lock_timeout=settings.lock_timeout)
    plan = plan_restore(store, args.version)
    print(plan.describe(lang))
    if args.yes:
        typed = plan.confirm_word
    elif _interactive():
        typed = input(say("restore_prompt", lang, version=plan.version))
    else:
        print(say("restore_needs_yes", lang), file=sys.stderr)
        return 2
    version = restore_store(store, plan.version, user=args.user, confirm=typed, base_version=plan.base_version)
    print(say("rolled_back", lang, target=plan.version, version=version))
    return 0


def _interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _one_language(message: str, lang: str) -> str:
    """The ``lang`` half of a transform's bilingual ``"tiếng Việt / English"`` message (all of it if not one)."""
    halves = message.split(" / ")
    return message if len(halves) != 2 else halves[0 if lang == "vi" else 1]


def _report(args, settings, lang) -> int:
    """Write the report; exit 2 for a unit or period that does not exist (or an empty store)."""
    from dashboard.report import file_name, render
    from dashboard.report.content import ReportError, report_content, resolve_report_period, resolve_report_unit
    from dashboard.store import load

    try:
        period = resolve_report_period(args.period)
    except ReportError as error:
        print(say("report_bad_period", lang, reason=_one_language(str(error), lang)), file=sys.stderr)
        return 2
    tables = load(settings.store)
    if not tables.version or not tables.units:
        print(say("report_empty_store", lang, store=settings.store), file=sys.stderr)
        return 2
    try:
        unit = resolve_report_unit(tables, args.unit)
    except ReportError as error:
        print(say("report_bad_unit", lang, reason=_one_language(str(error), lang)), file=sys.stderr)
        return 2
    content = report_content(tables, unit, period, target=settings.study_target,
                             exclude_exempt=settings.exclude_exempt)
    try:
        data = render(content, args.format)
    except ReportError as error:  # a PDF without Chromium
        print(_one_language(str(error), lang), file=sys.stderr)
        return 2
    shown = period.label(lang)
    if not content.conferences:
        print(say("report_no_conference", lang, unit=unit, period=shown), file=sys.stderr)
    if args.out is not None and str(args.out) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    out = args.out or Path(file_name(content, args.format))
    out.write_bytes(data)
    print(say("report_written", lang, period=shown, unit=unit, out=out))
    return 0


def _bench(args, settings, lang) -> int:
    from dashboard.bench import run

    run(args.scale, requests=args.requests, out=args.out)
    return 0


def _serve(args, settings, lang) -> int:
    from dashboard.app import QuietRequestHandler, create_app

    app = create_app(settings)
    app.run(host=settings.host, port=settings.port, debug=args.debug, request_handler=QuietRequestHandler)
    return 0


def _read_password(lang: str) -> str:
    import getpass

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(say("password_prompt", lang))
    if first != getpass.getpass(say("password_again", lang)):
        raise SystemExit(say("password_mismatch", lang))
    return first


# dashboard.auth.users.UsersError's reasons (English, as written there) → the catalogue's ``cli.<name>``, with
# the parts of the reason that become its parameters; a reason not listed is shown inside ``cli.users_failed``.
_USERS_ERRORS = (
    (r"the user name is empty", "users_empty_name"),
    (r"the password must have at least (?P<count>\d+) characters", "users_short_password"),
    (r"a staff account needs at least one --unit", "users_staff_unit"),
    (r"a viewer account needs --unit or --all-units", "users_viewer_unit"),
    (r"user (?P<name>.+) exists already", "users_exists"),
    (r"no user (?P<name>.+)", "users_unknown"),
)


def _users_error(error: Exception, lang: str) -> str:
    reason = str(error)
    for pattern, name in _USERS_ERRORS:
        match = re.fullmatch(pattern, reason)
        if match:
            return say(name, lang, **match.groupdict())
    return say("users_failed", lang, reason=reason)


def _account_line(user, lang: str) -> str:
    """``name<TAB>role<TAB>units``, the units followed by "(mọi đơn vị)" when the account reads every unit."""
    units = ", ".join(user.units)
    if user.readable_units() is None:
        units = f"{units} {say('users_every_unit', lang)}".strip()
    return f"{user.name}\t{user.role}\t{units}"


def _users(args, settings, lang) -> int:
    from dashboard.auth.users import UsersError, UserStore

    store = UserStore(settings.auth_db, legacy_file=settings.users_file)
    try:
        if args.users_command == "add":
            user = store.add(args.name, args.role, _read_password(lang), args.unit, args.all_units)
            print(_account_line(user, lang))
        elif args.users_command == "remove":
            store.remove(args.name)
        elif args.users_command == "set-role":
            print(_account_line(store.set_role(args.name, args.role, args.unit), lang))
        elif args.users_command == "set-units":
            print(_account_line(store.set_units(args.name, args.unit, args.all_units), lang))
        elif args.users_command == "set-password":
            store.set_password(args.name, _read_password(lang))
        else:
            for user in sorted(store.all(), key=lambda u: u.name):
                print(_account_line(user, lang))
    except UsersError as error:
        print(_users_error(error, lang), file=sys.stderr)
        return 1
    return 0


def _extract(args, settings, lang) -> int:
    """Print the conference a news post describes as one JSON object; exit 1 when it has no date or title."""
    import json

    from dashboard.ingest.extract import ExtractError, extract, read_post

    if not args.file.is_file():
        print(say("no_such_file", lang, path=args.file), file=sys.stderr)
        return 2
    try:
        text, published = read_post(args.file)
    except ExtractError as error:
        print(say(f"extract_{error.reason}", lang, path=args.file), file=sys.stderr)
        return 1
    unit = args.unit or settings.default_unit or None
    result = extract(text, unit=unit, units=[unit] if unit else [], published=args.published or published)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    missing = [name for name in ("date", "title") if not result[name]]
    if missing:
        which = "extract_missing_both" if len(missing) == 2 else f"extract_missing_{missing[0]}"
        print(say("extract_incomplete", lang, path=args.file, missing=say(which, lang)), file=sys.stderr)
        return 1
    return 0


COMMANDS = {"sample": _sample, "ingest": _ingest, "history": _history, "undo": _undo, "rollback": _rollback,
            "report": _report, "serve": _serve, "bench": _bench, "users": _users, "extract": _extract}
