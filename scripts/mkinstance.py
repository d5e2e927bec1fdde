"""Render a Zope instance from the templates in ``etc/``.

    python scripts/mkinstance.py --dir var/instance
                                 [--storage filestorage|zeo|relstorage]
                                 [--host 127.0.0.1] [--port 8080] [--upload-max-mb 20]
                                 [--zeo-address HOST:PORT --zeo-blobs DIR] [--dsn DSN]
                                 [--trusted-proxies 127.0.0.1,...]
    python scripts/mkinstance.py --zeo-server var/zeo --zeo-address HOST:PORT

zope.conf is etc/zope.conf.in with the ``<zodb_db>`` section of
etc/storage/<storage>.conf.in.

Configuration files are rewritten on every call (they are generated); data
directories are created once and never touched again.
"""

import argparse
import ipaddress
import os
import pathlib
import re
import shutil


REPO = pathlib.Path(__file__).resolve().parent.parent
ETC = REPO / "etc"
MEGABYTE = 1024 * 1024
# as ikz.landespreis.wsgi.body_limit: per-file limit x file fields + margin
FILE_FIELDS = 3
MARGIN_MB = 3 * 5 + 1  # three pictures of at most 5 MB, the text fields
#: connections an instance holds open at once (waitress's default: 100;
#: 200 applicants' browsers with open autosaving drafts hold more)
CONNECTION_LIMIT = 1000


def upload_values(upload_max_mb):
    """The template values of the upload limit (``IKZ_UPLOAD_MAX_MB``)."""
    upload_max_mb = max(1, int(upload_max_mb))
    body = (upload_max_mb * FILE_FIELDS + MARGIN_MB) * MEGABYTE
    return {
        "UPLOAD_MAX_MB": upload_max_mb,
        "MAX_REQUEST_BODY": body + 1,
        "FORM_DISK_LIMIT_MB": upload_max_mb * FILE_FIELDS + MARGIN_MB,
    }


HOSTNAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")


def trusted_proxy_lines(proxies):
    """Zope's ``trusted-proxy`` lines from ``IKZ_TRUSTED_PROXIES``
    (comma-separated addresses or host names; the rate limits read the same
    variable): the login throttle takes the client address from
    ``X-Forwarded-For`` only through Zope's own setting. Zope accepts
    single addresses and names only, so anything else (a network such as
    ``10.0.0.0/8``) is left out with a warning."""
    lines = []
    for proxy in (p.strip() for p in str(proxies or "").split(",")):
        if not proxy:
            continue
        try:
            ipaddress.ip_address(proxy)
        except ValueError:
            if not HOSTNAME.match(proxy) or proxy.replace(".", "").isdigit():
                print(f"IKZ_TRUSTED_PROXIES: {proxy!r} is no address; left out")
                continue
        lines.append(f"trusted-proxy {proxy}")
    if not lines:
        return "# no trusted proxy (IKZ_TRUSTED_PROXIES is empty)"
    return "\n".join(lines)


def render(template, **values):
    text = (ETC / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def make_zeo_server(directory, address):
    """The ZEO server's configuration (``runzeo -C <dir>/etc/zeo.conf``)."""
    server = pathlib.Path(directory).resolve()
    for sub in ("etc", "var/log", "var/filestorage", "var/blobstorage"):
        (server / sub).mkdir(parents=True, exist_ok=True)
    (server / "etc" / "zeo.conf").write_text(
        render("zeoserver.conf.in", INSTANCE=server, ZEO_ADDRESS=address),
        encoding="utf-8",
    )
    return server


def make_instance(
    directory,
    storage="filestorage",
    host="127.0.0.1",
    port=8080,
    threads=4,
    upload_max_mb=None,
    trusted_proxies=None,
    connection_limit=None,
    **extra,
):
    instance = pathlib.Path(directory).resolve()
    subs = {
        "filestorage": ("var/filestorage", "var/blobstorage"),
        "relstorage": ("var/blobcache",),
    }.get(storage, ())
    for sub in ("etc", "var/log", "var/cache", "var/mailqueue", *subs):
        (instance / sub).mkdir(parents=True, exist_ok=True)
    values = dict(
        INSTANCE=instance,
        HOST=host,
        PORT=port,
        THREADS=threads,
        CONNECTION_LIMIT=int(
            connection_limit
            or os.environ.get("IKZ_CONNECTION_LIMIT")
            or CONNECTION_LIMIT
        ),
        STORAGE=storage,
        **upload_values(upload_max_mb or os.environ.get("IKZ_UPLOAD_MAX_MB") or 20),
        TRUSTED_PROXIES=trusted_proxy_lines(
            os.environ.get("IKZ_TRUSTED_PROXIES", "")
            if trusted_proxies is None
            else trusted_proxies
        ),
        **extra,
    )
    zodb = render(f"storage/{storage}.conf.in", **values)
    conf = instance / "etc" / "zope.conf"
    conf.write_text(render("zope.conf.in", ZODB=zodb, **values), encoding="utf-8")
    if storage == "relstorage":
        conf.chmod(0o600)  # the DSN may carry the database password
    (instance / "etc" / "zope.ini").write_text(
        render("zope.ini.in", **values), encoding="utf-8"
    )
    shutil.copyfile(ETC / "site.zcml", instance / "etc" / "site.zcml")
    return instance


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", default=str(REPO / "var" / "instance"))
    parser.add_argument(
        "--storage", default="filestorage", choices=("filestorage", "zeo", "relstorage")
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8080")
    parser.add_argument("--threads", default="4")
    parser.add_argument(
        "--connection-limit",
        type=int,
        default=int(os.environ.get("IKZ_CONNECTION_LIMIT") or CONNECTION_LIMIT),
        help="connections the server holds open at once (IKZ_CONNECTION_LIMIT, "
        f"default {CONNECTION_LIMIT}; waitress's own default is 100)",
    )
    parser.add_argument("--zeo-address", default="127.0.0.1:8100")
    parser.add_argument("--zeo-server", help="render a ZEO server into this directory")
    parser.add_argument("--zeo-blobs", help="the ZEO server's blob directory (shared)")
    parser.add_argument("--dsn", help="RelStorage: the PostgreSQL DSN")
    parser.add_argument(
        "--upload-max-mb",
        type=int,
        default=int(os.environ.get("IKZ_UPLOAD_MAX_MB") or 20),
        help="largest file per upload field in MB (IKZ_UPLOAD_MAX_MB, default 20); "
        "the server refuses bodies above 3 times this plus 1 MB",
    )
    parser.add_argument(
        "--trusted-proxies",
        default=os.environ.get("IKZ_TRUSTED_PROXIES", ""),
        help="comma-separated proxies whose X-Forwarded-For Zope believes "
        "(IKZ_TRUSTED_PROXIES; rendered as zope.conf's trusted-proxy)",
    )
    args = parser.parse_args()
    if args.zeo_server:
        server = make_zeo_server(args.zeo_server, args.zeo_address)
        print(f"ZEO server ready in {server}")
        return
    extra = {}
    if args.storage == "zeo":
        extra = {"ZEO_ADDRESS": args.zeo_address, "ZEO_BLOBS": args.zeo_blobs}
    elif args.storage == "relstorage":
        if not args.dsn:
            parser.error("--storage relstorage needs --dsn")
        extra = {"DSN": args.dsn.replace("$", "$$")}  # ZConfig substitutes $name
    instance = make_instance(
        args.dir,
        args.storage,
        args.host,
        args.port,
        args.threads,
        upload_max_mb=args.upload_max_mb,
        trusted_proxies=args.trusted_proxies,
        connection_limit=args.connection_limit,
        **extra,
    )
    print(f"Instance ready in {instance}")


if __name__ == "__main__":
    main()
