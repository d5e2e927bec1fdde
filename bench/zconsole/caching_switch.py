"""Switch plone.app.caching on or off (BENCH_CACHING=on|off) and set the
purging proxy (BENCH_PROXY, may be empty) of the benchmark's site."""

from benchsite import open_site
from benchsite import report

import os
import transaction


def main(app):
    site = open_site(app)
    registry = site.portal_registry
    on = os.environ["BENCH_CACHING"] == "on"
    registry["plone.caching.interfaces.ICacheSettings.enabled"] = on
    proxy = os.environ.get("BENCH_PROXY", "")
    prefix = "plone.cachepurging.interfaces.ICachePurgingSettings"
    registry[f"{prefix}.cachingProxies"] = (proxy,) if proxy else ()
    registry[f"{prefix}.enabled"] = bool(proxy)
    transaction.commit()
    report({"caching": on, "proxy": proxy})


main(app)  # noqa: F821 - zconsole provides ``app``
