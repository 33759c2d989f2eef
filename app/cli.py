"""`kyhop` command line: serve, worker, migrate, create-user, demo, audit verify, storage
check, backup and restore."""

from __future__ import annotations

import logging
import os
import sys
import time
from datetime import timedelta

import click
from sqlalchemy.orm import Session, sessionmaker

from app import bootstrap, demo, migrate
from app.audit import service as audit
from app.audit.service import RequestMeta
from app.backup import service as backup
from app.backup.crypto import BackupDecryptionError
from app.config import Settings, get_settings
from app.db import Database, make_engine, make_sessionmaker, transaction, utcnow
from app.directory import service as directory
from app.directory.models import Clearance, Role
from app.directory.schemas import UserCreate
from app.errors import DomainError
from app.floor import elections
from app.i18n import local_today, t
from app.jobs import service as jobs
from app.notify import senders as notify_senders
from app.notify import service as notify
from app.notify import webhook
from app.opinions import service as opinions
from app.ops import logs, preflight
from app.oversight import service as oversight
from app.petitions import service as petitions
from app.signing import requests as signing_requests
from app.signing import token_client
from app.storage import check, store_from_url
from app.storage.check import reconcile

log = logging.getLogger("kyhop")
CLI_META = RequestMeta(ip="local", user_agent="kyhop cli")
STALE_UPLOAD = timedelta(hours=6)  # no upload takes this long; older partial parts are debris


def _refuse_dangerous_start(settings: Settings) -> None:
    """In production, name every unsafe setting and stop before serving anything."""
    if settings.environment != "production":
        return
    found = preflight.problems(settings)
    for problem in found:  # a log record each: one JSON object per line in JSON mode
        log.error("refusing to start in production: %s", problem)
    if found:
        sys.exit(2)


def _factory() -> sessionmaker[Session]:
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    migrate.upgrade(engine)
    return make_sessionmaker(engine)


@click.group()
def main() -> None:
    """Kỳ Họp Số — paperless council sessions."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
def serve(host: str, port: int, workers: int) -> None:
    """Migrate the database, then serve the platform."""
    import uvicorn

    settings = get_settings()
    _refuse_dangerous_start(settings)
    if workers > 1 and not settings.redis_url:
        log.warning(
            "without KYHOP_REDIS_URL each worker keeps its own login and link-guessing counts, "
            "so the limits are per worker"
        )
    bootstrap.ensure_admin(_factory(), settings)
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # the client's address (per-address limits, the audit log) comes from X-Forwarded-For
        # only when the connection itself comes from a configured proxy
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
        # longer than a proxy's idle keep-alive (nginx: 60 s): otherwise the app may close a
        # connection just as the proxy sends the next request on it, which fails that request
        timeout_keep_alive=75,
        log_config=logs.config(settings.log_format, settings.log_level),
    )


@main.command("migrate")
def migrate_command() -> None:
    """Bring the database schema up to date."""
    _factory()
    click.echo("database is up to date")


@main.command("create-user")
@click.option("--username", required=True)
@click.option("--full-name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--clearance", type=click.Choice([c.value for c in Clearance]), default="internal")
@click.option("--council-id", type=int, default=None)
@click.password_option()
def create_user(
    username: str, full_name: str, role: str, clearance: str, council_id: int | None, password: str
) -> None:
    """Create an account from the shell (e.g. a first admin)."""
    data = UserCreate(
        username=username,
        full_name=full_name,
        role=Role(role),
        clearance=Clearance(clearance),
        council_id=council_id,
        password=password,
    )
    with transaction(_factory()) as db:
        (user,) = directory.create_users(db, actor=None, rows=[data], meta=CLI_META, source="cli")
        click.echo(f"created user {user.id} ({user.username})")


@main.command("demo")
def demo_command() -> None:
    """Seed the fictional council «HĐND xã Mẫu» (idempotent) and print how to log in."""
    settings = get_settings()
    with transaction(_factory()) as db:
        council = demo.seed(db, store_from_url(settings.storage_url), settings=settings)
        council_id = council.id
        click.echo(f"Demo council: {council.name} (id {council_id})")
    click.echo(f"Log in at {get_settings().base_url}/login with password «{demo.DEMO_PASSWORD}»:")
    click.echo("  admin (administrator), vanphong (clerk), chutich (chair),")
    click.echo("  daibieu01..daibieu06 (delegates), khachmoi (guest)")
    click.echo(f"Signing passphrase of chutich, vanphong and daibieu03: «{demo.DEMO_PASSPHRASE}»")
    click.echo(f"Public portal: {settings.base_url}/p/councils/{council_id}")
    click.echo(f"Voters' petitions: {settings.base_url}/p/councils/{council_id}/petitions")
    click.echo(f"Supervision results: {settings.base_url}/p/councils/{council_id}/supervisions")
    click.echo(
        f"Digital-transformation indicators: {settings.base_url}/office/councils/{council_id}"
        "/indicators"
    )


@main.command("worker")
@click.option("--once", is_flag=True, help="One round, then exit (for cron or a test).")
def worker_command(once: bool) -> None:
    """Background work: reminders the day before, of overdue petitions and of overdue
    recommendations and resolutions' tasks (once each, to the agency), delivering the
    notification outbox with retries, OCR of scanned documents, telling voters who left a
    contact that their petition was answered, erasing petitioners' data past its
    retention, office-holders taking office on their election's effective day,
    reminders the day before a written-opinion form's deadline, telling another system of
    documents issued, published or withdrawn (KYHOP_WEBHOOK_URL), asking remote-signing
    providers whether the signers approved what waits. Run one beside `kyhop serve`
    (docker-compose does)."""
    settings = get_settings()
    _refuse_dangerous_start(settings)
    factory = _factory()
    senders = notify_senders.configured(settings)
    store = store_from_url(settings.storage_url)
    database = Database(factory, lambda _changed: None)  # no live screens in this process
    while True:
        with transaction(factory) as db:
            reminded = notify.remind(db, now=utcnow(), channels=senders, base_url=settings.base_url)
            reminded += petitions.remind_overdue(db, on=petitions.today(), channels=senders)
            reminded += petitions.tell_petitioners(
                db, now=utcnow(), channels=senders, base_url=settings.base_url
            )
            reminded += oversight.remind_overdue(db, on=petitions.today(), channels=senders)
            petitions.erase_expired(
                db, store, now=utcnow(), retention_days=settings.petition_retention_days
            )
            elections.install_due(db, today=local_today(), meta=CLI_META)
            reminded += opinions.remind_before_deadline(
                db, now=utcnow(), settings=settings, meta=CLI_META
            )
        sent = notify.deliver_due(factory, senders)
        sent += webhook.forward(factory, settings)
        sent += signing_requests.advance_waiting(database, store, settings)
        ran = jobs.run_due(factory, store, settings.tmp_dir)
        check.discard_stale_uploads(store, STALE_UPLOAD)
        if reminded or sent or ran:
            log.info("%d reminders queued, %d messages sent, %d jobs run", reminded, sent, ran)
        if once:
            return
        time.sleep(settings.worker_interval_seconds)


@main.command("token-sign")
@click.argument("address")
@click.option(
    "--module",
    envvar="KYHOP_PKCS11_MODULE",
    default="/usr/lib/softhsm/libsofthsm2.so",
    show_default=True,
    help="The token's PKCS#11 library (from its maker: eToken, VNPT-CA, Viettel-CA…).",
)
@click.option("--token-label", default="", help="The token's label, if several are plugged in.")
@click.option("--key-label", default="", help="The key's label on the token, if it holds several.")
@click.option("--pin", prompt="Mã PIN của USB token", hide_input=True, envvar="KYHOP_TOKEN_PIN")
def token_sign_command(
    address: str, module: str, token_label: str, key_label: str, pin: str
) -> None:
    """Sign on this computer with a USB token: ADDRESS is what the signing desk shows after
    «Ký bằng USB token». The key and the PIN never leave this computer."""
    choice = token_client.TokenChoice(module, token_label, key_label, pin)
    try:
        done = token_client.sign(address, choice, click.echo)
    except token_client.TokenSignError as exc:
        raise click.ClickException(str(exc)) from exc
    except DomainError as exc:  # a wrong PIN, a token not found
        raise click.ClickException(t(exc.message_key, "vi")) from exc
    click.echo(f"Đã ký: phiên bản {done['version']} của văn bản đã được lưu.")


@main.group("audit")
def audit_group() -> None:
    """Audit log tools."""


@audit_group.command("verify")
def audit_verify() -> None:
    """Check the audit chain; exit 1 if a row was changed, inserted or removed."""
    with transaction(_factory()) as db:
        report = audit.verify_chain(db)
    for problem in report.problems:
        click.echo(f"PROBLEM {problem}")
    click.echo(f"{report.count} events, head seq {report.head_seq} hash {report.head_hash}")
    if not report.ok:
        click.echo("audit chain BROKEN")
        sys.exit(1)
    click.echo("audit chain OK")


@main.group("storage")
def storage_group() -> None:
    """Object storage tools."""


@storage_group.command("check")
@click.option(
    "--delete-orphans", is_flag=True, help="Remove objects no row refers to, and partial uploads."
)
@click.option(
    "--stale-minutes",
    default=60,
    show_default=True,
    type=click.IntRange(min=0),
    help="A partial upload counts once this old (younger ones may still be in flight).",
)
def storage_check(delete_orphans: bool, stale_minutes: int) -> None:
    """Compare the object store with the database; exit 1 on any mismatch."""
    store = store_from_url(get_settings().storage_url)
    with transaction(_factory()) as db:
        report = reconcile(store, backup.referenced_keys(db), timedelta(minutes=stale_minutes))
    for key in report.orphans:
        click.echo(f"ORPHAN object without a row: {key}")
    for key in report.missing:
        click.echo(f"MISSING object of a row: {key}")
    for name in report.incomplete:
        click.echo(f"PARTIAL upload left by a failed put: {name}")
    click.echo(f"{report.objects} objects, {report.referenced} referenced by rows")
    if delete_orphans and (report.orphans or report.incomplete):
        click.echo(f"deleted {check.delete_orphans(store, report)} orphan objects and uploads")
        report.orphans, report.incomplete = [], []
    if not report.ok:
        click.echo("storage check FAILED")
        sys.exit(1)
    click.echo("storage check OK")


PASSPHRASE_ENV = "KYHOP_BACKUP_PASSPHRASE"


def _passphrase() -> str:
    passphrase = os.environ.get(PASSPHRASE_ENV, "")
    if len(passphrase) < 12:
        click.echo(
            f"set {PASSPHRASE_ENV} (at least 12 characters): it encrypts the archive", err=True
        )
        sys.exit(2)
    return passphrase


@main.command("backup")
@click.argument("archive", type=click.Path(dir_okay=False, allow_dash=True))
def backup_command(archive: str) -> None:
    """Write one consistent, encrypted archive of the database and every stored object to
    ARCHIVE ('-': standard output, e.g. piped to `mc pipe` into another bucket)."""
    settings = get_settings()
    passphrase = _passphrase()
    engine = make_engine(settings.resolved_database_url)
    store = store_from_url(settings.storage_url)
    out = click.open_file(archive, "wb", atomic=archive != "-")
    with out:
        summary = backup.write_backup(engine, store, out, passphrase)
    engine.dispose()
    click.echo(
        f"backup OK: revision {summary.revision}, {sum(summary.tables.values())} rows, "
        f"{len(summary.objects)} objects",
        err=archive == "-",
    )


@main.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False, allow_dash=True, exists=False))
def restore_command(archive: str) -> None:
    """Bring a fresh installation (empty database and object store) to the archive's state."""
    settings = get_settings()
    passphrase = _passphrase()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    store = store_from_url(settings.storage_url)
    try:
        with click.open_file(archive, "rb") as source:
            summary = backup.read_backup(engine, store, source, passphrase)
    except (backup.RestoreRefused, BackupDecryptionError) as refused:
        click.echo(f"restore REFUSED: {refused}", err=True)
        sys.exit(1)
    finally:
        engine.dispose()
    click.echo(
        f"restore OK: revision {summary.revision}, {sum(summary.tables.values())} rows, "
        f"{len(summary.objects)} objects"
    )
