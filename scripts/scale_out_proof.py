"""Scale-out proof (issue #14 §1): two application servers, one PostgreSQL, one Redis.

Two production servers (scripts/serve-production.sh: collectstatic, gunicorn, two workers each)
listen on two loopback ports, as two machines behind a load balancer would. Every request
alternates between them, and the proof checks what a person or an officer would notice if the
servers did not share their state:

1. a session started on one is carried on by the other (an applicant's answers, a staff sign-in
   whose password went to A and whose one-time code went to B);
2. an uploaded file stored through A is served by B;
3. a journal write made through A (referrals issued for a car-queue application) is seen by B,
   and the journal's MAC chain stays whole (`manage.py verify_journal`);
4. a throttle counted on A blocks on B (wrong return codes of a saved application, in Redis);
5. the logs are JSON lines with the request id and no personal data, even for a search by РНОКПП;
6. /metrics on each server counts its requests and holds no personal data.

It uses a dedicated database (``cbi_scaleout``, dropped and created anew) and a dedicated Redis
database number (13), so it never touches another run's data. Run from the repository root:

    .venv/bin/python scripts/scale_out_proof.py

Exits non-zero on the first failed check, printing the servers' logs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import io
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DATABASE = "cbi_scaleout"
PG = os.environ.get("SCALEOUT_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("SCALEOUT_REDIS", "redis://127.0.0.1:6379/13")
PORTS = (18101, 18102)
PASSWORD = "Масштаб-пароль-2026"
APPLICANT_RNOKPP = "3456789014"

# What the servers are started with: production settings, nothing from the caller's shell.
ENV = {
    "CBI_ENV": "production",
    "SECRET_KEY": "scale-out-proof-" + "5f0c3a9e7b1d4c2a8e6f0b9d7c5a3e1f" * 2,
    "ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": f"{PG}/{DATABASE}",
    "CACHE_URL": REDIS_URL,
    "CBI_JOURNAL_KEYS": "scaleout-2026:" + base64.b64encode(b"scale-out-proof-journal-key-32by").decode(),
    "SITE_URL": "https://127.0.0.1",
    "WEB_CONCURRENCY": "2",
    "DB_POOL_MAX_SIZE": "2",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "LOG_LEVEL": "WARNING",
}

SETUP = """
import json
from datetime import timedelta
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from cbi.accounts.models import Role
from cbi.accounts.services import create_staff_member
from cbi.carqueue.intake import services as carqueue
from cbi.registry.models import Assessment, DisabilityStatus, Organization, Person
from cbi.registry.services import ensure_organizations

ensure_organizations()
office = Organization.objects.get(code="spo-ua80000000001078669")
officer = create_staff_member(username="officer.scaleout", password=PASSWORD, first_name="Олена",
                              last_name="Коваленко", email="officer.scaleout@cbi.example",
                              role=Role.DISTRICT_OFFICER, organization=office)
device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
person = Person(surname="Петренко", given_name="Олена", patronymic="Іванівна", date_of_birth="1985-03-27",
                sex="female", rnokpp="3113201244", office=office, phone="+380671234567")
person.full_clean(); person.save()
DisabilityStatus.objects.create(person=person, group="II", cause="general_disease", established_on="2023-05-15")
today = timezone.localdate()
Assessment.objects.create(person=person, kind="msek", assessed_on=today - timedelta(days=30),
                          conclusion_number="МСЕК-1024/26", body_name="Київська міська МСЕК № 3",
                          indications_for_car=True)
application = carqueue.register_application(
    actor=officer, person=person, data={"received_via": "in_person", "received_on": today, "kind": "first"},
    presented=["application_form", "disability_certificate", "passport_person", "rnokpp_person"],
    missing_documents_reason="")
print(json.dumps({"totp_key": device.key, "application": str(application.pk), "today": today.isoformat()}))
""".replace("PASSWORD", repr(PASSWORD))


class ProofFailed(AssertionError):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise ProofFailed(what)


# --- A browser in a few lines: cookies, CSRF, forms and files ---------------------------------


class Browser:
    """Keeps cookies across servers, as a browser does behind one address. Sends what the load
    balancer adds: X-Forwarded-Proto (the servers run with HTTPS-only settings)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, *, fields: dict | None = None,
                files: dict | None = None, headers: dict | None = None):
        host = f"127.0.0.1:{port}"
        head = {"Host": host, "X-Forwarded-Proto": "https", "Accept-Language": "uk", **(headers or {})}
        body = None
        if method == "POST":
            fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **(fields or {})}
            head["Origin"] = head["Referer"] = f"https://{host}"
            if files:
                boundary = uuid.uuid4().hex
                body = _multipart(boundary, fields, files)
                head["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            else:
                from urllib.parse import urlencode
                body = urlencode(fields).encode()
                head["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request(method, path, body=body, headers=head)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        connection.close()
        return response.status, response.headers, content

    def get(self, port: int, path: str, **kwargs):
        return self.request(port, "GET", path, **kwargs)

    def post(self, port: int, path: str, **kwargs):
        return self.request(port, "POST", path, **kwargs)

    def page(self, port: int, path: str) -> str:
        status, _headers, content = self.get(port, path)
        check(status == 200, f"GET {path} on :{port} answered {status}")
        return content.decode().replace("\u00ad", "")  # soft hyphens in long words


def _multipart(boundary: str, fields: dict, files: dict) -> bytes:
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                  f"Content-Type: {content_type}\r\n\r\n".encode())
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue()


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 190, 170)).save(out, "JPEG")
    return out.getvalue()


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (8, 8), 255).save(out, "PNG")
    return out.getvalue()


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def _totp(key_hex: str, at: float | None = None) -> str:
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def _location(headers) -> str:
    return headers.get("Location", "")


# --- The stack ----------------------------------------------------------------------------------


def _run(args: list[str], env: dict, what: str) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise ProofFailed(f"{what} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result.stdout


def prepare(env: dict) -> dict:
    import psycopg
    import redis

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    redis.Redis.from_url(REDIS_URL).flushdb()
    _run([PY, "manage.py", "migrate", "--no-input", "-v", "0"], env, "migrate")
    out = _run([PY, "manage.py", "shell", "-c", SETUP], env, "setup")
    return json.loads(out.strip().splitlines()[-1])


def start(port: int, env: dict, var: Path) -> tuple[subprocess.Popen, Path]:
    log = var / f"server-{port}.log"
    server_env = {**env, "BIND": f"127.0.0.1:{port}", "STATIC_ROOT": str(var / f"static-{port}")}
    process = subprocess.Popen(["scripts/serve-production.sh"], cwd=ROOT, env=server_env,
                               stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    return process, log


def wait_ready(port: int, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        check(process.poll() is None, f"the server on :{port} stopped (exit {process.returncode})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz", headers={"Host": f"127.0.0.1:{port}"})
            response = connection.getresponse()
            body = response.read()
            if response.status == 200:
                return
            last = f"{response.status} {body[:200]!r}"
        except OSError as error:
            last = str(error)
        time.sleep(0.5)
    raise ProofFailed(f"the server on :{port} was not ready in time ({last})")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- The checks -------------------------------------------------------------------------------


def applicant_session_and_upload(a: int, b: int) -> tuple[Browser, dict[str, bytes]]:
    """An applicant's answers alternate between the servers; the files go to A."""
    applicant = Browser()
    applicant.page(a, "/primary-registration/")
    answers = [
        ("who", {"applicant": "self"}),
        ("person", {"surname": "Коваль", "given_name": "Марія", "patronymic": "Степанівна",
                    "date_of_birth": "1990-06-14", "sex": "female", "rnokpp": APPLICANT_RNOKPP,
                    "phone": "067 123 45 67", "email": "maria.koval@example.com"}),
        ("address", {"territory": "Шевченківський район, м. Київ", "street": "вул. Володимирська",
                     "building": "12", "apartment": "7", "postcode": "01034"}),
        ("identity", {"identity_kind": "id_card", "identity_number": "001234567",
                      "identity_issued_on": "2019-02-11", "identity_issued_by": "8031"}),
        ("right", {"right_kind": "msek", "right_number": "МСЕК-2025/0412", "right_date": "2025-11-20",
                   "right_body": "Київська міська МСЕК № 3"}),
    ]
    for n, (step, data) in enumerate(answers):
        port = (a, b)[n % 2]
        status, headers, content = applicant.post(port, f"/primary-registration/{step}/", fields=data)
        check(status == 302, f"step {step} on :{port} answered {status}: {content[:300]!r}")
    # B shows what was typed through A: the session is one.
    check("Коваль" in applicant.page(b, "/primary-registration/person/"), "B did not show the answers given to A")
    files = {"identity": ("id-card.jpg", _jpeg(), "image/jpeg"), "rnokpp": ("rnokpp.png", _png(), "image/png"),
             "right": ("висновок МСЕК.pdf", _pdf(), "application/pdf")}
    status, headers, content = applicant.post(a, "/primary-registration/documents/", files=files)
    check(status == 302 and _location(headers).endswith("/check/"),
          f"the upload through :{a} answered {status}: {content[:300]!r}")
    status, headers, _content = applicant.post(b, "/primary-registration/check/")
    check(status == 302 and _location(headers).endswith("/done/"), f"sending through :{b} answered {status}")
    return applicant, {name: content for name, (_f, content, _t) in files.items()}


def staff_signs_in_across(a: int, b: int, totp_key: str) -> Browser:
    officer = Browser()
    officer.page(a, "/staff/login/")
    status, headers, _ = officer.post(a, "/staff/login/", fields={"username": "officer.scaleout", "password": PASSWORD})
    check(status == 302 and _location(headers).endswith("/staff/login/code/"), f"password on :{a}: {status}")
    officer.page(b, "/staff/login/code/")
    status, headers, _ = officer.post(b, "/staff/login/code/", fields={"code": _totp(totp_key)})
    check(status == 302 and "/login" not in _location(headers), f"one-time code on :{b}: {status} {_location(headers)}")
    check("officer.scaleout" in officer.page(a, "/staff/") or "Коваленко" in officer.page(a, "/staff/"),
          "A did not know the officer signed in on B")
    return officer


def files_served_by_the_other(officer: Browser, a: int, b: int, uploaded: dict[str, bytes]) -> int:
    work_list = officer.page(a, "/primary-registration/review/")
    match = re.search(r'/primary-registration/review/([0-9a-f-]{36})/', work_list)
    check(match is not None, "the application sent through B is not in A's work list")
    detail = officer.page(b, f"/primary-registration/review/{match.group(1)}/")
    links = sorted(set(re.findall(r'href="(/documents/[0-9a-f-]{36}/)"', detail)))
    check(len(links) == len(uploaded), f"B lists {len(links)} documents, {len(uploaded)} were uploaded")
    served = set()
    for link in links:
        status, _headers, content = officer.get(b, link)
        check(status == 200, f"B answered {status} for a file uploaded through A")
        served.add(hashlib.sha256(content).hexdigest())
    check(served == {hashlib.sha256(c).hexdigest() for c in uploaded.values()},
          "B served other bytes than were uploaded through A")
    return len(links)


def journal_write_seen(officer: Browser, a: int, b: int, application: str, today: str, env: dict) -> None:
    path = f"/staff/car-queue/applications/{application}/"
    check("referral-health.pdf" not in officer.page(b, path), "referrals shown before they were issued")
    officer.page(a, f"{path}issue-referrals/")
    status, headers, content = officer.post(a, f"{path}issue-referrals/", fields={"issued_on": today})
    check(status == 302, f"issuing referrals through :{a} answered {status}: {content[:300]!r}")
    check("referral-health.pdf" in officer.page(b, path), "B does not show the referrals issued through A")
    _run([PY, "manage.py", "verify_journal"], env, "verify_journal")


def throttle_shared(a: int, b: int) -> None:
    guesser = Browser()
    guesser.page(a, "/primary-registration/continue/")
    wrong = {"code": "KD7R-WX4M", "date_of_birth": "1990-06-14"}
    limit = 5  # PRIMARY_RETURN_CODE_MAX_FAILURES
    for n in range(limit):
        port = (a, b)[n % 2]
        status, _headers, _content = guesser.post(port, "/primary-registration/continue/", fields=wrong)
        check(status == 200, f"wrong code {n + 1} on :{port} answered {status}")
    for port in (a, b):
        status, _headers, _content = guesser.post(port, "/primary-registration/continue/", fields=wrong)
        check(status == 429, f"after {limit} wrong codes on both servers :{port} answered {status}, not 429")


def logs_clean(officer: Browser, b: int, logs: list[Path]) -> None:
    """A search by РНОКПП (a GET query) leaves no РНОКПП in either server's log; the request
    lines are JSON with the request id the response carried."""
    status, headers, _content = officer.get(b, "/staff/persons/?by=rnokpp&r-rnokpp=3113201244")
    check(status == 200, f"the search on :{b} answered {status}")
    request_id = headers.get("X-Request-ID", "")
    time.sleep(0.5)  # the line is written as the response goes out
    text = "\n".join(log.read_text() for log in logs)
    for personal in (APPLICANT_RNOKPP, "3113201244", "Коваль", "Петренко"):
        check(personal not in text, f"a server log shows personal data ({personal[:3]}…)")
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    check(any(line.get("request_id") == request_id and line.get("route") == "staff/persons/" for line in lines),
          "no JSON request line with the response's X-Request-ID")


def metrics_clean(a: int, b: int) -> None:
    for port in (a, b):
        status, _headers, content = Browser().get(port, "/metrics")
        text = content.decode()
        check(status == 200 and "cbi_http_requests_total" in text, f"/metrics on :{port} answered {status}")
        check('route="primary-registration/<slug:slug>/"' in text, f"/metrics on :{port} misses the steps")
        for personal in (APPLICANT_RNOKPP, "Коваль", "3113201244", "officer.scaleout"):
            check(personal not in text, f"/metrics on :{port} shows personal data")
        status, _headers, _content = Browser().get(port, "/metrics", headers={"X-Forwarded-For": "198.51.100.7"})
        check(status == 403, f"/metrics through a proxy on :{port} answered {status}")


def main() -> int:
    started = time.monotonic()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "CBI_", "DATABASE_URL",
                                                                     "CACHE_URL", "PROMETHEUS"))}
    var = Path(tempfile.mkdtemp(prefix="cbi-scaleout-"))
    env.update(ENV, CBI_VAR_DIR=str(var))
    passed = failed = 0
    servers: list[tuple[subprocess.Popen, Path]] = []
    try:
        setup = prepare(env)
        print(f"prepared {DATABASE} and Redis {REDIS_URL} in {time.monotonic() - started:.0f} s", flush=True)
        servers = [start(port, env, var) for port in PORTS]
        for port, (process, _log) in zip(PORTS, servers):
            wait_ready(port, process, time.monotonic() + 90)
        print(f"two servers ready on :{PORTS[0]} and :{PORTS[1]} in {time.monotonic() - started:.0f} s", flush=True)
        a, b = PORTS
        _applicant, uploaded = applicant_session_and_upload(a, b)
        officer = staff_signs_in_across(a, b, setup["totp_key"])
        passed += 1
        print("ok  a session started on A goes on on B (an applicant's answers, a staff sign-in)", flush=True)
        count = files_served_by_the_other(officer, a, b, uploaded)
        passed += 1
        print(f"ok  {count} files uploaded through A are served by B, byte for byte", flush=True)
        journal_write_seen(officer, a, b, setup["application"], setup["today"], env)
        passed += 1
        print("ok  a journal write through A is seen on B; verify_journal finds the chain whole", flush=True)
        throttle_shared(a, b)
        passed += 1
        print("ok  wrong return codes counted on both servers throttle on each (HTTP 429)", flush=True)
        logs_clean(officer, b, [log for _process, log in servers])
        passed += 1
        print("ok  a search by РНОКПП leaves no personal data in the JSON logs; the request id ties line and response",
              flush=True)
        metrics_clean(a, b)
        passed += 1
        print("ok  /metrics on each server counts requests, shows no personal data, refuses proxied scrapes", flush=True)
    except ProofFailed as failure:
        failed += 1
        print(f"FAIL {failure}", flush=True)
        for _process, log in servers:
            print(f"--- {log.name} (last lines) ---\n" + "\n".join(log.read_text().splitlines()[-40:]))
    finally:
        for process, _log in servers:
            stop(process)
        if not failed:
            shutil.rmtree(var, ignore_errors=True)
    print(f"scale-out: {passed} passed, {failed} failed in {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
