#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`signet proxy --local-tls` against the RDS emulation: clients that insist on TLS to the proxy.

psql and psycopg2 (sslmode=verify-full), the mariadb CLI (--ssl-verify-server-cert) and pymysql
(verified CA and name) connect to the proxy over TLS with the certificate Signet generated for
localhost, using the connection strings the proxy printed, and so do pgjdbc (prepared statements)
and MariaDB Connector/J with the printed JDBC URLs, in one JVM; plain clients still work; a client
that does not trust the certificate is refused by its own TLS check and no token is signed for
it; a MySQL client whose TLS ClientHello arrives in the same segment as its SSL request is
served. Without --local-tls a client that requires TLS fails on its side with "server does not
support SSL". The proxy's own leg to the emulator is verified TLS throughout. About 15 s.
"""

import hashlib
import os
import shlex
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import unittest
from urllib.parse import quote, unquote

import psycopg2
import pymysql

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_proxy import (ENV, MARIADB_JAR, PG_JAR, Proxy, add_profile, assert_logged_in_over_tls,  # noqa: E402
                        free_port, isolated_env, log_lines, log_size, require_emulator)

JDBC_CHECKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support", "JdbcChecks.java")

CLIENT_LONG_PASSWORD = 0x1
CLIENT_CONNECT_WITH_DB = 0x8
CLIENT_PROTOCOL_41 = 0x200
CLIENT_SSL = 0x800
CLIENT_SECURE_CONNECTION = 0x8000
CLIENT_PLUGIN_AUTH = 0x80000


def banner_line(banner, prefix):
    for line in banner.splitlines():
        if line.strip().startswith(prefix):
            return line.strip()
    raise AssertionError("no line starting with %r in the banner:\n%s" % (prefix, banner))


def with_ca(url, key, ca):
    """The JDBC URL with its CA parameter naming another file (a path that needs no encoding)."""
    head, _, query = url.partition("?")
    params = [p if not p.startswith(key + "=") else key + "=" + ca for p in query.split("&")]
    assert params != query.split("&") and quote(ca, safe="/") == ca, (key, url, ca)
    return head + "?" + "&".join(params)


def read_packet(sock):
    def exactly(n):
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise AssertionError("the proxy closed the connection")
            data += chunk
        return data
    header = exactly(4)
    length = header[0] | header[1] << 8 | header[2] << 16
    return header[3], exactly(length)


class TlsPacketSocket:
    """A MySQL packet stream over TLS driven through memory BIOs on a plain socket."""

    def __init__(self, sock, context):
        self.sock = sock
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = context.wrap_bio(self.incoming, self.outgoing, server_hostname="localhost")

    def client_hello(self):
        try:
            self.tls.do_handshake()
        except ssl.SSLWantReadError:
            pass
        return self.outgoing.read()

    def finish_handshake(self):
        while True:
            try:
                self.tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                self.flush()
                data = self.sock.recv(65536)
                if not data:
                    raise AssertionError("the proxy closed the connection during the TLS handshake")
                self.incoming.write(data)
        self.flush()

    def flush(self):
        data = self.outgoing.read()
        if data:
            self.sock.sendall(data)

    def send(self, data):
        self.tls.write(data)
        self.flush()

    def recv(self, n):
        while True:
            try:
                return self.tls.read(n)
            except ssl.SSLWantReadError:
                data = self.sock.recv(65536)
                if not data:
                    return b""
                self.incoming.write(data)


class LocalTlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_emulator()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.env = isolated_env(cls.tmp.name)
        cls.env["PGCONNECT_TIMEOUT"] = "20"
        for name in ("PGSSLMODE", "PGSSLROOTCERT"):
            cls.env.pop(name, None)
        add_profile(cls.env, "pg", "postgres", ENV["SIGNET_EMU_PG_PORT"], ENV["SIGNET_EMU_PG_USER"], ENV["SIGNET_EMU_CA"])
        add_profile(cls.env, "my", "mariadb", ENV["SIGNET_EMU_MYSQL_PORT"], ENV["SIGNET_EMU_MYSQL_USER"],
                    ENV["SIGNET_EMU_CA"])
        cls.cert_dir = os.path.join(cls.tmp.name, "data", "signet", "local-tls")
        cls.cert = os.path.join(cls.cert_dir, "localhost.crt")
        cls.ports = {"pg": free_port(), "my": free_port()}
        cls.plain_ports = {"pg": free_port(), "my": free_port()}
        cls.proxy = Proxy(cls.env, ["pg=%d" % cls.ports["pg"], "my=%d" % cls.ports["my"], "--local-tls"])
        cls.plain = Proxy(cls.env, ["pg=%d" % cls.plain_ports["pg"], "my=%d" % cls.plain_ports["my"]])
        # A CA that did not sign the proxy's certificate.
        cls.other_ca = os.path.join(cls.tmp.name, "other-ca.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout",
                        os.path.join(cls.tmp.name, "other.key"), "-out", cls.other_ca],
                       check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        codes = (cls.proxy.stop(), cls.plain.stop())
        log = cls.proxy.log() + cls.plain.log()
        cls.tmp.cleanup()
        assert "X-Amz-Signature" not in log and "X-Amz-Credential" not in log, "token in the proxy log"
        assert "PRIVATE KEY" not in log, "the local key in the proxy log"
        assert codes == (0, 0), "signet proxy exited with %s on SIGTERM\n%s" % (codes, log)

    def run_banner_command(self, prefix, *extra):
        """Runs a command exactly as printed by the proxy, with the query arguments added."""
        words = shlex.split(banner_line(self.proxy.banner, prefix)) + list(extra)
        return subprocess.run(words, capture_output=True, text=True, timeout=60, env=self.env)

    # --- the certificate -----------------------------------------------------------------------

    def test_certificate_kept_privately_and_reused(self):
        self.assertEqual(os.stat(self.cert_dir).st_mode & 0o777, 0o700)
        self.assertEqual(os.stat(os.path.join(self.cert_dir, "localhost.key")).st_mode & 0o777, 0o600)
        self.assertIn("local TLS: clients verify the proxy with %s" % self.cert, self.proxy.banner)
        self.assertIn("created a local TLS certificate", self.proxy.log())
        text = subprocess.run(["openssl", "x509", "-in", self.cert, "-noout", "-ext", "subjectAltName"],
                              capture_output=True, text=True, check=True).stdout
        self.assertIn("DNS:localhost", text)
        self.assertIn("IP Address:127.0.0.1", text)
        with open(self.cert, "rb") as f:
            before = hashlib.sha256(f.read()).hexdigest()
        # A second proxy reuses it: same certificate, no note.
        again = Proxy(self.env, ["pg=%d" % free_port(), "--local-tls"])
        try:
            self.assertIn(self.cert, again.banner)
        finally:
            self.assertEqual(again.stop(), 0)
        self.assertNotIn("local TLS certificate", again.log())
        with open(self.cert, "rb") as f:
            self.assertEqual(hashlib.sha256(f.read()).hexdigest(), before)

    def test_renewed_certificate_is_served_without_restart(self):
        # Another Signet renews the shared certificate (here: its files removed, then a second proxy
        # makes new ones). The running proxy serves the new one from its next client on, so clients
        # verifying against the file keep working.
        with open(self.cert, "rb") as f:
            before = f.read()
        os.remove(self.cert)
        os.remove(os.path.join(self.cert_dir, "localhost.key"))
        again = Proxy(self.env, ["pg=%d" % free_port(), "--local-tls"])
        self.assertEqual(again.stop(), 0)
        self.assertIn("created a local TLS certificate", again.log())
        with open(self.cert, "rb") as f:
            self.assertNotEqual(f.read(), before)
        run = self.run_banner_command("psql 'host=127.0.0.1", "-X", "-A", "-t", "-c", "SELECT 7 * 6")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.stdout.strip(), "42")

    def test_banner_verifies_the_certificate(self):
        banner = self.proxy.banner
        self.assertIn("sslmode=verify-full sslrootcert=%s'" % self.cert, banner)
        self.assertIn("--ssl-verify-server-cert --ssl-ca=%s" % self.cert, banner)
        self.assertIn("sslMode=verify-full&serverSslCert=", banner)
        self.assertNotIn("sslmode=disable", banner)
        # Without --local-tls nothing changes.
        self.assertIn("sslmode=disable", self.plain.banner)
        self.assertIn("--skip-ssl", self.plain.banner)

    # --- PostgreSQL ----------------------------------------------------------------------------

    def test_psql_verify_full(self):
        offset = log_size()
        run = self.run_banner_command("psql 'host=127.0.0.1", "-X", "-A", "-t", "-c", "SELECT current_user",
                                      "-c", "\\conninfo")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertTrue(run.stdout.startswith("iam_user\n"), run.stdout)
        self.assertIn("SSL connection (protocol: TLSv1.", run.stdout)
        assert_logged_in_over_tls(self, offset, "pg")

    def test_psycopg2_verify_full_by_name_and_ipv6(self):
        for host in ("localhost", "127.0.0.1"):
            dsn = "host=%s port=%d user=iam_user dbname=signet sslmode=verify-full sslrootcert=%s" % (
                host, self.ports["pg"], self.cert)
            with psycopg2.connect(dsn, connect_timeout=20) as conn, conn.cursor() as cur:
                self.assertTrue(conn.info.ssl_in_use)
                cur.execute("SELECT %s::int * 2", (21,))
                self.assertEqual(cur.fetchone(), (42,))
            conn.close()

    def test_plain_clients_still_served(self):
        run = subprocess.run(["psql", "-X", "-A", "-t", "host=127.0.0.1 port=%d user=iam_user dbname=signet "
                              "sslmode=disable" % self.ports["pg"], "-c", "SELECT 5"],
                             capture_output=True, text=True, timeout=60, env=self.env)
        self.assertEqual((run.returncode, run.stdout.strip()), (0, "5"), run.stderr)
        conn = pymysql.connect(host="127.0.0.1", port=self.ports["my"], user="iam_user", database="signet",
                               connect_timeout=20)
        with conn.cursor() as cur:
            cur.execute("SELECT 6")
            self.assertEqual(cur.fetchone(), (6,))
        conn.close()

    def test_untrusted_certificate_refused_by_the_client(self):
        offset = log_size()
        run = subprocess.run(["psql", "-X", "-A", "-t", "host=127.0.0.1 port=%d user=iam_user dbname=signet "
                              "sslmode=verify-full sslrootcert=%s" % (self.ports["pg"], self.other_ca),
                              "-c", "SELECT 1"], capture_output=True, text=True, timeout=60, env=self.env)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("certificate verify failed", run.stderr)
        self.assertFalse([l for l in log_lines(offset) if l.get("source") == "verifier"],
                         "a token was sent for a client that refused the proxy")
        run = self.run_banner_command("psql 'host=127.0.0.1", "-X", "-A", "-t", "-c", "SELECT 9")
        self.assertEqual((run.returncode, run.stdout.strip()), (0, "9"), run.stderr)

    def test_without_local_tls_a_client_requiring_tls_fails_clearly(self):
        run = subprocess.run(["psql", "-X", "host=127.0.0.1 port=%d user=iam_user dbname=signet sslmode=require"
                              % self.plain_ports["pg"], "-c", "SELECT 1"],
                             capture_output=True, text=True, timeout=60, env=self.env)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("server does not support SSL, but SSL was required", run.stderr)
        run = subprocess.run(["mariadb", "--protocol=TCP", "-h", "127.0.0.1", "-P", str(self.plain_ports["my"]),
                              "-u", "iam_user", "--ssl-verify-server-cert", "--ssl-ca=%s" % self.cert,
                              "-e", "SELECT 1", "signet"], capture_output=True, text=True, timeout=60, env=self.env)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("SSL is required, but the server does not support it", run.stderr)

    # --- JDBC: pgjdbc and MariaDB Connector/J, both in one JVM -----------------------------------

    def test_jdbc_urls_as_printed_verify_the_proxy(self):
        # A second proxy whose certificate lives under a path with a space: pgjdbc decodes its URL,
        # MariaDB Connector/J takes it as it is.
        spaced_env = dict(self.env, XDG_DATA_HOME=os.path.join(self.tmp.name, "data dir"))
        spaced = Proxy(spaced_env, ["pg=%d" % free_port(), "my=%d" % free_port(), "--local-tls"])
        spaced_cert = os.path.join(self.tmp.name, "data dir", "signet", "local-tls", "localhost.crt")
        try:
            checks = []
            for name, proxy, cert in (("", self.proxy, self.cert), ("spaced-", spaced, spaced_cert)):
                pg_url = banner_line(proxy.banner, "jdbc:postgresql://")
                mariadb_url = banner_line(proxy.banner, "jdbc:mariadb://")
                self.assertTrue(unquote(pg_url).endswith("sslmode=verify-full&sslrootcert=" + cert), pg_url)
                self.assertTrue(mariadb_url.endswith("useSsl=true&sslMode=verify-full&serverSslCert=" + cert),
                                mariadb_url)
                checks += [
                    # No password anywhere: the user is in the printed URL. Six runs of one prepared
                    # statement (pgjdbc turns to a named server-side statement after prepareThreshold 5).
                    (name + "pg-prepared", pg_url, "SELECT ?::int * 2"),
                    (name + "mariadb", mariadb_url, "SELECT CURRENT_USER()"),
                    (name + "mariadb-prepared", mariadb_url, "SELECT ? * 3"),
                    # The same URLs with a CA that did not sign the proxy's certificate: the driver refuses.
                    (name + "pg-other-ca", with_ca(pg_url, "sslrootcert", self.other_ca), "SELECT 1"),
                    (name + "mariadb-other-ca", with_ca(mariadb_url, "serverSslCert", self.other_ca), "SELECT 1"),
                ]
            before = [p.log().count("TLS with the client") for p in (self.proxy, spaced)]
            offset = log_size()
            run = subprocess.run(["java", "-cp", "%s:%s" % (PG_JAR, MARIADB_JAR), JDBC_CHECKS],
                                 input="".join("%s\t%s\t%s\n" % c for c in checks),
                                 capture_output=True, text=True, timeout=120, env=self.env)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            results = {line.split(" ", 2)[1]: line for line in run.stdout.splitlines()}
            for name in ("", "spaced-"):
                self.assertEqual(results.get(name + "pg-prepared"), "OK %spg-prepared 0,2,4,6,8,10" % name,
                                 run.stdout)
                self.assertEqual(results.get(name + "mariadb"), "OK %smariadb iam_user@%%" % name, run.stdout)
                self.assertEqual(results.get(name + "mariadb-prepared"),
                                 "OK %smariadb-prepared 0,3,6,9,12,15" % name, run.stdout)
                for label in ("pg-other-ca", "mariadb-other-ca"):
                    self.assertTrue(results.get(name + label, "").startswith("FAIL "), run.stdout)
                    self.assertRegex(results[name + label], "PKIX|certificat|SSL", run.stdout)
            # The three logins that worked per proxy came over TLS with the client; the refusals did not.
            after = [p.log().count("TLS with the client") for p in (self.proxy, spaced)]
            self.assertEqual([a - b for a, b in zip(after, before)], [3, 3], self.proxy.log() + spaced.log())
            assert_logged_in_over_tls(self, offset, "pg")
            assert_logged_in_over_tls(self, offset, "mysql")
        finally:
            self.assertEqual(spaced.stop(), 0, spaced.log())

    # --- MySQL / MariaDB -----------------------------------------------------------------------

    def test_mariadb_cli_verify_server_cert(self):
        offset = log_size()
        run = self.run_banner_command("mariadb --protocol=TCP", "-N", "-e", "SELECT CURRENT_USER(); \\s")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertTrue(run.stdout.startswith("iam_user@%\n"), run.stdout)
        self.assertRegex(run.stdout, r"SSL:\s+Cipher in use is TLS_")
        assert_logged_in_over_tls(self, offset, "mysql")

    def test_pymysql_verified(self):
        conn = pymysql.connect(host="localhost", port=self.ports["my"], user="iam_user", database="signet",
                               ssl_ca=self.cert, ssl_verify_cert=True, ssl_verify_identity=True,
                               connect_timeout=20)
        with conn.cursor() as cur:
            self.assertIsInstance(conn._sock, ssl.SSLSocket)
            cur.execute("SELECT %s + 1, CURRENT_USER()", (41,))
            self.assertEqual(cur.fetchone(), (42, "iam_user@%"))
            cur.execute("SELECT REPEAT('x', 1000000)")  # a result in many TLS records
            self.assertEqual(len(cur.fetchone()[0]), 1000000)
        conn.close()

    def test_mysql_client_hello_in_the_ssl_request_segment(self):
        context = ssl.create_default_context(cafile=self.cert)
        with socket.create_connection(("127.0.0.1", self.ports["my"]), timeout=20) as sock:
            _, greeting = read_packet(sock)
            server_caps = struct.unpack("<H", greeting[greeting.index(b"\0", 1) + 1 + 4 + 8 + 1:][:2])[0]
            self.assertTrue(server_caps & CLIENT_SSL, "the greeting does not offer TLS")
            caps = (CLIENT_LONG_PASSWORD | CLIENT_CONNECT_WITH_DB | CLIENT_PROTOCOL_41 | CLIENT_SSL |
                    CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH)
            fixed = struct.pack("<IIB23x", caps, 1 << 24, 45)
            stream = TlsPacketSocket(sock, context)
            # The SSL request and the ClientHello in one send: the proxy must read only the request.
            sock.sendall(struct.pack("<I", len(fixed))[:3] + b"\x01" + fixed + stream.client_hello())
            stream.finish_handshake()
            response = (fixed + b"iam_user\0" + b"\0" + b"signet\0" + b"mysql_native_password\0")
            stream.send(struct.pack("<I", len(response))[:3] + b"\x02" + response)
            reply = b""
            while len(reply) < 4 or len(reply) < 4 + (reply[0] | reply[1] << 8 | reply[2] << 16):
                chunk = stream.recv(65536)
                self.assertTrue(chunk, "the proxy closed the connection")
                reply += chunk
            self.assertEqual(reply[3], 3, "the OK must follow the encrypted response as sequence 3")
            self.assertEqual(reply[4], 0x00, "not an OK packet: %r" % reply[:80])

    def test_pg_data_after_ssl_request_is_refused(self):
        # CVE-2021-23214: bytes sent before the TLS handshake are not protected by it; the proxy
        # must refuse them rather than answer 'S' and treat them as if they came encrypted.
        ssl_request = struct.pack("!II", 8, 80877103)
        params = b"user\0iam_user\0database\0postgres\0\0"
        startup = struct.pack("!II", 8 + len(params), 196608) + params
        with socket.create_connection(("127.0.0.1", self.ports["pg"]), timeout=20) as sock:
            sock.sendall(ssl_request + startup)
            answer = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        self.assertTrue(answer, "the proxy dropped the connection without a word")
        self.assertNotEqual(answer[:1], b"S", "the proxy agreed to TLS after unprotected data")
        self.assertEqual(answer[:1], b"E", "not an ErrorResponse: %r" % answer[:80])
        self.assertIn(b"after its SSLRequest", answer)


if __name__ == "__main__":
    unittest.main(verbosity=2)
