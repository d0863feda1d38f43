"""``python -m dashboard <command>``: sample, ingest, history, undo, rollback, report, users, bench, serve.

Exit codes: 0 done, 1 refused (every problem printed on standard error as
``FILE:ROW:COLUMN: message``), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.errors import UserError
from dashboard.messages import message
from dashboard.settings import Settings

def say(key: str, lang: str, **params: object) -> str:
    """The command line's message ``cli.<key>`` (dashboard.messages) in ``lang``."""
    return message(f"cli.{key}", lang, **params)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["vi", "en"], default=None, help="language of messages (default vi)")
    commands = parser.add_subparsers(dest="command", required=True)

    sample = commands.add_parser("sample", help="write realistic sample upload files")
    sample.add_argument("--out", required=True, type=Path)
    sample.add_argument("--wards", type=int, default=1)
    sample.add_argument("--years", default="2021-2025", help="first-last year, e.g. 2021-2025")
    sample.add_argument("--seed", type=int, default=42)
    sample.add_argument("--extra-per-quarter", type=int, default=0,
                        help="further conferences per ward and quarter (10 gives a busy roll-out's ≈ 50 a year)")

    ingest = commands.add_parser("ingest", help="validate and commit upload files")
    ingest.add_argument("files", nargs="+", type=Path)
    ingest.add_argument("--store", type=Path)
    ingest.add_argument("--unit", help="unit of rows in files without a unit column")
    ingest.add_argument("--dry-run", action="store_true", help="check and preview only; write nothing")
    ingest.add_argument("--confirm-duplicates", action="store_true",
                        help="write conferences that look like another one (same unit, date and title, another id)")
    ingest.add_argument("--user", default="cli")
    ingest.add_argument("--lang", choices=["vi", "en"], default=argparse.SUPPRESS)

    history = commands.add_parser("history", help="print the upload ledger")
    history.add_argument("--store", type=Path)

    undo = commands.add_parser("undo", help="undo one upload as a new version, keeping every later upload")
    undo.add_argument("version", type=_version_argument)
    undo.add_argument("--yes-conflicts", action="store_true",
                      help="undo although later uploads changed some of its rows (those rows keep their current value)")
    undo.add_argument("--store", type=Path)
    undo.add_argument("--user", default="cli")

    rollback = commands.add_parser("rollback", help="restore the whole store to a version, as a new version "
                                                    "(discards every later upload; previewed first)")
    rollback.add_argument("version", type=_version_argument)
    rollback.add_argument("--yes", action="store_true", help="proceed without typing the version number")
    rollback.add_argument("--store", type=Path)
    rollback.add_argument("--user", default="cli")

    report = commands.add_parser("report", help="write the committee's periodic report (báo cáo) as DOCX or HTML")
    report.add_argument("--unit", required=True, help="the reporting unit, e.g. \"Đảng ủy phường Thanh Khê Tây\"")
    report.add_argument("--period", required=True,
                        help="\"Quý II/2023\", \"6 tháng đầu năm 2023\", \"9 tháng năm 2023\", \"Năm 2023\" "
                             "or \"Nhiệm kỳ 2020–2025\"")
    report.add_argument("--format", choices=["docx", "html", "pdf"], default="docx",
                        help="pdf: the print view printed by a headless Chromium (where the machine has one)")
    report.add_argument("--out", type=Path,
                        help="file to write (default: bao-cao-PLACE-PERIOD.FORMAT in the current folder; - for "
                             "standard output)")
    report.add_argument("--store", type=Path)
    report.add_argument("--lang", choices=["vi", "en"], default=argparse.SUPPRESS)

    users = commands.add_parser("users", help="manage accounts: add, remove, list, set-role")
    user_commands = users.add_subparsers(dest="users_command", required=True)
    add = user_commands.add_parser("add", help="add an account (password from standard input when not a terminal)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["viewer", "staff", "admin"])
    add.add_argument("--unit", action="append", default=[], help="a unit the user belongs to (repeatable)")
    remove = user_commands.add_parser("remove", help="remove an account")
    remove.add_argument("name")
    user_commands.add_parser("list", help="list accounts")
    set_role = user_commands.add_parser("set-role", help="change an account's role (and units)")
    set_role.add_argument("name")
    set_role.add_argument("role", choices=["viewer", "staff", "admin"])
    set_role.add_argument("--unit", action="append", default=[])
    password = user_commands.add_parser("set-password", help="change an account's password (ends its sessions)")
    password.add_argument("name")
    users.add_argument("--auth-db", type=Path, help="the accounts database (default: DASHBOARD_AUTH_DB)")
    users.add_argument("--users-file", type=Path, help="an older JSON accounts file to import once")

    bench = commands.add_parser("bench", help="benchmark ingest, analytics and the served app (needs the dev extra)")
    bench.add_argument("--scale", choices=["ward", "province", "national", "national-domain"], default="ward")
    bench.add_argument("--requests", type=int, default=200, help="requests per interaction")
    bench.add_argument("--out", type=Path, help="write the report as Markdown here")

    serve = commands.add_parser("serve", help="start the dashboard")
    serve.add_argument("--store", type=Path)
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--debug", action="store_true")

    args = parser.parse_args(argv)
    settings = Settings.load(store=getattr(args, "store", None), lang=args.lang,
                             host=getattr(args, "host", None), port=getattr(args, "port", None),
                             users_file=getattr(args, "users_file", None), auth_db=getattr(args, "auth_db", None))
    lang = settings.lang
    try:
        return COMMANDS[args.command](args, settings, lang)
    except UserError as error:
        print(error.render(lang), file=sys.stderr)
        return 1


def _sample(args, settings, lang) -> int:
    from dashboard.sample import generate

    try:
        first, last = (int(y) for y in args.years.split("-"))
    except ValueError:
        print(f"--years: expected FIRST-LAST, e.g. 2021-2025, got {args.years!r}", file=sys.stderr)
        return 2
    if args.extra_per_quarter < 0:
        print(f"--extra-per-quarter: expected 0 or more, got {args.extra_per_quarter}", file=sys.stderr)
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
        print(f"{'Chi tiết' if lang == 'vi' else 'Details'}: {log}", file=sys.stderr)
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

    missing = [p for p in args.files if not p.is_file()]
    if missing:
        print("\n".join(f"{p}: no such file" for p in missing), file=sys.stderr)
        return 2
    if args.dry_run:
        plan = prepare_upload(args.files, settings.store, unit=args.unit, settings=settings)
        if not plan.ok:
            raise UserError(plan.problems)
        print(plan.summary_frame(lang).to_string(index=False))
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


def _version_argument(text: str) -> int:
    """A version number, or a usage error saying why (both languages: ``--lang`` is not parsed yet)."""
    from dashboard.ingest import parse_version

    try:
        return parse_version(text)
    except UserError as error:
        problem = error.problems[0]
        raise argparse.ArgumentTypeError(f"{problem.message('vi')} / {problem.message('en')}") from None


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


def _read_password() -> str:
    import getpass

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Mật khẩu / password: ")
    if first != getpass.getpass("Nhập lại / again: "):
        raise SystemExit("Hai mật khẩu không khớp / the passwords differ")
    return first


def _users(args, settings, lang) -> int:
    from dashboard.auth.users import UsersError, UserStore

    store = UserStore(settings.auth_db, legacy_file=settings.users_file)
    try:
        if args.users_command == "add":
            user = store.add(args.name, args.role, _read_password(), args.unit)
            print(f"{user.name}\t{user.role}\t{', '.join(user.units)}")
        elif args.users_command == "remove":
            store.remove(args.name)
        elif args.users_command == "set-role":
            user = store.set_role(args.name, args.role, args.unit)
            print(f"{user.name}\t{user.role}\t{', '.join(user.units)}")
        elif args.users_command == "set-password":
            store.set_password(args.name, _read_password())
        else:
            for user in sorted(store.all(), key=lambda u: u.name):
                print(f"{user.name}\t{user.role}\t{', '.join(user.units)}")
    except UsersError as error:
        print(f"users: {error}", file=sys.stderr)
        return 1
    return 0


COMMANDS = {"sample": _sample, "ingest": _ingest, "history": _history, "undo": _undo, "rollback": _rollback,
            "report": _report, "serve": _serve, "bench": _bench, "users": _users}
