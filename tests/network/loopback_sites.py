"""Websites the probe tests start on ::1 and 127.0.0.1, and a test CA for TLS."""

from __future__ import annotations

import datetime
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from govops.lab.websites import DUAL_STACK, IPV4_ONLY, Website, bind_all, start_website

TLS_NAME = "tls.test"


@dataclass(frozen=True)
class Sites:
    dual: Website  # answers on ::1 and 127.0.0.1
    ipv4: Website  # answers on 127.0.0.1 only
    refusing: int  # a port bound on both addresses with nobody listening
    silent: Website  # accepts on both addresses and never answers
    tls: Website  # https on both addresses, certificate for tls.test from the test CA
    cafile: Path


def make_certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for tls.test signed by it: (ca.pem, cert.pem, key.pem)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)

    def build(
        subject: str,
        issuer: x509.Name | None,
        signer: ec.EllipticCurvePrivateKey | None,
        key: ec.EllipticCurvePrivateKey,
        ca: bool,
    ) -> x509.Certificate:
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
        builder = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(issuer or name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if ca:
            builder = builder.add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                critical=True,
            ).add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
        else:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.DNSName(TLS_NAME)]), critical=False
            )
        return builder.sign(signer or key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = build("govops test CA", None, None, ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = build(TLS_NAME, ca_cert.subject, ca_key, key, ca=False)
    paths = (directory / "ca.pem", directory / "cert.pem", directory / "key.pem")
    paths[0].write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


@contextmanager
def running_sites(directory: Path) -> Iterator[Sites]:
    """Start every kind of site (certificates go to ``directory``); stop them on exit."""
    ca, cert, key = make_certificates(directory)
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert, key)
    refusing = bind_all(DUAL_STACK, 0)  # bound, never listening: connections are refused
    started = [
        start_website(DUAL_STACK),
        start_website(IPV4_ONLY),
        start_website(DUAL_STACK, silent=True),
        start_website(DUAL_STACK, tls=server_tls),
    ]
    try:
        dual, ipv4, silent, tls = started
        yield Sites(dual, ipv4, refusing[0].getsockname()[1], silent, tls, ca)
    finally:
        for site in started:
            site.close()
        for sock in refusing:
            sock.close()
