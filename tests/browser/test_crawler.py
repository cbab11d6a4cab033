"""The accessibility crawler (issue #6, item 1; docs/accessibility-crawler.md).

One crawl per test run: every role walks every page it can reach, axe-core checks each page
and each form's error state. The tests below read that one crawl."""

from __future__ import annotations

import pytest

from cbi.web.routes import route_inventory
from tests.browser.crawler import EXCLUDED, KNOWN_VIOLATIONS, NO_SUBMIT, describe, exclusion_reason

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_CRAWL = {}


@pytest.fixture
def crawl(browser, live_server, settings, tmp_path_factory):
    """Runs the crawl the first time a test asks for it (its database is flushed after that test)."""
    if "result" not in _CRAWL:
        from tests.browser.crawl_world import run

        media = tmp_path_factory.mktemp("crawl-media")
        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(media)}}}
        result = run(browser, live_server.url)
        result.write()
        print(f"\nCrawled {len(result.visits)} pages in {result.seconds:.0f} s "
              f"(world built in {result.world_seconds:.0f} s); report: test-artifacts/crawler-report.json")
        print(result.best_practice_summary())
        _CRAWL["result"] = result
    return _CRAWL["result"]


def test_exclusions_name_routes_that_exist():
    routes = route_inventory()
    stale = {name: reason for name, reason in EXCLUDED.items() if name not in routes}
    stale.update({f"NO_SUBMIT {name}": reason for name, reason in NO_SUBMIT.items() if name not in routes})
    stale.update({f"KNOWN_VIOLATIONS {name}/{rule}": reason for (name, rule), reason in KNOWN_VIOLATIONS.items()
                  if name not in routes})
    assert not stale, "These entries name routes that no longer exist; remove them:\n" + "\n".join(
        f"  {name}: {reason}" for name, reason in sorted(stale.items()))


def test_every_route_is_crawled_or_excluded(crawl):
    routes = route_inventory()
    missing = sorted(name for name, pattern in routes.items()
                     if name not in crawl.covered and exclusion_reason(name, pattern) is None)
    assert not missing, (
        f"{len(missing)} route(s) were neither visited by the accessibility crawler nor excluded.\n"
        "Link the page from somewhere a role can reach, add a start URL in tests/browser/crawl_world.py "
        "(start_urls / STATUS_PAGES / a flow), or — only for what is not an HTML page — add it to EXCLUDED "
        "in tests/browser/crawler.py with the reason:\n"
        + "\n".join(f"  {name:45} /{routes[name]}" for name in missing))


def test_no_wcag_violations_on_any_page_or_state(crawl):
    found = crawl.violations()
    assert not found, (f"axe found {len(found)} WCAG 2.2 A/AA violation(s) "
                       "(full report: test-artifacts/crawler-report.json):\n"
                       + "\n".join(describe(visit, finding) for visit, finding in found))


def test_every_page_answers_as_expected(crawl):
    assert not crawl.problems, "The crawl met pages that did not answer as expected:\n" + "\n".join(
        f"  {problem}" for problem in crawl.problems)


def test_the_crawler_tells_violations_from_best_practice(browser, live_server):
    """The crawl's own check, on a page with one known WCAG failure and one best-practice finding:
    an all-clear from the crawl means axe looked, not that the check was never run."""
    from tests.browser.crawler import Crawler

    crawler = Crawler(browser, live_server.url)
    page = crawler.new_page()
    try:
        page.set_content('<html lang="uk"><head><title>Перевірка</title></head><body>'
                         '<main><h1>Заява</h1><img src="x.png"><h3>Пропущений рівень</h3></main></body></html>')
        visit = crawler.check(page, "self-check", route=None, status=200, state="page")
    finally:
        page.context.close()
    assert [f.rule for f in visit.violations] == ["image-alt"]
    assert "heading-order" in [f.rule for f in visit.best_practice]
    assert "image-alt: " not in describe(visit, visit.violations[0])
    assert "https://dequeuniversity.com/rules/axe/" in describe(visit, visit.violations[0])
