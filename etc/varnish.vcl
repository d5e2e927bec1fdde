vcl 4.1;

# Debian's Varnish in front of ikz.landespreis (`make start-varnish`,
# scripts/varnish.py, the Varnish tests). scripts/varnish.py replaces
# BACKEND_HOST and BACKEND_PORT with the instance (or the load balancer of a
# cluster) before it starts varnishd.
#
# - Anonymous GET/HEAD of public pages is cached for the s-maxage the
#   instance sends (plone.app.caching, rule ikz.landespreis.publicPage);
#   everything the instance marks "private" or "no-store" passes.
# - A request with Plone's login cookie (__ac), Basic auth or a personal
#   link (?token=) always goes to the instance: a logged-in person never
#   gets a cached anonymous page, and personal pages are never stored.
# - PURGE from the instance (plone.cachepurging, on every change of public
#   content) drops the page; only the instance's address may purge.

import std;

backend default {
    .host = "BACKEND_HOST";
    .port = "BACKEND_PORT";
    .first_byte_timeout = 300s;
}

acl purge {
    "127.0.0.1";
    "::1";
    "localhost";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purge) {
            return (synth(405, "Not allowed."));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization || req.url ~ "[?&]token=") {
        return (pass);
    }
    if (req.http.Cookie) {
        # logged in, or a status message waiting for this visitor
        if (req.http.Cookie ~ "(^|;\s*)(__ac|statusmessages)=") {
            return (pass);
        }
        # other cookies (analytics, the status messages) say nothing about
        # who asks: anonymous pages stay cacheable
        unset req.http.Cookie;
    }
    # the portal is German only: one variant per page
    unset req.http.Accept-Language;
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.status >= 400) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # cache only what the instance allows a shared cache to keep
    if (beresp.http.Cache-Control !~ "s-maxage") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
    # browsers revalidate with the ETag; the proxy keeps its copy
    if (resp.http.Cache-Control ~ "s-maxage") {
        set resp.http.Cache-Control = regsub(resp.http.Cache-Control, ",?\s*s-maxage=\d+", "");
    }
}
