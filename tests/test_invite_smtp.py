"""Sending invitations to a real SMTP server on 127.0.0.1: results, failures, no duplicates on rerun."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

import agenda
from agenda.invite import (
    DeliveryStatus,
    InviteError,
    SentLog,
    SmtpSettings,
    invitations,
    send_invitations,
)

STAMP = datetime(2021, 1, 20, 9, 0, tzinfo=UTC)
REFUSED = "india@business-russia.example.org"
Cli = Callable[..., tuple[int, str, str]]


class Mailbox:
    """An SMTP handler that keeps what it receives and refuses the addresses in `refuse`."""

    def __init__(self) -> None:
        self.refuse: set[str] = set()
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted"

    def message_ids(self) -> list[str]:
        return [
            str(email.message_from_bytes(content, policy=email.policy.default)["Message-ID"])
            for _, content in self.received
        ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def accept_login(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"org", b"secret")
    return AuthResult(success=ok)


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server on 127.0.0.1, without TLS (it would accept a login in clear text)."""
    handler = Mailbox()
    port = free_port()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, authenticator=accept_login, auth_require_tls=False
    )
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (certificate, key), made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def trusting(cert: Path) -> ssl.SSLContext:
    """A client context that trusts the test certificate, host name checked as by default."""
    return ssl.create_default_context(cafile=str(cert))


@pytest.fixture(params=["starttls", "implicit"])
def tls_mailbox(request: pytest.FixtureRequest, certificate: tuple[Path, Path]) -> Iterator[tuple[Mailbox, int, str]]:
    """A real SMTP server on 127.0.0.1 with STARTTLS or implicit TLS, login only over TLS."""
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(*map(str, certificate))
    handler = Mailbox()
    port = free_port()
    mode = request.param
    tls = (
        {"tls_context": server_context, "require_starttls": True}
        if mode == "starttls"
        else {"ssl_context": server_context}
    )
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, authenticator=accept_login, auth_require_tls=mode == "starttls", **tls
    )  # type: ignore[arg-type]
    controller.start()
    try:
        yield handler, port, mode
    finally:
        controller.stop()


@pytest.fixture
def seed(seed_path: Path) -> agenda.Agenda:
    return agenda.load(seed_path)


def test_delivers_every_message(seed: agenda.Agenda, mailbox: tuple[Mailbox, int], tmp_path: Path) -> None:
    """Every invitation reaches the server, each to its own recipient only."""
    box, port = mailbox
    results = list(
        send_invitations(
            invitations(seed, stamp=STAMP), SmtpSettings(host="127.0.0.1", port=port), SentLog(tmp_path / "sent.log")
        )
    )
    assert {r.status for r in results} == {DeliveryStatus.SENT}
    assert sorted(to for to, _ in box.received) == sorted([r.invitation.recipient.email] for r in results)


def test_refused_recipient_is_reported_and_the_rest_go_out(
    seed: agenda.Agenda, mailbox: tuple[Mailbox, int], tmp_path: Path
) -> None:
    """A recipient the server refuses is REFUSED with the server's reply; sending continues."""
    box, port = mailbox
    box.refuse.add(REFUSED)
    results = {
        r.invitation.recipient.email: r
        for r in send_invitations(
            invitations(seed, stamp=STAMP), SmtpSettings(host="127.0.0.1", port=port), SentLog(tmp_path / "sent.log")
        )
    }
    assert results[REFUSED].status is DeliveryStatus.REFUSED
    assert "550" in results[REFUSED].detail
    assert {r.status for email_, r in results.items() if email_ != REFUSED} == {DeliveryStatus.SENT}
    assert len(box.received) == len(results) - 1


def test_rerun_after_partial_failure_sends_no_duplicates(
    seed: agenda.Agenda, mailbox: tuple[Mailbox, int], tmp_path: Path
) -> None:
    """A rerun skips what the sent log holds and delivers only what failed before."""
    box, port = mailbox
    settings, log = SmtpSettings(host="127.0.0.1", port=port), SentLog(tmp_path / "sent.log")
    box.refuse.add(REFUSED)
    list(send_invitations(invitations(seed, stamp=STAMP), settings, log))
    box.refuse.clear()
    later = datetime(2021, 1, 21, 9, 0, tzinfo=UTC)
    second = list(send_invitations(invitations(seed, stamp=later), settings, log))
    assert [r.invitation.recipient.email for r in second if r.status is DeliveryStatus.SENT] == [REFUSED]
    assert len(box.message_ids()) == len(set(box.message_ids())) == len(second)


def test_unreachable_server_stops_after_the_first_failure(seed: agenda.Agenda, tmp_path: Path) -> None:
    """When the connection cannot be made, one FAILED result and sending stops; nothing is logged."""
    settings = SmtpSettings(host="127.0.0.1", port=free_port(), timeout=5)
    results = list(send_invitations(invitations(seed, stamp=STAMP), settings, SentLog(tmp_path / "sent.log")))
    assert [r.status for r in results] == [DeliveryStatus.FAILED]
    assert not (tmp_path / "sent.log").exists()


def test_login_over_tls_from_the_environment(
    seed: agenda.Agenda, tls_mailbox: tuple[Mailbox, int, str], certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    """AGENDA_SMTP_TLS=starttls or implicit, AGENDA_SMTP_USER and AGENDA_SMTP_PASSWORD: TLS, login, send."""
    box, port, mode = tls_mailbox
    environ = {"AGENDA_SMTP_TLS": mode, "AGENDA_SMTP_USER": "org", "AGENDA_SMTP_PASSWORD": "secret"}
    settings = attrs.evolve(
        SmtpSettings.from_environment(f"127.0.0.1:{port}", environ), context=trusting(certificate[0])
    )
    results = list(send_invitations(invitations(seed, stamp=STAMP), settings, SentLog(tmp_path / "sent.log")))
    assert {r.status for r in results} == {DeliveryStatus.SENT}
    assert len(box.received) == len(results)


def test_wrong_login_fails_and_stops(
    seed: agenda.Agenda, tls_mailbox: tuple[Mailbox, int, str], certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    """A refused login is a FAILED result and stops sending."""
    _, port, mode = tls_mailbox
    environ = {"AGENDA_SMTP_TLS": mode, "AGENDA_SMTP_USER": "org", "AGENDA_SMTP_PASSWORD": "wrong"}
    # smtplib tries a second mechanism after the refusal, which this server leaves hanging: a short timeout.
    settings = attrs.evolve(
        SmtpSettings.from_environment(f"127.0.0.1:{port}", environ), timeout=1.0, context=trusting(certificate[0])
    )
    results = list(send_invitations(invitations(seed, stamp=STAMP), settings, SentLog(tmp_path / "sent.log")))
    assert [r.status for r in results] == [DeliveryStatus.FAILED]


def test_an_untrusted_certificate_fails_before_login(
    seed: agenda.Agenda, tls_mailbox: tuple[Mailbox, int, str], tmp_path: Path
) -> None:
    """With the default context, a self-signed certificate is refused: FAILED, nothing delivered."""
    box, port, mode = tls_mailbox
    environ = {"AGENDA_SMTP_TLS": mode, "AGENDA_SMTP_USER": "org", "AGENDA_SMTP_PASSWORD": "secret"}
    settings = attrs.evolve(SmtpSettings.from_environment(f"127.0.0.1:{port}", environ), timeout=5.0)
    results = list(send_invitations(invitations(seed, stamp=STAMP), settings, SentLog(tmp_path / "sent.log")))
    assert ([r.status for r in results], "CERTIFICATE_VERIFY_FAILED" in results[0].detail, box.received) == (
        [DeliveryStatus.FAILED],
        True,
        [],
    )


@pytest.mark.parametrize(
    "environ",
    [
        {"AGENDA_SMTP_USER": "org", "AGENDA_SMTP_PASSWORD": "secret"},
        {"AGENDA_SMTP_USER": "org", "AGENDA_SMTP_PASSWORD": "secret", "AGENDA_SMTP_TLS": "none"},
        {"AGENDA_SMTP_USER": "org", "AGENDA_SMTP_PASSWORD": "secret", "AGENDA_SMTP_STARTTLS": "0"},
    ],
)
def test_login_without_tls_is_refused(environ: dict[str, str]) -> None:
    """A password is never sent in clear text: a login without TLS is refused, naming the variables."""
    with pytest.raises(InviteError, match=r"refusing to log in without TLS.*AGENDA_SMTP_TLS=starttls.*implicit"):
        SmtpSettings.from_environment("127.0.0.1:25", environ)


def test_settings_with_a_login_but_no_tls_cannot_be_made() -> None:
    """The library refuses the same settings built directly, not only from the environment."""
    login = {"user": "org", "password": "secret"}
    with pytest.raises(InviteError, match="without TLS"):
        SmtpSettings(host="127.0.0.1", port=25, **login)


def test_cli_login_without_tls_sends_nothing(
    seed_path: Path, mailbox: tuple[Mailbox, int], tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`agenda invite --smtp` with a login but no TLS exits 2; the server (which would accept it) gets nothing."""
    box, port = mailbox
    monkeypatch.delenv("AGENDA_SMTP_TLS", raising=False)
    monkeypatch.delenv("AGENDA_SMTP_STARTTLS", raising=False)
    monkeypatch.setenv("AGENDA_SMTP_USER", "org")
    monkeypatch.setenv("AGENDA_SMTP_PASSWORD", "secret")
    code, _, err = cli("invite", str(seed_path), "--out", str(tmp_path / "out"), "--smtp", f"127.0.0.1:{port}")
    assert (code, "AGENDA_SMTP_TLS" in err, box.received, (tmp_path / "out").exists()) == (2, True, [], False)


@pytest.mark.parametrize(
    ("environ", "mode"),
    [
        ({"AGENDA_SMTP_TLS": "implicit"}, "implicit"),
        ({"AGENDA_SMTP_TLS": "STARTTLS"}, "starttls"),
        ({"AGENDA_SMTP_STARTTLS": "1"}, "starttls"),
        ({"AGENDA_SMTP_STARTTLS": "1", "AGENDA_SMTP_TLS": "starttls"}, "starttls"),
        ({}, "none"),
    ],
)
def test_settings_read_tls_from_the_environment(environ: dict[str, str], mode: str) -> None:
    """AGENDA_SMTP_TLS chooses the TLS mode; AGENDA_SMTP_STARTTLS=1 still means starttls; no password in repr."""
    login = {"AGENDA_SMTP_USER": "org", "AGENDA_SMTP_PASSWORD": "secret"} if mode != "none" else {}
    settings = SmtpSettings.from_environment("smtp.example.org:465", {**environ, **login})
    assert (settings.host, settings.port, settings.tls, settings.starttls) == (
        "smtp.example.org",
        465,
        mode,
        mode == "starttls",
    )
    assert "secret" not in repr(settings)


@pytest.mark.parametrize(
    ("host_port", "environ", "message"),
    [
        ("smtp.example.org", {}, "HOST:PORT"),
        ("smtp.example.org:0", {}, "HOST:PORT"),
        ("smtp.example.org:25", {"AGENDA_SMTP_USER": "org"}, "both"),
        ("smtp.example.org:25", {"AGENDA_SMTP_STARTTLS": "maybe"}, "write 1 or 0"),
        ("smtp.example.org:25", {"AGENDA_SMTP_TLS": "ssl"}, "write starttls, implicit or none"),
        ("smtp.example.org:25", {"AGENDA_SMTP_TLS": "implicit", "AGENDA_SMTP_STARTTLS": "1"}, "contradicts"),
    ],
)
def test_bad_settings(host_port: str, environ: dict[str, str], message: str) -> None:
    """A bad --smtp or environment is a clear InviteError."""
    with pytest.raises(InviteError, match=message):
        SmtpSettings.from_environment(host_port, environ)


def test_sent_log_ignores_a_torn_last_line(tmp_path: Path) -> None:
    """A last line cut short by a crash (no newline) does not count as sent."""
    path = tmp_path / "sent.log"
    path.write_text("<a@x> a@example.org\n<b@x> b@exa", encoding="utf-8")
    assert SentLog(path).message_ids() == frozenset({"<a@x>"})


def test_cli_sends_reports_and_reruns_without_duplicates(
    seed_path: Path, mailbox: tuple[Mailbox, int], tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`agenda invite --smtp` reports each recipient, exits 1 on a refusal, and a rerun sends the rest."""
    box, port = mailbox
    for name in ("AGENDA_SMTP_USER", "AGENDA_SMTP_PASSWORD", "AGENDA_SMTP_STARTTLS", "AGENDA_SMTP_TLS"):
        monkeypatch.delenv(name, raising=False)
    box.refuse.add(REFUSED)
    args = (
        "invite",
        str(seed_path),
        "--out",
        str(tmp_path / "out"),
        "--smtp",
        f"127.0.0.1:{port}",
        "--stamp",
        "2021-01-20T09:00Z",
    )
    code, out, _ = cli(*args)
    assert code == 1
    assert f"refused      REQUEST {REFUSED}: 550" in out
    assert "3 sent, 1 refused" in out
    box.refuse.clear()
    code, out, _ = cli(*args)
    assert code == 0
    assert "3 already sent, 1 sent" in out
    assert len(box.received) == 4
    assert len(set(box.message_ids())) == 4
