"""Settings of the page benchmark's server only (bench/pages.py --server; docs/performance.md).

The production settings of cbi/settings.py, unchanged, with one difference: the URL
configuration adds a bare view (bench/urls.py) to compare every page with. Only bench/pages.py
starts a server with ``DJANGO_SETTINGS_MODULE=bench.settings``; production's URLs
(cbi/urls.py) never have the bare view.
"""

from cbi.settings import *  # noqa: F403  (the same stack, every setting)

ROOT_URLCONF = "bench.urls"
