"""Pictures for the demo's winners, drawn with Pillow (which Plone ships):
a landscape of fields and two towns joined by a road (no text in the
picture: its alternative text says what it shows), so the showcase has
something real to scale."""

from PIL import Image
from PIL import ImageDraw

import io


GREEN = (0, 110, 60)
LIGHT = (214, 236, 219)
SKY = (232, 242, 250)
ROAD = (90, 90, 90)
ROOF = (170, 40, 40)


def _town(draw, x, y):
    for dx, height in ((0, 70), (50, 100), (100, 60)):
        draw.rectangle(
            (x + dx, y - height, x + dx + 40, y),
            fill=(214, 196, 160),
            outline=(120, 100, 70),
        )
        draw.polygon(
            (
                (x + dx - 4, y - height),
                (x + dx + 20, y - height - 25),
                (x + dx + 44, y - height),
            ),
            fill=ROOF,
        )


def demo_picture(size=(800, 500), sun=GREEN):
    """PNG bytes: two towns joined by a road; ``sun`` colours the sun, so
    two winners' pictures differ."""
    width, height = size
    image = Image.new("RGB", size, SKY)
    draw = ImageDraw.Draw(image)
    horizon = height * 3 // 5
    draw.rectangle((0, horizon, width, height), fill=LIGHT)
    for n in range(0, width, 80):
        draw.line((n, height, width // 2, horizon), fill=(190, 220, 196), width=2)
    _town(draw, width // 10, horizon + 20)
    _town(draw, width - width // 10 - 140, horizon + 20)
    draw.line(
        (width // 10 + 140, horizon + 10, width - width // 10 - 140, horizon + 10),
        fill=ROAD,
        width=8,
    )
    draw.ellipse((width // 2 - 40, 40, width // 2 + 40, 120), fill=sun)
    out = io.BytesIO()
    # a palette of few colours: the scales stay clean (plone.scale turns an
    # RGB PNG into a dithered palette image)
    image.quantize(colors=32).save(out, format="PNG", optimize=True)
    return out.getvalue()


def alt_text(title, lead, partners):
    """The German alternative text of a demo picture."""
    towns = " und ".join([lead, *partners][:2]) or "zwei Kommunen"
    return (
        f"Zeichnung zum Projekt „{title}“: zwei Orte ({towns}), verbunden "
        "durch eine Straße zwischen grünen Feldern."
    )[:250]


def add_winner_pictures(site):
    """Give each published winner of the demo without a picture one drawn
    picture with a German alternative text; returns their references.

    Only winners the demo's results already have (the demo as created has
    none: its 2nd edition is open, its 1st edition in the archive has no
    invented winners), and only with the publication consent."""
    from ikz.landespreis.pictures import PUBLISHED
    from plone import api
    from plone.namedfile.file import NamedBlobImage

    catalog = api.portal.get_tool("portal_catalog")
    colours = ((0, 110, 60), (230, 170, 0), (30, 90, 160), (170, 40, 40))
    done = []
    brains = catalog.unrestrictedSearchResults(
        portal_type="Submission",
        review_state=sorted(PUBLISHED),
        path="/".join(site.getPhysicalPath()),
        sort_on="path",
    )
    for brain in brains:
        submission = brain._unrestrictedGetObject()
        if getattr(submission, "picture_1", None) is not None:
            continue
        if not getattr(submission, "publication_consent", False):
            continue
        submission.picture_1 = NamedBlobImage(
            demo_picture(sun=colours[len(done) % len(colours)]),
            contentType="image/png",
            filename="projekt.png",
        )
        submission.picture_1_alt = alt_text(
            submission.title,
            submission.lead_municipality or "",
            [p for p in (submission.partners or []) if p],
        )
        done.append(submission.reference or submission.getId())
    return done
