"""HTTP caching of anonymous public pages with plone.app.caching.

- ``operations.PublicPage`` (``ikz.landespreis.publicPage``): the one
  operation for the add-on's public pages. It is plone.app.caching's
  moderate caching (ETag, RAM cache, ``s-maxage`` for a purging proxy)
  with the add-on's own guard in front: a response that
  ``web.headers.is_private`` calls private (a logged-in person, a POST, a
  personal link, a cookie, an error) or that anonymous may not view is never
  stored and never served from a cache.
- ``etags``: the components that say when a page changes besides the
  catalog (``catalogCounter``: every edit, transition and new object): the
  portal settings and the clock (the phase and the countdown follow it).
- ``purge``: which paths a purging proxy (Varnish, etc/varnish.vcl) drops
  when content changes: the object's own and the pages that show it
  (start page, winners).
"""
