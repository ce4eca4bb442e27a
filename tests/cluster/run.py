#!/usr/bin/env python3
"""Lupa on several nodes, for real: three `lupa serve` processes, each in its own network
namespace, sharing one PostgreSQL cluster, behind nginx (deploy/nginx.conf, round robin, no
sticky sessions), sending email to an aiosmtpd server. Drives the site through the balancer
with an HTTP client and prints a summary table; exits 1 when a check fails.

Run as root from anywhere (CI: .ci/run, after the browser suite):

    python3 tests/cluster/run.py            # uses target/debug/lupa
    LUPA_BIN=/path/to/lupa python3 tests/cluster/run.py
    CLUSTER_KEEP=1 ...                       # keep the temporary folder (logs) afterwards

Needs: iproute2, nginx (Debian's nginx-light, installed when missing), PostgreSQL server
binaries (/usr/lib/postgresql/*/bin), Python 3.11 with aiosmtpd. Everything it creates
(namespaces lupa-c-*, the bridge lupa-c-br, the processes in them, the temporary folder) is
removed on exit, also on failure, Ctrl-C or SIGTERM; a run that was killed with SIGKILL is
cleaned up by the next one.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from zoneinfo import ZoneInfo

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
NODES = 3
ADMIN = "aino.administraattori@vero.example"
WRITER = "kaisa.kirjoittaja@vero.example"
MEMBER = "matti.jasen@te.example"
INVITES = 6
# How many people get a digest in the digest check.
DIGEST_PEOPLE = 4
# How soon a write must be findable on every node.
SEARCH_WITHIN = 2.0


class Failed(Exception):
    pass


def check(ok: bool, what: str) -> None:
    if not ok:
        raise Failed(what)


def until(what: str, seconds: float, probe):
    """Poll `probe` (a thing we cannot be told about: another process's state) until it
    returns something truthy; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        got = probe()
        if got:
            return got
        if time.monotonic() > deadline:
            raise Failed(f"{what}: not within {seconds:g} s")
        time.sleep(0.05)


class Run:
    def __init__(self, binary: Path, root: Path):
        self.binary = binary
        self.root = root
        self.results: list[tuple[str, bool, str, float]] = []
        self.pg: h.Postgres | None = None
        self.smtp: h.Smtp | None = None
        self.nodes: list[h.Node] = []
        self.lb: h.Balancer | None = None
        self.run_id = fresh_word()

    # -- scaffolding -------------------------------------------------------------------------

    def lupa_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("LUPA_") and k not in ("DATABASE_URL", "CLUSTER_KEEP")}
        env.update({
            "DATABASE_URL": self.pg.url,
            "LUPA_LOG": "info,sqlx=warn,tower_sessions=warn",
            "LUPA_SERVER__PUBLIC_URL": self.lb_public,
            "LUPA_SERVER__TRUST_FORWARDED_FOR": "true",
            "LUPA_SMTP__URL": self.smtp.url,
            "LUPA_SMTP__FROM": "Lupa <lupa@klusteri.example>",
            # The write stream below writes fast as one person; the rate is tested elsewhere.
            "LUPA_LIMITS__WRITES_PER_MINUTE": "100000",
            "LUPA_LIMITS__WRITES_PER_HOUR": "100000",
            "LUPA_SERVER__SHUTDOWN_GRACE_SECONDS": "5",
            # Behind a balancer: a request waits 3 s for a database connection, then 503.
            "LUPA_DATABASE__ACQUIRE_TIMEOUT_SECONDS": "3",
        })
        return env

    def clock_now(self) -> str:
        """The instant the nodes' clocks show now (they run `clock_offset` ahead)."""
        at = dt.datetime.now(dt.timezone.utc) + self.clock_offset
        return at.isoformat(timespec="seconds")

    def start_cluster(self) -> None:
        t = time.monotonic()
        h.remove_network()
        h.make_network(NODES)
        self.pg = h.Postgres(self.root / "pg")
        self.pg.init()
        self.smtp = h.Smtp()
        self.lb_public = f"http://{h.LB_IP}:{h.LB_PORT}"
        env = self.lupa_env()
        # The demo network fills the database (and queues its emails, sent once SMTP is up).
        cli_data = self.root / "cli"
        h.lupa_cli(self.binary, env, cli_data, "migrate")
        h.lupa_cli(self.binary, env, cli_data, "demo")
        self.admin_token = h.lupa_cli(self.binary, env, cli_data, "token", "create", "--email",
                                      ADMIN).split()[-1]
        self.writer_token = h.lupa_cli(self.binary, env, cli_data, "token", "create", "--email",
                                       WRITER).split()[-1]
        # The nodes run as if it were a little under a day before the demo's workshop, so
        # that each node's first reminder pass (at start) finds the day-before reminders due.
        starts = self.pg.scalar("SELECT to_char(min(starts_at) AT TIME ZONE 'UTC', "
                                "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM workshops "
                                "WHERE cancelled_at IS NULL")
        check(bool(starts), "the demo has a workshop")
        workshop_start = dt.datetime.fromisoformat(starts.replace("Z", "+00:00"))
        node_time = workshop_start - dt.timedelta(hours=23)
        self.clock_offset = node_time - dt.datetime.now(dt.timezone.utc)
        self.seated = int(self.pg.scalar(
            "SELECT count(*) FROM workshop_registrations r JOIN workshops w ON w.id = r.workshop_id "
            f"WHERE w.starts_at = (SELECT min(starts_at) FROM workshops WHERE cancelled_at IS NULL) "
            "AND r.status = 'registered'"))
        for n in range(1, NODES + 1):
            self.nodes.append(h.Node(n, self.binary, self.root, env))
        # All three at once: three reminder passes and three email senders race.
        for node in self.nodes:
            node.start({"LUPA_CLOCK__START": self.clock_now()})
        for node in self.nodes:
            node.wait_healthy()
        shipped = (REPO / "deploy" / "nginx.conf").read_text()
        self.lb = h.Balancer(self.root, h.nginx_conf(shipped, NODES, self.root))
        self.lb.wait_up()
        self.record("cluster up (network, PostgreSQL, demo, 3 nodes, nginx)", True,
                    f"{NODES} nodes, demo workshop seats {self.seated}", time.monotonic() - t)

    def close(self) -> None:
        for step in (
            lambda: self.lb and self.lb.stop(),
            *[(lambda n=n: n.stop()) for n in self.nodes],
            lambda: self.pg and self.pg.stop("immediate"),
            lambda: self.smtp and self.smtp.close(),
            h.remove_network,
        ):
            try:
                step()
            except Exception as e:  # noqa: BLE001 - cleaning up whatever is left
                print(f"cleanup: {e}", file=sys.stderr)

    def record(self, name: str, ok: bool, detail: str, seconds: float) -> None:
        self.results.append((name, ok, detail, seconds))
        mark = "ok  " if ok else "FAIL"
        print(f"[{mark}] {name} ({seconds:.1f} s): {detail}", flush=True)

    def scenario(self, name: str, fn) -> None:
        t = time.monotonic()
        try:
            detail = fn() or ""
            self.record(name, True, detail, time.monotonic() - t)
        except Exception as e:  # noqa: BLE001 - a failed check is reported, the run goes on
            detail = str(e) if isinstance(e, Failed) else f"{type(e).__name__}: {e}"
            if not isinstance(e, Failed):
                traceback.print_exc()
            self.record(name, False, detail.splitlines()[0][:300], time.monotonic() - t)
            for node in self.nodes:
                print(f"--- node {node.n} log (last lines) ---\n{node.tail(15)}", file=sys.stderr)

    # -- the checks --------------------------------------------------------------------------

    def sessions(self) -> str:
        """Sign in through the balancer, keep working on every node; sign out ends it on all."""
        person = h.Browser()
        signed = person.sign_in(self.lb.base, ADMIN)
        check(signed.status == 303 and signed.headers.get("Location") == "/",
              f"sign-in answered {signed.status} {signed.headers.get('Location')}")
        for node in self.nodes:
            page = person.get(node.base, "/admin/people")
            check(page.status == 200, f"signed-in page on node {node.n}: {page.status}")
        # Through the balancer, round robin: several requests in a row land on every node.
        for _ in range(2 * NODES):
            page = person.get(self.lb.base, "/admin/people")
            check(page.status == 200, f"admin page through the balancer: {page.status}")
        out = person.post_form(self.lb.base, "/sign-out", {"csrf_token": h.csrf_of(page.body)})
        check(out.status == 303, f"sign-out answered {out.status}")
        for node in self.nodes:
            page = person.get(node.base, "/admin/people")
            check(page.status in (303, 401) and "/sign-in" in (page.headers.get("Location") or "/sign-in"),
                  f"after sign-out node {node.n} still answers {page.status}")
        return "signed in on the balancer, 200 on nodes 1-3; signed out: sign-in asked on all"

    def search(self) -> str:
        """Write on one node, find it in search and in every node's page cache within 2 s."""
        # Each node's visitor front page is in its page cache before the write. A change made
        # by the scenarios before (a sign-in, a sign-out) may still be on its way to a node
        # and drop the page between two requests, so each node is asked until it answers
        # from its cache.
        for node in self.nodes:
            def cached(node=node):
                h.get(node.base, "/")
                warm = h.get(node.base, "/")
                return warm.status == 200 and warm.headers.get("x-lupa-cache") == "hit"
            until(f"node {node.n}'s front page from its page cache", SEARCH_WITHIN, cached)
        word = fresh_word()
        title = f"Klusterin hakutesti {word}"
        made = h.api(self.nodes[0].base, self.writer_token, "POST", "/api/v1/posts", {
            "title": title,
            "body": f"Tämä kirjoitus etsitään jokaiselta solmulta: {word}.",
            "status": "published", "visibility": "public"})
        check(made.status == 201, f"writing the post on node 1: {made.status} {made.body[:200]}")
        written = time.monotonic()
        slowest = 0.0
        for node in self.nodes:
            def found(node=node):
                r = h.get(node.base, f"/api/v1/search?q={word}", headers={"Accept": "application/json"})
                return r.status == 200 and r.json()["total"] >= 1
            until(f"the post in search on node {node.n}", SEARCH_WITHIN - (time.monotonic() - written), found)
            page = h.get(node.base, f"/search?q={word}")
            check(page.status == 200 and word in page.body, f"the search page of node {node.n}")

            def on_front_page(node=node):
                return word in h.get(node.base, "/").body
            until(f"the post on node {node.n}'s cached front page",
                  SEARCH_WITHIN - (time.monotonic() - written), on_front_page)
            slowest = max(slowest, time.monotonic() - written)
        return (f"written on node 1, in search and on the cached front page of all {NODES} nodes "
                f"after {slowest:.2f} s (limit {SEARCH_WITHIN:g} s)")

    def throttling(self) -> str:
        """Failed sign-ins counted over every node: 10 spread over the nodes lock the account."""
        ip = "198.51.100.77"
        for i in range(10):
            node = self.nodes[i % NODES]
            person = h.Browser(forwarded_for=ip)
            r = person.sign_in(node.base, MEMBER, password="väärä salasana ehdottomasti")
            check(r.status == 401, f"failed sign-in {i + 1} on node {node.n}: {r.status}")
        locked = []
        for node in self.nodes:
            person = h.Browser(forwarded_for=f"198.51.100.{80 + node.n}")
            r = person.sign_in(node.base, MEMBER)  # the right password, from another address
            locked.append(r.status)
        check(all(s == 429 for s in locked), f"after 10 failures over 3 nodes: {locked}")
        via_lb = h.Browser().sign_in(self.lb.base, MEMBER)
        check(via_lb.status == 429, f"through the balancer: {via_lb.status}")
        return "10 failures over nodes 1-3 lock the account on every node (429) and via nginx"

    def emails(self) -> str:
        """Invitations and reminders: every outbox row delivered once, three senders racing."""
        admin = h.Browser()
        check(admin.sign_in(self.lb.base, ADMIN).status == 303, "admin signs in")
        invited = [f"kutsuttu.{i}.{self.run_id}@klusteri.example" for i in range(INVITES)]
        for address in invited:
            page = admin.get(self.lb.base, "/admin/people")
            org = re.search(r'name="organization"[^>]*>\s*<option value="(\d+)"', page.body)
            check(org is not None, "an organisation to invite to")
            r = admin.post_form(self.lb.base, "/admin/people", {
                "csrf_token": h.csrf_of(page.body), "email": address,
                "organization": org.group(1), "role": "member"})
            check(r.status == 303, f"inviting {address}: {r.status}")

        def drained():
            pending = int(self.pg.scalar(
                "SELECT count(*) FROM email_outbox WHERE sent_at IS NULL AND failed_at IS NULL"))
            return pending == 0
        until("the email outbox drained", 30, drained)
        sent = int(self.pg.scalar("SELECT count(*) FROM email_outbox WHERE sent_at IS NOT NULL"))
        reminders = int(self.pg.scalar("SELECT count(*) FROM sent_reminders WHERE kind = 'workshop-1d'"))
        # Give a duplicate a moment to arrive, were one on its way.
        time.sleep(0.5)
        got = self.smtp.snapshot()
        ids = [m.message_id for m in got]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        check(not dupes, f"{len(dupes)} Message-IDs delivered more than once, e.g. {dupes[:2]}")
        check(len(got) == sent, f"SMTP received {len(got)}, outbox says {sent} sent")
        for address in invited:
            n = sum(address in m.to for m in got)
            check(n == 1, f"{address} got {n} emails")
        check(reminders == self.seated and self.seated > 0,
              f"{reminders} day-before reminders queued for {self.seated} seats")
        failed = int(self.pg.scalar("SELECT count(*) FROM email_outbox WHERE failed_at IS NOT NULL"))
        check(failed == 0, f"{failed} emails failed")
        return (f"{len(got)} emails, each once ({INVITES} invitations, {reminders} reminders "
                f"for {self.seated} seats, the rest the demo's)")

    def restart_all_at(self, instant: dt.datetime) -> None:
        """Stop every node, then start all three at once on clocks that read `instant`."""
        for node in self.nodes:
            if node.proc and node.proc.poll() is None:
                node.proc.terminate()
        for node in self.nodes:
            node.stop()
        self.clock_offset = instant - dt.datetime.now(dt.timezone.utc)
        for node in self.nodes:
            node.start({"LUPA_CLOCK__START": self.clock_now()})
        for node in self.nodes:
            node.wait_healthy()

    def digests(self) -> str:
        """Daily digests: several people are mentioned in a post and get mentions in their
        daily digest; the three nodes start at once at the digest hour, so their digest passes
        race. Each person gets one digest, delivered once."""
        helsinki = ZoneInfo("Europe/Helsinki")
        now = dt.datetime.fromisoformat(self.clock_now()).astimezone(helsinki)
        # The next whole hour at least an hour away: no pass reaches it before the restart.
        due = (now + dt.timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
        hour = due.hour
        people = self.pg.psql("lupa", (
            "SELECT email FROM users WHERE active AND removed_at IS NULL AND role IN "
            f"('member', 'writer', 'editor', 'admin') AND email NOT IN ('{WRITER}', '{MEMBER}') "
            f"ORDER BY id LIMIT {DIGEST_PEOPLE}")).split()
        check(len(people) == DIGEST_PEOPLE, f"{DIGEST_PEOPLE} demo people to mention: {people}")
        env = self.lupa_env()
        handles = []
        for address in people:
            token = h.lupa_cli(self.binary, env, self.root / "cli", "token", "create", "--email",
                               address).split()[-1]
            r = h.api(self.lb.base, token, "PUT", "/api/v1/notifications/settings",
                      {"deliveries": {"mention": "daily"}, "digest_hour": hour})
            check(r.status == 200, f"{address}'s settings: {r.status} {r.body[:200]}")
            handles.append(r.json()["handle"])
        word = fresh_word()
        made = h.api(self.lb.base, self.writer_token, "POST", "/api/v1/posts", {
            "title": f"Koosteeseen {word}",
            "body": "Kiitos " + ", ".join(f"@{x}" for x in handles) + f"! ({word})",
            "status": "published", "visibility": "public"})
        check(made.status == 201, f"the post that mentions them: {made.status} {made.body[:200]}")
        told = int(self.pg.scalar(
            "SELECT count(*) FROM notifications n JOIN posts p ON p.id = n.post_id "
            f"WHERE n.kind = 'mention' AND p.title = 'Koosteeseen {word}'"))
        check(told == len(people), f"{told} mentions for {len(people)} people")

        # All three nodes start at hh:00:20 on the digest's day: three passes at once.
        at = due + dt.timedelta(seconds=20)
        self.restart_all_at(at.astimezone(dt.timezone.utc))
        since = at.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        period = f"daily:{due.date().isoformat()}"
        ids = ", ".join(f"'{a}'" for a in people)

        def recorded():
            n = int(self.pg.scalar(
                "SELECT count(*) FROM sent_digests d JOIN users u ON u.id = d.user_id "
                f"WHERE u.email IN ({ids}) AND d.period = '{period}' AND d.items >= 1"))
            pending = int(self.pg.scalar(
                "SELECT count(*) FROM email_outbox WHERE sent_at IS NULL AND failed_at IS NULL"))
            return n == len(people) and pending == 0
        until(f"{period} digests recorded and sent", 90, recorded)
        time.sleep(0.5)  # a duplicate on its way would arrive within this
        got = self.smtp.snapshot()
        ids_seen = [m.message_id for m in got]
        dupes = sorted({i for i in ids_seen if ids_seen.count(i) > 1})
        check(not dupes, f"{len(dupes)} Message-IDs delivered more than once, e.g. {dupes[:2]}")
        total = 0
        for address in people:
            # One outbox row per digest period, and each row delivered once.
            rows = self.pg.psql("lupa", (
                "SELECT subject FROM email_outbox WHERE kind = 'digest' "
                f"AND to_address = '{address}' AND created_at >= '{since}+00'")).splitlines()
            daily = int(self.pg.scalar(
                "SELECT count(*) FROM sent_digests d JOIN users u ON u.id = d.user_id "
                f"WHERE u.email = '{address}' AND d.period = '{period}'"))
            check(daily == 1, f"{address}: {period} recorded {daily} times")
            # (A weekly digest may be due at the same instant: one more period, one more email.)
            periods = int(self.pg.scalar(
                "SELECT count(DISTINCT d.period) FROM sent_digests d JOIN users u ON u.id = d.user_id "
                f"WHERE u.email = '{address}' AND d.items >= 1 AND d.sent_at >= '{since}+00'"))
            check(len(rows) == periods, f"{address}: {len(rows)} digests queued for {periods} periods")
            delivered = [m for m in got if address in m.to and m.subject in rows]
            check(len(delivered) == len(rows),
                  f"{address}: {len(delivered)} digests delivered for {len(rows)} queued")
            total += len(rows)
        return (f"{len(people)} people mentioned; 3 nodes started together at {at:%H:%M:%S} "
                f"Helsinki time; each got its {period} digest once ({total} digests in all)")

    def kill_in_write_stream(self) -> str:
        """kill -9 a node while three writers post through nginx; nothing acknowledged lost;
        the restarted node catches its index up."""
        word = fresh_word()
        acked: list[str] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + 6

        def writer(w: int) -> None:
            i = 0
            while time.monotonic() < stop_at:
                i += 1
                try:
                    r = h.api(self.lb.base, self.writer_token, "POST", "/api/v1/posts", {
                        "title": f"Virta {w}-{i}", "body": f"Kirjoitusvirran osa {w}-{i}: {word}.",
                        "status": "published", "visibility": "public"}, timeout=20)
                    with lock:
                        (acked.append(r.json()["slug"]) if r.status == 201
                         else errors.append(f"{r.status}"))
                except OSError as e:
                    with lock:
                        errors.append(type(e).__name__)

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(3)]
        for t in threads:
            t.start()
        until("writes before the kill", 10, lambda: len(acked) >= 10)
        victim = self.nodes[1]
        victim.kill9()
        killed_at = len(acked)
        for t in threads:
            t.join()
        after_kill = len(acked) - killed_at
        check(after_kill >= 5, f"only {after_kill} writes acknowledged after the kill")
        check(len(errors) <= 3, f"{len(errors)} writes failed: {errors[:5]}")
        # Every acknowledged write is in the database.
        slugs = set(self.pg.scalar(
            f"SELECT slug FROM posts WHERE body_md LIKE '%{word}%'").split())
        lost = [s for s in acked if s not in slugs]
        check(not lost, f"{len(lost)} acknowledged writes missing: {lost[:3]}")
        # The restarted node catches up with what was written while it was dead.
        t = time.monotonic()
        victim.start({"LUPA_CLOCK__START": self.clock_now()})
        victim.wait_healthy()
        for node in self.nodes:
            def complete(node=node):
                r = h.get(node.base, f"/api/v1/search?q={word}", headers={"Accept": "application/json"})
                return r.status == 200 and r.json()["total"] == len(slugs)
            until(f"node {node.n} finds all {len(slugs)} stream posts", 15, complete)
        caught = time.monotonic() - t
        return (f"{len(acked)} acknowledged ({after_kill} after kill -9 of node 2), "
                f"{len(errors)} refused, 0 lost; restarted node caught up in {caught:.1f} s")

    def database_outage(self) -> str:
        """PostgreSQL down for 10 s: 503 on /healthz and an error page, quickly; then recovery."""
        self.pg.stop("fast")
        down_at = time.monotonic()
        worst = 0.0
        try:
            for node in self.nodes:
                r = h.get(node.base, "/healthz", timeout=10)
                check(r.status == 503, f"node {node.n} /healthz with the database down: {r.status}")
                worst = max(worst, r.seconds)
                page = h.get(node.base, "/", timeout=15, headers={"Accept-Language": "fi"})
                check(page.status >= 500 and "<html" in page.body.lower(),
                      f"node {node.n} front page with the database down: {page.status}")
                worst = max(worst, page.seconds)
            via_lb = h.get(self.lb.base, "/", timeout=15)
            check(via_lb.status >= 500, f"the balancer's front page with the database down: {via_lb.status}")
            check(worst <= 5, f"slowest answer while down took {worst:.1f} s (a hang)")
            time.sleep(max(0.0, 10 - (time.monotonic() - down_at)))  # the outage lasts 10 s
        finally:
            self.pg.start()
        up_at = time.monotonic()
        for node in self.nodes:
            until(f"node {node.n} healthy again", 30,
                  lambda node=node: _status(node.base, "/healthz") == 200)
        recovered = time.monotonic() - up_at
        # And it works again through the balancer: a write, found on every node.
        word = fresh_word()

        def write():
            # nginx may still count every node as failed for its fail_timeout (5 s): then it
            # answers 502 without asking a node, and the write is tried again.
            made = h.api(self.lb.base, self.writer_token, "POST", "/api/v1/posts", {
                "title": f"Tietokanta palasi {word}", "body": f"Katkon jälkeen: {word}.",
                "status": "published", "visibility": "public"})
            return made.status == 201
        until("a write through nginx after the outage", 15, write)
        for node in self.nodes:
            until(f"node {node.n} indexes again", 10, lambda node=node: _search_total(node.base, word) >= 1)
        return (f"503 /healthz and an error page on every node (slowest {worst:.1f} s); "
                f"healthy {recovered:.1f} s after PostgreSQL came back; writes and search work")

    def summary(self) -> bool:
        width = max(len(r[0]) for r in self.results)
        print("\nCluster harness summary")
        print(f"{'check'.ljust(width)}  result  seconds  detail")
        print(f"{'-' * width}  ------  -------  ------")
        for name, ok, detail, secs in self.results:
            print(f"{name.ljust(width)}  {'ok' if ok else 'FAIL':6}  {secs:7.1f}  {detail}")
        return all(ok for _, ok, _, _ in self.results)


def fresh_word() -> str:
    """A word no content has, to search for."""
    return "kl" + "".join(secrets.choice("bcdfghjklmnprstv") for _ in range(10))


def _status(base: str, path: str) -> int:
    try:
        return h.get(base, path, timeout=5).status
    except OSError:
        return 0


def _search_total(base: str, word: str) -> int:
    try:
        r = h.get(base, f"/api/v1/search?q={word}", headers={"Accept": "application/json"}, timeout=5)
        return r.json()["total"] if r.status == 200 else -1
    except (OSError, ValueError):
        return -1


def prerequisites() -> Path:
    if os.geteuid() != 0:
        sys.exit("tests/cluster/run.py needs root (network namespaces, runuser)")
    binary = Path(os.environ.get("LUPA_BIN") or (REPO / "target" / "debug" / "lupa")).resolve()
    if not binary.exists():
        sys.exit(f"no lupa binary at {binary}: cargo build first, or set LUPA_BIN")
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        print("Installing nginx-light.", flush=True)
        h.sh("apt-get", "update", "-qq")
        h.sh("apt-get", "install", "-y", "-qq", "--no-install-recommends", "nginx-light",
             env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        h.sh(sys.executable, "-m", "pip", "install", "--quiet", "aiosmtpd")
    return binary


def main() -> int:
    binary = prerequisites()
    # One run at a time on a machine: the names and addresses are fixed.
    lock = open("/run/lock/lupa-cluster.lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    root = Path(tempfile.mkdtemp(prefix="lupa-cluster-"))
    os.chmod(root, 0o755)  # the postgres user reaches its folder inside
    run = Run(binary, root)

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, on_signal)
    started = time.monotonic()
    try:
        try:
            run.start_cluster()
        except Exception as e:  # noqa: BLE001
            traceback.print_exc()
            run.record("cluster up", False, str(e).splitlines()[0][:300], time.monotonic() - started)
        else:
            run.scenario("sessions across nodes", run.sessions)
            run.scenario("search on every node within 2 s", run.search)
            run.scenario("emails once (3 senders, 3 reminder passes)", run.emails)
            run.scenario("digests once (3 nodes' digest passes at once)", run.digests)
            run.scenario("sign-in throttling across nodes", run.throttling)
            run.scenario("kill -9 in a write stream", run.kill_in_write_stream)
            run.scenario("PostgreSQL down 10 s", run.database_outage)
    finally:
        run.close()
        if os.environ.get("CLUSTER_KEEP") == "1":
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    ok = run.summary()
    print(f"\n{'passed' if ok else 'FAILED'} in {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
