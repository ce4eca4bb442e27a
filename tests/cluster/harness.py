"""The pieces of the cluster harness: network namespaces on a bridge, a PostgreSQL cluster of
its own, an SMTP server (aiosmtpd) that records what it receives, Lupa nodes, nginx in front
and a small HTTP client with a cookie jar. Everything it makes it removes again in `close()`,
also after a failure or a signal (see run.py).

Layout (all on the bridge `lupa-c-br`, 10.200.0.0/24):

    10.200.0.1   this namespace: the harness, its HTTP client and the SMTP server (port 2525)
    10.200.0.2   namespace lupa-c-pg: PostgreSQL (port 5432, its own data folder and socket)
    10.200.0.10  namespace lupa-c-lb: nginx (port 8080), deploy/nginx.conf with the nodes
    10.200.0.11… namespace lupa-c-n1…: the Lupa nodes (port 3000)
"""

from __future__ import annotations

import email
import email.policy
import glob
import html
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "lupa-c-"
BRIDGE = f"{PREFIX}br"
SUBNET = "10.200.0"
HOST_IP = f"{SUBNET}.1"
PG_IP = f"{SUBNET}.2"
LB_IP = f"{SUBNET}.10"
SMTP_PORT = 2525
LB_PORT = 8080
NODE_PORT = 3000
DEMO_PASSWORD = "lupa-demo-salasana"


def node_ip(n: int) -> str:
    return f"{SUBNET}.{10 + n}"


def sh(*args: str, check: bool = True, **kw) -> subprocess.CompletedProcess:
    """Run a command, its output captured; raise with the output when it fails."""
    done = subprocess.run(args, capture_output=True, text=True, **kw)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return done


def in_ns(ns: str, *args: str) -> list[str]:
    return ["ip", "netns", "exec", ns, *args]


# ---------------------------------------------------------------------------------------------
# The network


def remove_network() -> None:
    """Remove every namespace and link of this harness: the processes our namespaces still
    hold (from this run, or from a run that was killed before it could clean up), then the
    namespaces, then the bridge. Safe to call when nothing exists."""
    names = sh("ip", "netns", "list", check=False).stdout.split("\n")
    ours = [line.split()[0] for line in names if line.startswith(PREFIX)]
    for ns in ours:
        for pid in sh("ip", "netns", "pids", ns, check=False).stdout.split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
    for ns in ours:
        sh("ip", "netns", "del", ns, check=False)
    links = sh("ip", "-o", "link", "show", check=False).stdout
    for name in re.findall(rf"^\d+: ({PREFIX}[^:@]+)", links, re.M):
        sh("ip", "link", "del", name, check=False)


def add_namespace(ns: str, ip: str) -> None:
    """A namespace with loopback and one veth pair to the bridge, holding `ip`/24."""
    host_end, ns_end = f"{ns}-h"[-15:], f"{ns}-n"[-15:]
    sh("ip", "netns", "add", ns)
    sh("ip", "link", "add", host_end, "type", "veth", "peer", "name", ns_end)
    sh("ip", "link", "set", ns_end, "netns", ns)
    sh("ip", "link", "set", host_end, "master", BRIDGE, "up")
    sh(*in_ns(ns, "ip", "link", "set", "lo", "up"))
    sh(*in_ns(ns, "ip", "addr", "add", f"{ip}/24", "dev", ns_end))
    sh(*in_ns(ns, "ip", "link", "set", ns_end, "up"))


def make_network(nodes: int) -> None:
    sh("ip", "link", "add", BRIDGE, "type", "bridge")
    sh("ip", "addr", "add", f"{HOST_IP}/24", "dev", BRIDGE)
    sh("ip", "link", "set", BRIDGE, "up")
    add_namespace(f"{PREFIX}pg", PG_IP)
    add_namespace(f"{PREFIX}lb", LB_IP)
    for n in range(1, nodes + 1):
        add_namespace(f"{PREFIX}n{n}", node_ip(n))


# ---------------------------------------------------------------------------------------------
# PostgreSQL


class Postgres:
    """A throwaway cluster in `root`, run as the postgres user inside namespace lupa-c-pg,
    listening on 10.200.0.2:5432 with its socket in `root` (never the system's)."""

    NS = f"{PREFIX}pg"

    def __init__(self, root: Path):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
        if not bins:
            raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
        self.bin = Path(bins[-1])
        self.root = root
        self.data = root / "data"
        self.log = root / "postgres.log"
        root.mkdir(parents=True)
        shutil.chown(root, "postgres", "postgres")
        os.chmod(root, 0o700)
        self.url = f"postgres://postgres@{PG_IP}:5432/lupa?sslmode=disable"

    def _as_postgres(self, *args: str) -> list[str]:
        return in_ns(self.NS, "runuser", "-u", "postgres", "--", *args)

    def init(self) -> None:
        sh(*self._as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                              "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"))
        with open(self.data / "pg_hba.conf", "a") as hba:
            hba.write(f"host all all {SUBNET}.0/24 trust\n")
        self.start()
        self.psql("postgres", "CREATE DATABASE lupa")

    def start(self) -> None:
        options = (f"-c listen_addresses={PG_IP} -p 5432 -k {self.root} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        sh(*self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                              "-w", "-t", "30", "-o", options, "start"))

    def stop(self, mode: str = "fast") -> None:
        sh(*self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w",
                              "stop"), check=False)

    def psql(self, db: str, sql: str) -> str:
        return sh(str(self.bin / "psql") if (self.bin / "psql").exists() else "psql", "-X", "-q",
                  "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", PG_IP, "-U", "postgres", "-d", db,
                  "-c", sql).stdout.strip()

    def scalar(self, sql: str) -> str:
        return self.psql("lupa", sql)


# ---------------------------------------------------------------------------------------------
# SMTP


@dataclass
class Received:
    message_id: str
    to: list[str]
    subject: str


class Smtp:
    """aiosmtpd on 10.200.0.1:2525, recording every message it accepts."""

    def __init__(self):
        from aiosmtpd.controller import Controller  # imported late: checked in run.py

        self.messages: list[Received] = []
        self.lock = threading.Lock()
        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
                with outer.lock:
                    outer.messages.append(Received(
                        message_id=str(parsed.get("Message-ID", "")).strip(),
                        to=[a.lower() for a in envelope.rcpt_tos],
                        subject=str(parsed.get("Subject", "")),
                    ))
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname=HOST_IP, port=SMTP_PORT)
        self.controller.start()
        self.url = f"smtp://{HOST_IP}:{SMTP_PORT}"

    def snapshot(self) -> list[Received]:
        with self.lock:
            return list(self.messages)

    def close(self) -> None:
        self.controller.stop()


# ---------------------------------------------------------------------------------------------
# Lupa nodes


class Node:
    def __init__(self, n: int, binary: Path, root: Path, env: dict[str, str]):
        self.n = n
        self.ns = f"{PREFIX}n{n}"
        self.ip = node_ip(n)
        self.base = f"http://{self.ip}:{NODE_PORT}"
        self.binary = binary
        self.data = root / f"node{n}"
        self.data.mkdir(parents=True, exist_ok=True)
        self.log_path = root / f"node{n}.log"
        self.env = env
        self.proc: subprocess.Popen | None = None

    def start(self, extra_env: dict[str, str] | None = None) -> None:
        env = {**self.env, **(extra_env or {})}
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            in_ns(self.ns, str(self.binary), "--data-dir", str(self.data), "--bind",
                  f"{self.ip}:{NODE_PORT}", "serve"),
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        log.close()

    def wait_healthy(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc and self.proc.poll() is not None:
                raise RuntimeError(f"node {self.n} exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                if get(self.base, "/healthz", timeout=2).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)  # polling a process we started for readiness; no event to wait on
        raise RuntimeError(f"node {self.n} did not answer /healthz in {seconds} s:\n{self.tail()}")

    def kill9(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 30 s."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill9()

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def lupa_cli(binary: Path, env: dict[str, str], data: Path, *args: str, stdin: str | None = None) -> str:
    return sh(str(binary), "--data-dir", str(data), *args, env=env, input=stdin).stdout


# ---------------------------------------------------------------------------------------------
# nginx


def nginx_conf(shipped: str, nodes: int, root: Path) -> str:
    """deploy/nginx.conf with our nodes in its upstream and its access log in `root`: the
    shipped `server lupaN:3000 <params>;` lines become one line per node, same params."""
    pattern = re.compile(r"^(\s*)server\s+lupa\d+:3000([^;]*);\s*\n", re.M)
    found = pattern.findall(shipped)
    if not found:
        raise RuntimeError("deploy/nginx.conf has no `server lupaN:3000 ...;` upstream lines")
    indent, params = found[0]
    ours = "".join(f"{indent}server {node_ip(n)}:{NODE_PORT}{params};\n" for n in range(1, nodes + 1))
    matches = list(pattern.finditer(shipped))
    conf = shipped[: matches[0].start()] + ours + shipped[matches[-1].end():]
    conf = conf.replace("http {", f"http {{\n    access_log {root}/nginx-access.log;", 1)
    return conf


class Balancer:
    NS = f"{PREFIX}lb"

    def __init__(self, root: Path, conf_text: str):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.root = root
        self.conf = root / "nginx.conf"
        self.conf.write_text(conf_text)
        self.base = f"http://{LB_IP}:{LB_PORT}"
        globals_ = f"daemon off; pid {root}/nginx.pid; error_log {root}/nginx-error.log warn;"
        sh(*in_ns(self.NS, nginx, "-t", "-q", "-p", str(root), "-c", str(self.conf), "-g", globals_))
        self.proc = subprocess.Popen(
            in_ns(self.NS, nginx, "-p", str(root), "-c", str(self.conf), "-g", globals_),
            stdout=subprocess.DEVNULL, stderr=open(root / "nginx-stderr.log", "w"),
            start_new_session=True)

    def wait_up(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if get(self.base, "/healthz", timeout=2).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)  # polling nginx we started for readiness
        raise RuntimeError("nginx did not answer in 20 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


# ---------------------------------------------------------------------------------------------
# HTTP


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str
    seconds: float

    def json(self):
        return json.loads(self.body)


def request(base: str, method: str, path: str, *, headers: dict[str, str] | None = None,
            body: bytes | None = None, timeout: float = 15) -> Response:
    """One request on a fresh connection (so round robin sees every request), no redirects
    followed."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    started = time.monotonic()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        text = resp.read().decode("utf-8", errors="replace")
        return Response(resp.status, resp.headers, text, time.monotonic() - started)
    finally:
        conn.close()


def get(base: str, path: str, **kw) -> Response:
    return request(base, "GET", path, **kw)


def csrf_of(page: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if not m:
        raise RuntimeError("no csrf_token on the page")
    return html.unescape(m.group(1))


@dataclass
class Browser:
    """A person's cookie jar, sent to whichever host is asked (the balancer or a node)."""

    cookies: dict[str, str] = field(default_factory=dict)
    forwarded_for: str | None = None

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        h = {"Accept-Language": "fi"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.forwarded_for:
            h["X-Forwarded-For"] = self.forwarded_for
        h.update(extra or {})
        return h

    def _keep(self, resp: Response) -> Response:
        for value in resp.headers.get_all("Set-Cookie") or []:
            pair = value.split(";", 1)[0]
            name, _, val = pair.partition("=")
            if "max-age=0" in value.lower() or "expires=thu, 01 jan 1970" in value.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = val.strip()
        return resp

    def get(self, base: str, path: str, **kw) -> Response:
        return self._keep(request(base, "GET", path, headers=self._headers(), **kw))

    def post_form(self, base: str, path: str, fields: dict[str, str], **kw) -> Response:
        body = urllib.parse.urlencode(fields).encode()
        headers = self._headers({"Content-Type": "application/x-www-form-urlencoded"})
        return self._keep(request(base, "POST", path, headers=headers, body=body, **kw))

    def sign_in(self, base: str, email_address: str, password: str = DEMO_PASSWORD) -> Response:
        form = self.get(base, "/sign-in")
        return self.post_form(base, "/sign-in", {
            "email": email_address, "password": password, "csrf_token": csrf_of(form.body),
            "next": "/"})


def api(base: str, token: str, method: str, path: str, payload=None, timeout: float = 15) -> Response:
    headers = {"Accept": "application/json", "Authorization": f"Bearer {token}"}
    body = None
    if payload is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(payload).encode()
    return request(base, method, path, headers=headers, body=body, timeout=timeout)
