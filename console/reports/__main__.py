"""The reports without the window, for a scheduled job: ``python -m console.reports``.

    python -m console.reports reconcile --server URL --user NAME --week 2026-W47 --out DIR
                                        [--lang es] [--tz America/Tijuana]
    python -m console.reports trip --server URL --user NAME --trailer ID --trip TRIP_ID
                                   --out FILE

The password is never an argument (it would be in the process list and the shell's history):
it comes from the environment variable :data:`PASSWORD_ENV` if set, else from the OS keyring
entry the console's "remember me" writes (:class:`~console.link.credentials.CredentialStore`,
server URL as typed in the console, without a trailing slash). The exit status says what
happened (:data:`EXIT_CODES`); 0 only when the report is complete and its hash chain verified.
A report whose chain does not verify is still written (it says so on its first page): it is the
evidence that the log was altered.

No window is opened: Qt runs on its offscreen platform, for the PDF's fonts and layout only.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Where a scheduled job puts the password.
PASSWORD_ENV = "OPTICALLOCK_PASSWORD"

EXIT_OK = 0
#: Something unexpected (a bug, or the report could not be written to disk).
EXIT_FAILED = 1
#: Bad arguments (argparse's own status).
EXIT_USAGE = 2
EXIT_SIGN_IN = 3
EXIT_UNREACHABLE = 4
EXIT_CHAIN = 5
EXIT_INCOMPLETE = 6

EXIT_CODES: dict[int, str] = {
    EXIT_OK: "the report is complete and its hash chain verified",
    EXIT_FAILED: "an unexpected error, or the report could not be written",
    EXIT_USAGE: "bad arguments",
    EXIT_SIGN_IN: "cannot sign in (no password, or the cloud refused it)",
    EXIT_UNREACHABLE: "cannot reach the cloud (network, TLS certificate, server error)",
    EXIT_CHAIN: "the report was written, but the hash chain does not verify",
    EXIT_INCOMPLETE: "the report is incomplete (the cloud could not give all it needs)",
}

log = logging.getLogger("console.reports")


class Failure(Exception):
    """Stop with ``code`` and ``message`` on stderr."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def _week(text: str) -> str:
    from opticallock.custody import iso_week_bounds

    try:
        iso_week_bounds(text, dt.UTC)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text.strip()


def _zone(text: str) -> str:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a time zone (e.g. America/Tijuana)"
                                         ) from None
    return text


def local_zone() -> str:
    """This machine's IANA time zone name (TZ, else /etc/localtime's link), else UTC."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            ZoneInfo(name)
            return name
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
            ZoneInfo(name)
            return name
    except (OSError, ZoneInfoNotFoundError, ValueError):
        pass
    return "UTC"


def build_parser() -> argparse.ArgumentParser:
    codes = "\n".join(f"  {code}  {what}" for code, what in EXIT_CODES.items())
    epilog = (
        f"password: from the environment variable {PASSWORD_ENV} if it is set, else from the "
        "OS keyring\n(the entry the console's \"remember me\" writes for this server and "
        "user); never on the command line.\n\n"
        f"exit status:\n{codes}")
    parser = argparse.ArgumentParser(
        prog="python -m console.reports",
        description="OpticalLock reports without the window, for a scheduled job.",
        epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="{reconcile,trip}")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--server", required=True, help="the cloud's URL, e.g. https://cloud.example.com")
        p.add_argument("--user", required=True, help="the dispatcher's username")
        p.add_argument("--ca-bundle", metavar="PEM",
                       help="also trust the certificates in this PEM file (a private CA)")
        p.add_argument("-v", "--verbose", action="store_true", help="say what it fetches")

    rec = sub.add_parser(
        "reconcile", help="the weekly C-TPAT seal reconciliation (PDF and CSV)",
        description="The weekly C-TPAT seal reconciliation of the signed-in user's carrier: a "
                    "PDF (summary and exceptions first) and a CSV, written to --out.",
        epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    common(rec)
    rec.add_argument("--week", required=True, type=_week, help="ISO week, e.g. 2026-W47")
    rec.add_argument("--out", required=True, type=Path, metavar="DIR",
                     help="directory for reconciliation-<carrier>-<week>.pdf and .csv")
    rec.add_argument("--lang", choices=("en", "es"), default="en",
                     help="the report's language (default: en)")
    rec.add_argument("--tz", type=_zone, default=None, metavar="ZONE",
                     help="the week's time zone, an IANA name (default: this machine's, "
                          f"now {local_zone()}); the report states it")

    trip = sub.add_parser(
        "trip", help="the seal audit report of one trip (PDF)",
        description="The C-TPAT seal audit report of one trip, as the console writes it.",
        epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    common(trip)
    trip.add_argument("--trailer", required=True, help="the trailer's id")
    trip.add_argument("--trip", required=True, help="the trip's id")
    trip.add_argument("--out", required=True, type=Path, metavar="FILE",
                      help="the PDF to write")
    return parser


# --------------------------------------------------------------------------- signing in


async def find_password(server: str, user: str) -> str:
    """The password from the environment, else the keyring; Failure(EXIT_SIGN_IN) if none."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    from console.link.credentials import CredentialStore

    store = CredentialStore()
    _token, password = await store.load(server, user)
    if password:
        return password
    why = f" ({store.warning})" if store.warning else ""
    raise Failure(EXIT_SIGN_IN, f"No password for {user} on {server}: set {PASSWORD_ENV}, or "
                                f"sign in once in the console with \"remember me\"{why}.")


async def sign_in(server: str, user: str, ca_bundle: str | None) -> Any:
    """A signed-in CloudClient; Failure on a refusal or an unreachable cloud."""
    from console.link.client import AuthError, CertificateRefused, CloudClient, CloudUnavailable
    from console.link.transport import CaBundleError, ssl_context_for

    password = await find_password(server, user)
    try:
        context = ssl_context_for(ca_bundle) if ca_bundle else None
    except CaBundleError as exc:
        raise Failure(EXIT_USAGE, str(exc)) from None
    client = CloudClient(server, ssl_context=context)
    try:
        await client.sign_in(user, password)
    except AuthError as exc:
        await client.close()
        raise Failure(EXIT_SIGN_IN, f"Cannot sign in as {user} on {server}: {exc}") from None
    except (CloudUnavailable, CertificateRefused) as exc:
        await client.close()
        raise Failure(EXIT_UNREACHABLE, f"Cannot reach {server}: {exc}") from None
    return client


async def _with_client(args: argparse.Namespace, work: Any) -> int:
    """Sign in, run ``work(client)``, sign out; the cloud's errors sorted into exit codes."""
    import httpx

    from console.link.client import AuthError, CertificateRefused, CloudUnavailable, ResyncRequired
    from console.link.errors import ApiError
    from console.reports.reconcile import ReportIncomplete

    server = args.server.strip().rstrip("/")
    client = await sign_in(server, args.user, args.ca_bundle)
    try:
        code: int = await work(client)
        return code
    except AuthError as exc:
        raise Failure(EXIT_SIGN_IN, f"The cloud stopped accepting the session: {exc}") from None
    except (CloudUnavailable, CertificateRefused, httpx.HTTPError) as exc:
        raise Failure(EXIT_UNREACHABLE, f"Lost the cloud at {server}: {exc}") from None
    except (ReportIncomplete, ResyncRequired) as exc:
        raise Failure(EXIT_INCOMPLETE, f"The report would be incomplete: {exc}") from None
    except ApiError as exc:
        raise Failure(EXIT_INCOMPLETE, f"The cloud refused a request the report needs: {exc} "
                                       f"({exc.status})") from None
    finally:
        await client.sign_out()
        await client.close()


# --------------------------------------------------------------------------- the reports


async def reconcile_command(args: argparse.Namespace) -> int:
    from console.link.api import CloudApi
    from console.reports.reconcile import fetch_week, file_stem, write_csv, write_pdf

    zone = args.tz or local_zone()

    async def work(client: Any) -> int:
        user = client.session.user
        log.info("fetching %s (%s) for %s", args.week, zone, user.carrier.name)
        report = await fetch_week(CloudApi(client.request), args.week, zone,
                                  carrier=user.carrier.name, generated_by=args.user)
        stem = file_stem(user.carrier.id, args.week, args.lang)
        try:
            pdf = write_pdf(args.out / f"{stem}.pdf", report, args.lang)
            table = write_csv(args.out / f"{stem}.csv", report, args.lang)
        except OSError as exc:
            raise Failure(EXIT_FAILED, f"Cannot write the report to {args.out}: {exc}") from None
        print(pdf)
        print(table)
        rec = report.reconciliation
        if rec.chain.failed_pages:
            bad = ", ".join(str(p.first_bad_seq) for p in rec.chain.failed_pages)
            raise Failure(EXIT_CHAIN, f"The hash chain of {args.week} does not verify (first "
                                      f"bad entry: {bad}); the report says so: {pdf}")
        if not report.complete:
            raise Failure(EXIT_INCOMPLETE, "The report is incomplete: "
                                           + "; ".join(report.missing))
        print(f"{args.week}: {len(rec.entries)} seal events, {len(rec.exceptions)} exceptions "
              f"to sign off, hash chain verified ({rec.chain.checked} entries).",
              file=sys.stderr)
        return EXIT_OK

    return await _with_client(args, work)


async def trip_command(args: argparse.Namespace) -> int:
    from console.link.api import CloudApi
    from console.reports.audit_report import build_trip_report

    async def work(client: Any) -> int:
        result = await build_trip_report(CloudApi(client.request), args.trailer, args.trip,
                                         args.out, dispatcher=args.user)
        problems = "; ".join(result.problems)
        if result.path is None:
            raise Failure(EXIT_INCOMPLETE, f"No report of trip {args.trip}: {problems}")
        print(result.path)
        if not result.verified:
            # ReportResult says "not verified" without the check itself: a chain that does not
            # verify and one with nothing to check both land here, said in ``problems``.
            raise Failure(EXIT_CHAIN, f"The hash chain of trip {args.trip} is not verified "
                                      f"({problems}); the report says so: {result.path}")
        if not result.complete:
            raise Failure(EXIT_INCOMPLETE, f"The report of trip {args.trip} is incomplete: "
                                           f"{problems}")
        return EXIT_OK

    return await _with_client(args, work)


# --------------------------------------------------------------------------- entry point


def _qt_app() -> Any:
    """A QGuiApplication on the offscreen platform: fonts and layout for the PDF, no window."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(sys.argv[:1])


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not args.verbose:
        # httpx logs every request at INFO; the websockets handshake (with the token) at DEBUG.
        logging.getLogger("httpx").setLevel(logging.WARNING)
    app = _qt_app()
    command = reconcile_command if args.command == "reconcile" else trip_command
    try:
        return asyncio.run(command(args))
    except Failure as exc:
        print(f"{exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return EXIT_FAILED
    finally:
        del app


if __name__ == "__main__":
    sys.exit(main())
