"""Page benchmark behind the production server (issue #14 §2): ``bench/pages.py --server``.

    .venv/bin/python bench/pages.py --server --database postgres --persons 3000000 --queue-entries 300000
    .venv/bin/python bench/pages.py --server --database postgres --reuse --rounds 3 --seconds 10 --write-doc

What it does (docs/performance.md, "Pages behind the production server"):
1. seeds the registry (bench/pages.py ``seed``) or, with ``--reuse``, measures what an earlier
   ``--keep``/``--seed-only`` left;
2. the EXPLAIN check: asks every page once in this process, captures its SQL
   (CaptureQueriesContext), runs ``EXPLAIN (FORMAT JSON)`` of every SELECT on PostgreSQL and
   flags each sequential scan of a large table (more than ``--large`` rows by the planner's
   statistics: persons, applications, events, queue entries, the access log, history …);
3. starts the production server exactly as scripts/serve-production.sh does (collectstatic,
   ``check --deploy``, gunicorn with deploy/gunicorn.conf.py) with ``WEB_CONCURRENCY=2``, a
   pool of 2 connections a worker, Redis as the shared cache, bound to 127.0.0.1 on a free port,
   and ``DJANGO_SETTINGS_MODULE=bench.settings``: the production settings plus a bare view
   (bench/urls.py), so the bare view exists in this server only;
4. signs in the officer (second factor verified) and the cabinet by writing their sessions to
   the database with the server's SECRET_KEY, checks every URL answers 200 to them, then runs
   ``--rounds`` rounds of: the bare view, page 1, page 2, … each for ``--seconds`` with ``wrk``
   (``--connections`` open connections, one thread; the Python client below when wrk is not
   installed), and reports per page: requests/s, the ratio to the bare view's requests/s of
   the same round, p50 and p95 (each the median of the rounds) and the worst round's p95;
5. stops the server (and every worker: its own process group).

Loopback only, bounded in time; never point it at a database with real data.
"""

from __future__ import annotations

import base64
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
#: The server's secret (also used by this process, so the sessions it writes are the server's).
SECRET_KEY = "bench-pages-" + "c0ffee5eed1e55a9b7c4d2e0f8a6b4c2" * 2
BARE_LABEL = "bare Django view (same stack)"
#: The issue's targets (issue #14 §2), compared with in the table.
TARGET_RATIO = 0.6
TARGET_P95_READ_MS = 150
DOC_START = "<!-- bench/pages.py --server: table start -->"
DOC_END = "<!-- bench/pages.py --server: table end -->"

WRK_SCRIPT = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\n", summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(95), latency.max))
end
"""


def use_server_secret() -> None:
    """Before django.setup(): sign sessions as the server will check them."""
    os.environ["SECRET_KEY"] = SECRET_KEY


def server_env(*, database_url: str, port: int, var_dir: str, cache_url: str) -> dict:
    """Production settings, nothing from the caller's shell but PATH (as scripts/scale_out_proof.py)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "CBI_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "CBI_JOURNAL_KEYS": "bench-2026:" + base64.b64encode(b"bench-pages-journal-key-32-bytes").decode(),
        "SITE_URL": "https://127.0.0.1",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "DB_POOL_MAX_SIZE": "2",
        # Workers are not replaced during a run (production replaces them every 2000 requests,
        # which would cost the fast bare view a re-import now and then, the pages hardly).
        "GUNICORN_MAX_REQUESTS": "0",
        "CBI_VAR_DIR": var_dir,
        "STATIC_ROOT": str(Path(var_dir) / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHON": PY,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """scripts/serve-production.sh in its own process group, stopped on exit."""

    def __init__(self, *, database_url: str, cache_url: str) -> None:
        self.port = free_port()
        self.var_dir = tempfile.mkdtemp(prefix="cbi-bench-")
        self.log = Path(self.var_dir) / "server.log"
        self.env = server_env(database_url=database_url, port=self.port, var_dir=self.var_dir, cache_url=cache_url)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(["bash", str(ROOT / "scripts" / "serve-production.sh")], cwd=ROOT,
                                            env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + 300  # collectstatic and check --deploy first, on a busy machine
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if self.get("/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        log = self.log.read_text(errors="replace")[-3000:]
        self.__exit__()
        raise SystemExit(f"the server did not answer /healthz (in 300 s):\n{log}")

    def __exit__(self, *_exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.var_dir, ignore_errors=True)

    def headers(self, cookie: str) -> dict:
        head = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", "Accept-Language": "uk"}
        if cookie:
            head["Cookie"] = cookie
        return head

    def get(self, path: str, cookie: str = "") -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path, headers=self.headers(cookie))
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


# --- load ---------------------------------------------------------------------------------------


def run_wrk(server: Server, path: str, cookie: str, *, seconds: float, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
                   "-s", script.name]
        for name, value in server.headers(cookie).items():
            command += ["-H", f"{name}: {value}"]
        out = subprocess.run([*command, f"http://127.0.0.1:{server.port}{path}"], capture_output=True, text=True,
                             timeout=seconds + 60, check=True).stdout
    finally:
        os.unlink(script.name)
    line = next(l for l in out.splitlines() if l.startswith("BENCH "))
    requests, duration_us, bad_status, socket_errors, p50, p95, worst = (int(x) for x in line.split()[1:])
    return {"requests": requests, "rps": requests / (duration_us / 1e6), "p50_ms": p50 / 1000, "p95_ms": p95 / 1000,
            "max_ms": worst / 1000, "bad_status": bad_status, "socket_errors": socket_errors}


def run_python(server: Server, path: str, cookie: str, *, seconds: float, connections: int) -> dict:
    """The fallback load: ``connections`` threads, each one pooled keep-alive connection (the
    sync worker closes it after every answer; http.client opens it again), until the time is up."""
    headers = server.headers(cookie)
    deadline = time.perf_counter() + seconds
    samples: list[float] = []
    errors = {"bad_status": 0, "socket_errors": 0}
    kinds: set[str] = set()
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        mine = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except OSError as error:
                connection.close()
                with lock:
                    errors["socket_errors"] += 1
                    kinds.add(type(error).__name__)
                continue
            mine.append(time.perf_counter() - started)
            if status >= 400:
                with lock:
                    errors["bad_status"] += 1
                    kinds.add(f"HTTP {status}")
        connection.close()
        with lock:
            samples.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(samples) or [0.0]
    return {"requests": len(samples), "rps": len(samples) / elapsed, "p50_ms": statistics.median(ordered) * 1000,
            "p95_ms": ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] * 1000,
            "max_ms": ordered[-1] * 1000, **errors, "error_kinds": sorted(kinds)}


def load_tool(choice: str = "auto"):
    if choice == "wrk" or (choice == "auto" and shutil.which("wrk")):
        return "wrk", run_wrk
    return "python", run_python


# --- sessions and URLs ------------------------------------------------------------------------


def cookies(world: dict) -> dict[str, str]:
    """Session cookies of the officer (second factor verified) and the cabinet, written to the
    database (the server's session store) by this process with the server's SECRET_KEY."""
    from django.conf import settings

    from bench.pages import _clients

    assert settings.SECRET_KEY == SECRET_KEY, "call use_server_secret() before django.setup()"
    clients = _clients(world)
    name = settings.SESSION_COOKIE_NAME
    return {who: (f"{name}={client.cookies[name].value}" if name in client.cookies else "")
            for who, client in clients.items()}


def targets(world: dict) -> list[tuple[str, str, str]]:
    """(label, who, path) of every page of bench/pages.py PAGES."""
    from django.urls import reverse

    from bench.pages import PAGES

    from urllib.parse import quote

    return [(label, who, quote(reverse(name, args=[world[args].pk] if args else None) + query, safe="/?=&%-_.~"))
            for label, who, name, args, query in PAGES]


# --- EXPLAIN ------------------------------------------------------------------------------------


def _scans(plan: dict):
    if plan.get("Node Type") in {"Seq Scan", "Parallel Seq Scan"}:
        yield plan.get("Relation Name"), plan.get("Plan Rows")
    for child in plan.get("Plans", []):
        yield from _scans(child)


def explain_check(world: dict, *, large: int = 10_000, slow_ms: float | None = None) -> tuple[list[dict], int]:
    """Every SELECT each page runs, EXPLAINed on PostgreSQL: the sequential scans of tables the
    planner counts more than ``large`` rows in (and, with ``slow_ms``, every query that took
    longer, as a finding with table None). Returns (findings, SELECTs explained)."""
    import json

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.pages import _clients

    if connection.vendor != "postgresql":
        return [], 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND reltuples > %s", [large])
        sizes = dict(cursor.fetchall())
    clients = _clients(world)
    findings, explained, seen = [], 0, set()
    for label, who, path in targets(world):
        with CaptureQueriesContext(connection) as captured:
            response = clients[who].get(path, SERVER_NAME="localhost")
        assert response.status_code == 200, (path, response.status_code)
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            explained += 1
            if slow_ms is not None and float(query["time"]) * 1000 > slow_ms:
                findings.append({"page": label, "table": None, "table_rows": 0, "plan_rows": None,
                                 "ms": round(float(query["time"]) * 1000, 1), "sql": sql})
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql.replace("%", "%%"))
                plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            for table, rows in _scans(plan[0]["Plan"]):
                if table in sizes and (label, table, sql) not in seen:
                    seen.add((label, table, sql))
                    findings.append({"page": label, "table": table, "table_rows": int(sizes[table]),
                                     "plan_rows": rows, "sql": sql})
    return findings, explained


# --- the run ------------------------------------------------------------------------------------


def measure(server: Server, world: dict, *, rounds: int, seconds: float, connections: int, tool: str = "auto",
            log=lambda *_: None) -> dict:
    tool_name, run = load_tool(tool)
    session = cookies(world)
    jobs = [(BARE_LABEL, "", "/bench/bare/")] + [(label, session[who], path) for label, who, path in targets(world)]
    for label, cookie, path in jobs:  # every page answers 200 to its audience (no sign-in page measured)
        for _ in range(2):  # and warms both workers up
            status, body = server.get(path, cookie)
            if status != 200 or (cookie and b'name="password"' in body):
                raise SystemExit(f"{label} ({path}) answers {status} behind the server"
                                 + (", a sign-in form" if status == 200 else ""))
    results: dict[str, list[dict]] = {label: [] for label, *_x in jobs}
    for number in range(rounds):
        for label, cookie, path in jobs:
            result = run(server, path, cookie, seconds=seconds, connections=connections)
            results[label].append(result)
            failed = result["bad_status"] + result["socket_errors"]
            log(f"  round {number + 1}: {label}: {result['rps']:.1f} req/s, p50 {result['p50_ms']:.1f} ms, "
                f"p95 {result['p95_ms']:.1f} ms" + (f", {failed} errors {result.get('error_kinds', '')}" if failed else ""))
    bare = statistics.median(r["rps"] for r in results[BARE_LABEL])
    rows = []
    for label, *_x in jobs:
        runs = results[label]
        ratios = [r["rps"] / b["rps"] for r, b in zip(runs, results[BARE_LABEL])]
        rows.append({"page": label, "rps": round(statistics.median(r["rps"] for r in runs), 1),
                     "ratio": round(statistics.median(ratios), 3),
                     "p50_ms": round(statistics.median(r["p50_ms"] for r in runs), 1),
                     "p95_ms": round(statistics.median(r["p95_ms"] for r in runs), 1),
                     "p95_worst_ms": round(max(r["p95_ms"] for r in runs), 1),
                     "requests": sum(r["requests"] for r in runs),
                     "errors": sum(r["bad_status"] + r["socket_errors"] for r in runs)})
    return {"tool": tool_name, "rounds": rounds, "seconds": seconds, "connections": connections,
            "bare_rps": round(bare, 1), "rows": rows}


def table(result: dict) -> str:
    lines = ["| page | req/s | req/s vs bare view | p50 ms | p95 ms | p95 ms, worst round | target met |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for row in result["rows"]:
        if row["page"] == BARE_LABEL:
            met = "—"
        else:
            ok_ratio, ok_p95 = row["ratio"] >= TARGET_RATIO, row["p95_ms"] < TARGET_P95_READ_MS
            met = "yes" if ok_ratio and ok_p95 else "no (" + ", ".join(
                what for what, ok in (("req/s", ok_ratio), ("p95", ok_p95)) if not ok) + ")"
        errors = f" ({row['errors']} errors)" if row["errors"] else ""
        lines.append(f"| {row['page']}{errors} | {row['rps']} | {row['ratio']:.3f} | {row['p50_ms']} | "
                     f"{row['p95_ms']} | {row.get('p95_worst_ms', row['p95_ms'])} | {met} |")
    return "\n".join(lines)


def findings_table(findings: list[dict], explained: int) -> str:
    if not findings:
        return f"EXPLAIN check: {explained} SELECTs of the pages explained, no sequential scan of a large table."
    lines = [f"EXPLAIN check: {explained} SELECTs explained; sequential scans of large tables:", "",
             "| page | table | rows in table | rows the plan expects |", "|---|---|---:|---:|"]
    lines += [f"| {f['page']} | {f['table']} | {f['table_rows']} | {f['plan_rows']} |" for f in findings]
    return "\n".join(lines)


def write_doc(text: str, path: Path = ROOT / "docs" / "performance.md") -> None:
    doc = path.read_text(encoding="utf-8")
    start, end = doc.index(DOC_START) + len(DOC_START), doc.index(DOC_END)
    path.write_text(doc[:start] + "\n" + text.strip() + "\n" + doc[end:], encoding="utf-8")
