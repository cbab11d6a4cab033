"""The accessibility crawler (issue #6, item 1): every route, every role, every state.

How it works (docs/accessibility-crawler.md says more):

1. ``route_inventory()`` (``cbi/web/routes.py``, shared with the access-rules test) walks
   Django's URL resolver: every route, named ``namespace:name`` (unnamed ones by their pattern). Nothing is listed by hand, so a new route is either
   crawled or the coverage test fails.
2. ``build_world()`` fills the database with the project's own demo builder
   (``manage.py seed_demo``) plus the few objects the demo does not make (an unconfirmed
   cabinet account, primary registrations, a correction request, an office with nothing
   in its lists…).
3. ``Crawler`` signs in as each role in ``ROLES`` and walks breadth-first from the
   role's home page along same-origin links, at most ``PER_ROUTE`` pages per route and
   role, plus the start URLs that ``PARAMS`` builds from the database (one object per
   status, links that only arrive by e-mail). On every page axe-core runs once with the
   WCAG 2.2 A/AA tags and ``best-practice``; each form that has a visible required
   control left empty is submitted once, so its error state is checked too (the server
   must refuse it: nothing irreversible can happen).

Routes that are not pages a person browses are in ``EXCLUDED`` with the reason (and the
test that checks them); the coverage test fails when a route is neither visited nor
excluded, or when an exclusion names a route that no longer exists.
"""

from __future__ import annotations

import json
import time
from collections import Counter, deque
from dataclasses import asdict, dataclass, field
from typing import Callable
from urllib.parse import urldefrag, urlsplit

from cbi.demo.management.commands.seed_demo import DEMO_PASSWORD as PASSWORD
from cbi.web.routes import route_of
from tests.browser.conftest import ARTIFACTS, AXE_TAGS, _axe_source

BEST_PRACTICE = ["best-practice"]
PER_ROUTE = 2          # pages per route name and role reached by links (long lists do not explode)
ALL_ROLES_PER_ROUTE = 6  # pages per route name reached by links, all roles together
PER_ROLE = 90          # a safety net: pages per role reached by links
DEMO_PERSONS = 300     # enough for car applications in every state of the demo workflow

# --- What is not crawled, and why -----------------------------------------------------------

# Routes whose path starts with one of these are not HTML pages (reason given once).
EXCLUDED_PREFIXES = {
    "api/": "JSON APIs: django-ninja and its Swagger page (tests/carqueue/test_api.py), the agencies' API "
            "(tests/agencies/test_search_api.py, test_subscribe_notify.py)",
}

EXCLUDED = {
    "complaints_cabinet:new": "a complaint is filed from a recent refusal's page; the journey "
                              "tests/browser/test_journeys_complaints.py opens it with axe",
    "complaints_cabinet:detail": "exists once a complaint is filed; tests/browser/test_journeys_complaints.py (axe)",
    "complaints_cabinet:letter": "PDF of a decided complaint; tests/complaints/test_complaints.py reads its tags",
    "complaints_staff:detail": "exists once a complaint is filed; tests/browser/test_journeys_complaints.py (axe)",
    "complaints_staff:letter": "PDF of a decided complaint; tests/complaints/test_complaints.py reads its tags",
    "cabinet:car_refusal": "exists once the regional department refused a car application; "
                           "tests/browser/test_journeys_complaints_carqueue.py and tests/complaints cover it",
    "cabinet:car_refusal_letter": "PDF download; tests/complaints/test_complaints_carqueue.py fetches it",
    "cabinet:car_removal": "exists once a removal from the car queue is confirmed; "
                           "tests/browser/test_journeys_complaints_carqueue.py opens it with axe",
    "cabinet:car_removal_letter": "PDF download; tests/complaints/test_complaints_carqueue.py fetches it",
    "healthz": "plain-text health check for the load balancer (tests/web)",
    "metrics": "Prometheus text for the monitoring system, not a page; restricted (tests/web/test_production_stack.py)",
    "set_language": "POST-only language switch that redirects back; the form is on every page crawled",
    "web:display": "POST-only display preferences that redirect back; the form is on every page crawled",
    "web:switch": "POST-only: a header switch pressed as a button of the page's form keeps the typed values and "
                  "redirects back; tests/browser/test_display_switches.py presses it",
    "accounts:staff_logout": "POST-only sign-out that redirects to the sign-in page",
    "cabinet:logout": "POST-only sign-out that redirects to the sign-in page",
    "cabinet:switch_person": "POST-only switcher that redirects to the cabinet home (used by the crawl itself)",
    "cabinet:receipt_pdf": "PDF download; tests/cabinet checks its content",
    "agencies:grant": "POST-only: gives a consent and redirects to the consents page; "
                      "tests/browser/test_journeys_agencies.py presses it by keyboard",
    "agencies:withdraw": "exists once a consent is given; tests/browser/test_journeys_agencies.py opens it with axe",
    "cabinet:data_reads_csv": "CSV download; tests/audit/test_who_viewed_my_data.py checks its content",
    "carqueue:referral_pdf": "PDF download; tests/carqueue/test_documents_flow.py checks its content",
    "carqueue:decision_pdf": "PDF download; tests/carqueue/test_documents_flow.py checks its content",
    "applications_staff:decision_pdf": "PDF download; tests/applications/test_letters.py checks its content",
    "applications_staff:right_letter_pdf": "PDF download; tests/applications/test_right.py reads its tags and text",
    "applications_cabinet:right_letter_pdf": "PDF download; tests/applications/test_right.py reads its tags and text",
    "applications_staff:right_lift": ("exists once a suspension of the right is recorded; "
                                      "tests/browser/test_journeys_right.py opens it with axe"),
    "applications_cabinet:decision_pdf": ("PDF download; tests/applications/test_letters.py checks the letter and "
                                          "tests/applications/test_cabinet_views.py who may download it"),
    "carqueue:removal_letter": "PDF download; tests/carqueue/test_removals.py checks its content",
    "documents:open": "serves an uploaded file (PDF/image) as a download; tests/documents checks access and headers",
    "registry:territory_suggestions": "JSON/HTML fragment for the address autocomplete, not a page",
    "primary:places": ("JSON for the address combobox of primary registration, not a page; "
                       "tests/primary/test_address_and_child.py checks it, the combobox is axe-checked open in "
                       "tests/browser/test_primary_registration.py"),
    "signatures:idgovua_callback": "redirect-only return from id.gov.ua; crawled through the id.gov.ua flow",
    "signatures:kep_check_file": "a text file download (the one-time check), not a page",
    "signatures:mock_idgovua_token": "server-to-server JSON of the id.gov.ua mock",
    "signatures:mock_idgovua_user_info": "server-to-server JSON of the id.gov.ua mock",
    "imports:template": ("CSV/XLSX download of the registry import's column template; "
                         "tests/imports/test_pages.py checks its headers"),
    "imports:report": ("CSV download of an import's per-row report; tests/imports/test_pages.py and "
                       "tests/imports/test_command.py check its content"),
    "duplicates:dismiss": ("POST-only: keeps a pair as two persons and sends back to the work list; its form is on "
                           "the pair page, which is crawled"),
    "statistics:dataset": ("open-data files (CSV and JSON) at stable addresses, not pages; "
                           "tests/statistics/test_public_figures.py checks them against the page"),
    "dashboard:download": ("CSV/XLSX downloads of a dashboard table, not pages; "
                           "tests/statistics/test_dashboards.py parses both"),
    "primary:save": ("POST-only: issues a return code and shows it once (a GET redirects to the check page); "
                     "the page with the code is checked with axe in tests/browser/test_primary_registration.py"),
}

# Forms never submitted empty, even when they have an empty required control.
NO_SUBMIT: dict[str, str] = {}

# Violations the lead has still to fix in the app: {(route name, axe rule id): reason}.
# Each is reported, not failed; empty this dict as they are fixed.
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {}


# --- The route inventory --------------------------------------------------------------------

def exclusion_reason(name: str, pattern: str) -> str | None:
    if name in EXCLUDED:
        return EXCLUDED[name]
    for prefix, reason in EXCLUDED_PREFIXES.items():
        if pattern.startswith(prefix):
            return reason
    return None


# --- Results --------------------------------------------------------------------------------

@dataclass
class Finding:
    rule: str
    impact: str | None
    help: str
    help_url: str
    targets: list
    html: list


@dataclass
class Visit:
    role: str
    route: str | None          # the route of the URL asked for
    shown: str | None          # the route of the page shown (after redirects)
    url: str
    state: str                 # "page", "error state", "flow"
    status: int | None
    seconds: float = 0.0       # axe's time on the page
    violations: list[Finding] = field(default_factory=list)
    known: list[Finding] = field(default_factory=list)
    best_practice: list[Finding] = field(default_factory=list)


@dataclass
class CrawlResult:
    visits: list[Visit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)   # wrong status codes, broken flows
    seconds: float = 0.0
    world_seconds: float = 0.0

    def __repr__(self) -> str:
        return f"CrawlResult({len(self.visits)} pages, {len(self.problems)} problems, {self.seconds:.0f} s)"

    @property
    def covered(self) -> set[str]:
        """Routes whose page was shown and checked (asked for, or shown after a redirect)."""
        names = set()
        for visit in self.visits:
            if visit.status is not None and visit.status < 500:
                names.update(n for n in (visit.route, visit.shown) if n)
        return names

    def violations(self) -> list[tuple[Visit, Finding]]:
        return [(v, f) for v in self.visits for f in v.violations]

    def report(self) -> dict:
        return {
            "seconds": round(self.seconds, 1),
            "pages": len(self.visits),
            "covered_routes": sorted(self.covered),
            "problems": self.problems,
            "visits": [asdict(v) for v in self.visits],
        }

    def write(self) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "crawler-report.json").write_text(
            json.dumps(self.report(), ensure_ascii=False, indent=1), encoding="utf-8")
        best = {}
        for visit in self.visits:
            for finding in visit.best_practice:
                entry = best.setdefault(finding.rule, {"help": finding.help, "help_url": finding.help_url,
                                                       "impact": finding.impact, "pages": []})
                if len(entry["pages"]) < 20:
                    entry["pages"].append({"route": visit.shown, "role": visit.role, "url": visit.url,
                                           "state": visit.state, "targets": finding.targets[:5]})
        (ARTIFACTS / "axe-best-practice.json").write_text(
            json.dumps(best, ensure_ascii=False, indent=1), encoding="utf-8")

    def best_practice_summary(self) -> str:
        counts = Counter()
        routes: dict[str, set] = {}
        for visit in self.visits:
            for finding in visit.best_practice:
                counts[finding.rule] += 1
                routes.setdefault(finding.rule, set()).add(visit.shown)
        if not counts:
            return "axe best-practice: nothing found"
        lines = ["axe best-practice findings (reported, not failed; test-artifacts/axe-best-practice.json):"]
        for rule, count in counts.most_common():
            lines.append(f"  {rule}: {count} page(s), e.g. {', '.join(sorted(r for r in routes[rule] if r)[:4])}")
        return "\n".join(lines)


def describe(visit: Visit, finding: Finding) -> str:
    targets = "; ".join(" ".join(t) if isinstance(t, list) else str(t) for t in finding.targets[:3])
    return (f"{visit.shown or visit.route} [{visit.state}] as {visit.role} — {visit.url}\n"
            f"    {finding.rule} ({finding.impact}): {finding.help}\n"
            f"    at: {targets}\n    {finding.help_url}")


# --- The browser side -----------------------------------------------------------------------

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, tags: v.tags, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 300)})),
  }));
}"""

LINKS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.href)"""

# Forms with a visible required control left empty: the server must refuse them.
REFUSABLE_FORMS = """() => Array.from(document.forms).map((form, index) => {
  const visible = e => e.type !== 'hidden' && !e.disabled && (e.checkVisibility ? e.checkVisibility() : e.offsetParent !== null);
  const required = Array.from(form.elements).filter(e =>
      (e.required || e.getAttribute('aria-required') === 'true') && visible(e));
  const isEmpty = e => {
    if (e.type === 'radio') return !form.querySelector(`input[type=radio][name="${CSS.escape(e.name)}"]:checked`);
    if (e.type === 'checkbox') return !e.checked;
    if (e.type === 'file') return e.files.length === 0;
    return !e.value;
  };
  return {index, method: (form.getAttribute('method') || 'get').toLowerCase(), action: new URL(form.getAttribute('action') || location.href, location.href).href,  // form.action is shadowed by a control named "action"
          emptyRequired: required.some(isEmpty)};
}).filter(f => f.method === 'post' && f.emptyRequired)"""

SUBMIT_FORM = """(index) => {
  const form = document.forms[index];
  form.noValidate = true;
  const button = form.querySelector('button[type=submit], button:not([type]), input[type=submit]');
  if (button) button.click(); else form.submit();
}"""


class Crawler:
    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url.rstrip("/")
        self.origin = urlsplit(self.base_url).netloc
        self.axe_source = _axe_source()
        self.result = CrawlResult()
        self.submitted: set[tuple] = set()   # one error state per (page route, action route, form)
        self.public: set[str] = set()        # URLs checked without signing in (not checked again)
        self.per_route: Counter = Counter()  # pages per route reached by links, all roles together

    # The page ------------------------------------------------------------------------------

    def new_page(self):
        context = self.browser.new_context(base_url=self.base_url, locale="uk-UA",
                                           viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    def path_of(self, url: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != self.origin:
            return None
        return parts.path

    def check(self, page, role: str, *, route: str | None, status: int | None, state: str) -> Visit:
        """axe on the page shown now: WCAG 2.2 A/AA violations and best-practice findings."""
        shown_path = self.path_of(page.url)
        visit = Visit(role=role, route=route, shown=route_of(shown_path) if shown_path else None,
                      url=page.url.removeprefix(self.base_url), state=state, status=status)
        started = time.monotonic()
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(self.axe_source)
        found = page.evaluate(AXE_RUN, AXE_TAGS + BEST_PRACTICE)
        visit.seconds = round(time.monotonic() - started, 2)
        for item in found:
            finding = Finding(rule=item["id"], impact=item["impact"], help=item["help"], help_url=item["helpUrl"],
                              targets=[n["target"] for n in item["nodes"][:10]],
                              html=[n["html"] for n in item["nodes"][:5]])
            if not set(item["tags"]) & set(AXE_TAGS):
                visit.best_practice.append(finding)
            elif (visit.shown, finding.rule) in KNOWN_VIOLATIONS:
                visit.known.append(finding)
            else:
                visit.violations.append(finding)
        self.result.visits.append(visit)
        return visit

    def is_html(self, response) -> bool:
        return response is not None and "text/html" in (response.headers.get("content-type") or "")

    def open(self, page, role: str, url: str, *, expected: int = 200, state: str = "page") -> Visit | None:
        path = self.path_of(self.base_url + url if url.startswith("/") else url)
        route = route_of(path) if path else None
        response = page.goto(url)
        status = response.status if response is not None else None
        if status != expected:
            self.result.problems.append(f"{role}: {url} ({route}) answered {status}, expected {expected}")
        if not self.is_html(response):
            return None
        visit = self.check(page, role, route=route, status=status, state=state)
        if status == expected:
            self.try_error_states(page, role, visit)
        return visit

    def try_error_states(self, page, role: str, visit: Visit) -> None:
        """Submit each refusable form once (nothing filled in) and check the page with its errors."""
        for form in page.evaluate(REFUSABLE_FORMS):
            action_path = self.path_of(form["action"])
            action = route_of(action_path) if action_path else None
            key = (visit.shown, action, form["index"])
            if action is None or action in NO_SUBMIT or key in self.submitted:
                continue
            self.submitted.add(key)
            back = page.url
            with page.expect_navigation() as navigation:
                page.evaluate(SUBMIT_FORM, form["index"])
            response = navigation.value
            status = response.status if response is not None else None
            if status != 200 or route_of(self.path_of(page.url) or "") != action:
                self.result.problems.append(
                    f"{role}: the form on {visit.url} ({visit.shown}) posting to {action} was not refused "
                    f"with required fields empty: answered {status}, now at {page.url}")
            if self.is_html(response):
                self.check(page, role, route=action, status=status, state="error state")
            if page.url != back:
                page.goto(back)

    # A role -------------------------------------------------------------------------------

    def crawl(self, page, role: str, home: str, start_urls: list[tuple[str, int]]) -> None:
        """Breadth-first from ``home`` along links; ``start_urls`` are visited whatever the cap."""
        queue = deque([(home, 200, False)] + [(url, status, True) for url, status in start_urls])
        seen: set[str] = set()
        per_route: Counter = Counter()
        followed = 0
        while queue:
            url, expected, forced = queue.popleft()
            url = urldefrag(url)[0]
            absolute = url if not url.startswith("/") else self.base_url + url
            path = self.path_of(absolute)
            if path is None or absolute in seen:
                continue
            route = route_of(path)
            if route is None:
                self.result.problems.append(f"{role}: a link goes nowhere (404 in the URL configuration): {url}")
                seen.add(absolute)
                continue
            if route in EXCLUDED or any(path.lstrip("/").startswith(p) for p in EXCLUDED_PREFIXES):
                continue
            if not forced:
                if (per_route[route] >= PER_ROUTE or self.per_route[route] >= ALL_ROLES_PER_ROUTE
                        or followed >= PER_ROLE or absolute in self.public):
                    continue
                followed += 1
                self.per_route[route] += 1
            per_route[route] += 1
            seen.add(absolute)
            visit = self.open(page, role, absolute, expected=expected)
            if visit is None or visit.status != expected:
                continue
            seen.add(page.url)
            if role == "anonymous" and visit.shown == route:
                self.public.update({absolute, page.url})
            for link in page.evaluate(LINKS):
                link = urldefrag(link)[0]
                if link not in seen:
                    queue.append((link, 200, False))


# --- Roles and their start URLs -------------------------------------------------------------

@dataclass
class Role:
    name: str
    home: str
    sign_in: Callable | None = None     # (crawler, page, world) -> None
    username: str = ""


def submit_main_form(page, **values) -> None:
    """Fill the main form's inputs by name and press its (first) submit button."""
    for name, value in values.items():
        page.fill(f"main form[method=post] [name={name}]", value)
    with page.expect_navigation():
        page.locator("main form[method=post] [type=submit]").first.click()


def _staff_sign_in(crawler: Crawler, page, username: str, role: str) -> None:
    """The real two-step sign-in; both of its pages are checked as well."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    crawler.open(page, role, "/staff/login/")
    submit_main_form(page, username=username, password=PASSWORD)
    crawler.check(page, role, route="accounts:staff_login_code", status=200, state="flow")
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    submit_main_form(page, code=f"{code:06d}")
    if "/staff/login" in page.url:
        crawler.result.problems.append(f"{role}: the staff sign-in of {username} did not succeed ({page.url})")


def _cabinet_sign_in(crawler: Crawler, page, username: str, role: str) -> None:
    crawler.open(page, role, "/cabinet/login/")
    submit_main_form(page, username=username, password=PASSWORD)
    if "/cabinet/login" in page.url:
        crawler.result.problems.append(f"{role}: the cabinet sign-in of {username} did not succeed ({page.url})")


STAFF_ROLES = {
    "district officer": "officer.shevchenkivskyi",
    "district officer, other office": "officer.pecherskyi",
    "district officer, empty office": "crawl.officer.empty",
    "regional officer": "regional.kyiv",
    "auditor": "auditor.ministry",
    "administrator": "admin.ministry",
    "ministry officer": "complaints.ministry",
    # The procedure in force for assistive products (issue #16 §1; seed_demo's demo data).
    "Fund branch officer": "fund.kyiv",
    "enterprise user": "enterprise.demo",
}
CABINET_ROLES = {
    "person (for themself)": "cabinet.person",
    "representative (for a child)": "cabinet.parent",
}
