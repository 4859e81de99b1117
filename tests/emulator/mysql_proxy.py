#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""TCP front proxy for the emulator's MariaDB: tells the verifier which logins use TLS.

MariaDB runs PAM in a helper process that knows nothing about the connection, and
checks REQUIRE SSL only after authentication. So the public MariaDB port belongs to
this proxy. For each client it:
  1. connects to mariadbd (127.0.0.1:BACKEND_PORT) and forwards the server greeting;
  2. reads the client's first packet: an SSLRequest (CLIENT_SSL capability set) means
     the client starts TLS, anything else is a plaintext handshake response;
  3. before forwarding that packet, writes CONNS_DIR/<local port of the backend socket>
     containing 'tls' or 'plain' (mariadbd shows that port in PROCESSLIST.HOST, which
     is how the verifier finds the record for the login it is checking);
  4. then copies bytes both ways untouched (TLS is end-to-end between client and
     mariadbd: the proxy never sees plaintext of a TLS connection). On a plaintext
     connection it also scans client bytes for 'X-Amz-Signature' and logs a JSON
     line {"source":"proxy","event":"plaintext_token",...} to the decision log.

With --strip-tls-port S it also listens on S as a TLS-stripping attacker on the network would:
the same relay, but the server greeting loses its CLIENT_SSL capability, so the server looks as if
TLS were turned off. With --pg-strip-tls-port T and --pg-backend-port Q it does the same for
PostgreSQL: it answers the client's SSLRequest with 'N' and relays the rest in clear to Q. A client
that still sends a token there is logged as plaintext_token; a client that refuses sends nothing.

Usage: mysql_proxy.py --listen-port P --backend-port B --conns-dir D --log FILE [--listen-host H ...]
       [--strip-tls-port S] [--pg-strip-tls-port T --pg-backend-port Q]
"""

import argparse
import asyncio
import datetime
import json
import os
import socket
import sys

CLIENT_SSL = 0x00000800
MARKER = b"X-Amz-Signature"
PG_SSL_REQUEST = (8).to_bytes(4, "big") + (80877103).to_bytes(4, "big")


def strip_ssl_capability(greeting):
    """The HandshakeV10 packet with CLIENT_SSL cleared in its lower capability flags."""
    payload = bytearray(greeting[4:])
    flags_at = payload.index(0, 1) + 1 + 4 + 8 + 1  # version NUL, thread id, scramble, filler
    flags = int.from_bytes(payload[flags_at:flags_at + 2], "little") & ~CLIENT_SSL
    payload[flags_at:flags_at + 2] = flags.to_bytes(2, "little")
    return greeting[:4] + bytes(payload)


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def close_all(*writers):
    for writer in writers:
        try:
            if writer is not None:
                writer.close()
        except Exception:
            pass


class Proxy:
    def __init__(self, args):
        self.args = args

    def log(self, entry):
        entry = dict(entry, time=now_iso(), source="proxy")
        line = (json.dumps(entry, sort_keys=True) + "\n").encode()
        try:
            fd = os.open(self.args.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
        except OSError as e:
            sys.stderr.write("proxy: log: %s\n" % e)

    async def read_packet(self, reader):
        header = await reader.readexactly(4)
        length = int.from_bytes(header[:3], "little")
        payload = await reader.readexactly(length)
        return header + payload, payload

    async def pipe(self, reader, writer, scan=None):
        tail = b""
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                if scan is not None:
                    window = tail + data
                    if MARKER in window:
                        scan()
                        scan = None
                    tail = window[-len(MARKER):]
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            pass
        finally:
            try:
                writer.close()
            except Exception:
                pass

    async def relay(self, first, scan, creader, cwriter, breader, bwriter):
        """Forwards the client's first bytes, then both directions; `scan` (if any) is called once
        when a token-like string goes from the client to the server."""
        if scan is not None and MARKER in first:
            scan()
            scan = None
        bwriter.write(first)
        await bwriter.drain()
        await asyncio.gather(self.pipe(creader, bwriter, scan), self.pipe(breader, cwriter))

    def plaintext_scan(self, client, backend_port, engine):
        def scan():
            self.log({"event": "plaintext_token", "tls": False, "client": client, "engine": engine,
                      "backend_port": backend_port,
                      "message": "a token-like string (X-Amz-Signature) crossed a connection without TLS"})
        return scan

    async def handle_stripped(self, creader, cwriter):
        await self.handle(creader, cwriter, strip=True)

    async def handle_pg_stripped(self, creader, cwriter):
        peer = cwriter.get_extra_info("peername")
        client = "%s:%s" % (peer[0], peer[1]) if peer else "?"
        bwriter = None
        try:
            first = await creader.readexactly(8)
            if first == PG_SSL_REQUEST:
                cwriter.write(b"N")  # "no TLS here"
                await cwriter.drain()
                first = b""
            breader, bwriter = await asyncio.open_connection("127.0.0.1", self.args.pg_backend_port)
            await self.relay(first, self.plaintext_scan(client, self.args.pg_backend_port, "pg"),
                             creader, cwriter, breader, bwriter)
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            close_all(cwriter, bwriter)

    async def handle(self, creader, cwriter, strip=False):
        peer = cwriter.get_extra_info("peername")
        record = None
        try:
            breader, bwriter = await asyncio.open_connection("127.0.0.1", self.args.backend_port)
        except OSError as e:
            self.log({"event": "backend_unreachable", "error": str(e)})
            cwriter.close()
            return
        try:
            local_port = bwriter.get_extra_info("sockname")[1]
            record = os.path.join(self.args.conns_dir, str(local_port))
            greeting, _ = await self.read_packet(breader)
            if strip:
                greeting = strip_ssl_capability(greeting)
            cwriter.write(greeting)
            await cwriter.drain()
            first, payload = await self.read_packet(creader)
            caps = int.from_bytes(payload[:4].ljust(4, b"\0"), "little")
            tls = bool(caps & CLIENT_SSL)
            tmp = record + ".tmp"
            with open(tmp, "w") as f:
                f.write("tls" if tls else "plain")
            os.chmod(tmp, 0o644)
            os.replace(tmp, record)
            scan = None
            if not tls:
                client = "%s:%s" % (peer[0], peer[1]) if peer else "?"
                scan = self.plaintext_scan(client, local_port, "mysql")
            await self.relay(first, scan, creader, cwriter, breader, bwriter)
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            close_all(cwriter, bwriter)
            if record:
                # keep the record a little while: mariadbd may still be authenticating
                await asyncio.sleep(1)
                try:
                    os.unlink(record)
                except OSError:
                    pass

    async def run(self):
        servers = []
        listeners = [(self.handle, self.args.listen_port)]
        if self.args.strip_tls_port:
            listeners.append((self.handle_stripped, self.args.strip_tls_port))
        if self.args.pg_strip_tls_port:
            listeners.append((self.handle_pg_stripped, self.args.pg_strip_tls_port))
        for handler, port in listeners:
            for host in self.args.listen_host:
                try:
                    servers.append(await asyncio.start_server(handler, host, port, reuse_address=True))
                except OSError as e:
                    if host == "127.0.0.1":
                        raise
                    sys.stderr.write("proxy: cannot listen on %s: %s\n" % (host, e))
        if self.args.ready_file:
            with open(self.args.ready_file, "w") as f:
                f.write(str(os.getpid()))
        await asyncio.gather(*(s.serve_forever() for s in servers))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen-host", action="append")
    ap.add_argument("--listen-port", type=int, required=True)
    ap.add_argument("--backend-port", type=int, required=True)
    ap.add_argument("--conns-dir", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--ready-file")
    ap.add_argument("--strip-tls-port", type=int)
    ap.add_argument("--pg-strip-tls-port", type=int)
    ap.add_argument("--pg-backend-port", type=int)
    args = ap.parse_args()
    if not args.listen_host:
        args.listen_host = ["127.0.0.1"] + (["::1"] if socket.has_ipv6 else [])
    os.makedirs(args.conns_dir, exist_ok=True)
    asyncio.run(Proxy(args).run())


if __name__ == "__main__":
    main()
