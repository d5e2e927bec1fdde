"""German texts of the demo edition (written from the facts in DESIGN.md)."""

COMPETITION_TITLE = (
    "2. Landespreis für innovative interkommunale Zusammenarbeit in Nordrhein-Westfalen"
)
COMPETITION_DESCRIPTION = (
    "Das Land zeichnet Projekte aus, in denen Kommunen gemeinsam mehr "
    "erreichen als allein – in sechs Kategorien mit je 10.000 Euro."
)
COMPETITION_INTRO = """
<p>Wenn Städte, Gemeinden und Kreise zusammenarbeiten, sparen sie Ressourcen,
beschleunigen Verfahren und schaffen neue Angebote für Bürgerinnen, Bürger und
Unternehmen. Der Landespreis macht solche Kooperationen sichtbar und
ermutigt zur Nachahmung.</p>
<p>Bewerben können sich Kooperationen von mindestens zwei kommunalen Partnern.
Die Bewerbung erfolgt ausschließlich digital über das Bewerbungsformular.</p>
"""

CATEGORIES = [
    (
        "shared-service-center",
        "Sonderkategorie Shared Service Center",
        "SSC",
        True,
        "Gemeinsame Dienstleistungszentren, in denen Kommunen Aufgaben bündeln.",
    ),
    (
        "pflichtaufgaben-innere-verwaltung",
        "Kommunale Pflichtaufgaben und Innere Verwaltung",
        "PIV",
        False,
        "Kooperationen bei Pflichtaufgaben sowie in Personal, IT, Beschaffung "
        "und Organisation.",
    ),
    (
        "informationsaustausch-vernetzung",
        "Informationsaustausch und Vernetzung",
        "IAV",
        False,
        "Netzwerke, Wissenstransfer und gemeinsame Plattformen von Kommunen.",
    ),
    (
        "wirtschaft-tourismus-kultur",
        "Wirtschaftsförderung, Tourismus und Kultur",
        "WTK",
        False,
        "Gemeinsame Standortentwicklung, touristische Angebote und Kulturarbeit.",
    ),
    (
        "umwelt-planung-infrastruktur",
        "Umwelt, Planung und Infrastruktur",
        "UPI",
        False,
        "Zusammenarbeit in Klimaschutz, Mobilität, Flächenplanung und Versorgung.",
    ),
    (
        "krisenbewaeltigung",
        "Interkommunale Zusammenarbeit in der Krisenbewältigung",
        "KRI",
        False,
        "Kooperationen, die Kommunen in Krisen handlungsfähig halten.",
    ),
]

CRITERIA = [
    {
        "id": "benefit",
        "title": "Gewinn der Kooperation",
        "description": (
            "Welchen Mehrwert schafft die Zusammenarbeit? Zum Beispiel "
            "eingesparte Ressourcen, schnellere Verfahren oder eine neue "
            "Qualität von Leistungen."
        ),
        "weight": 1.0,
    },
    {
        "id": "innovation",
        "title": "Grad der Innovation",
        "description": (
            "Was ist neu – das Ziel, die Form oder die Partner der Kooperation? "
            "Dazu zählen auch digitale Ansätze wie Smart City und Smart Region."
        ),
        "weight": 1.0,
    },
    {
        "id": "sustainability",
        "title": "Zukunftsfähigkeit, Nutzbarkeit und Nachhaltigkeit",
        "description": (
            "Ist die Kooperation langfristig angelegt, wird sie angenommen und "
            "lässt sie sich auf andere Kommunen übertragen?"
        ),
        "weight": 1.0,
    },
]

START_TEXT = """
<p>Willkommen beim Landespreis für innovative interkommunale Zusammenarbeit in
Nordrhein-Westfalen. Hier finden Sie alles zur aktuellen Ausgabe: die
Teilnahmebedingungen, die Kategorien und Preise, häufige Fragen und das
Bewerbungsformular.</p>
"""

APPLICATION_TEXT = """
<p>Die Bewerbung erfolgt ausschließlich digital über das Online-Formular dieser
Seite. Bewerben kann sich die federführende Kommune einer Kooperation;
sie reicht die Bewerbung für alle Partner ein.</p>
<h2>Was Sie brauchen</h2>
<ul>
<li>Titel und Kategorie des Projekts</li>
<li>Name der Kommune oder des Verbands, Fachbereich und Ansprechperson mit
E-Mail-Adresse und Telefonnummer</li>
<li>die kommunalen Partner der Kooperation</li>
<li>eine kurze, aussagekräftige Projektbeschreibung und Angaben zu den drei
Bewertungskriterien</li>
<li>optional: ein Projektsteckbrief und der Ratsbeschluss als Anlage
(PDF, höchstens 20 MB je Datei)</li>
</ul>
<p>Nach dem Absenden erhalten Sie eine Bestätigung mit Ihrem Aktenzeichen per
E-Mail.</p>
"""

PAGES = [
    (
        "teilnahmebedingungen",
        "Teilnahmebedingungen",
        "Wer sich bewerben kann und welche Projekte teilnehmen dürfen.",
        """
<ul>
<li>An der Kooperation sind mindestens zwei kommunale Partner beteiligt:
Gemeinden, Städte, Kreise oder juristische Personen, die von ihnen beherrscht
werden.</li>
<li>Die Zusammenarbeit wurde nach dem 1. September 2016 vertraglich vereinbart
und läuft noch oder befindet sich in der Umsetzung.</li>
<li>Eine frühere Förderung durch Land oder Bund steht der Teilnahme nicht
entgegen.</li>
<li>Die Rechtsform ist frei. Eine privatrechtlich organisierte Kooperation muss
kommunal beherrscht sein.</li>
<li>Jede federführende Kommune kann ein Projekt einreichen. Als Partnerin darf
eine Kommune an mehreren Bewerbungen beteiligt sein.</li>
<li>Sparkassen sind von der Teilnahme ausgeschlossen. Grenzüberschreitende
Projekte sind willkommen.</li>
<li>Ist keine federführende Kommune benannt, bestätigt die Hauptverwaltungsbeamtin
oder der Hauptverwaltungsbeamte der einreichenden Kommune einen Ratsbeschluss
aller Partner; ein Auszug aus der Niederschrift genügt als Nachweis.</li>
</ul>
""",
    ),
    (
        "preise",
        "Preise",
        "Ein Preis von 10.000 Euro je Kategorie.",
        """
<p>In jeder der sechs Kategorien wird ein Preis in Höhe von 10.000 Euro
vergeben. Der Preis wird nicht auf mehrere Projekte aufgeteilt; die Partner der
ausgezeichneten Kooperation teilen das Preisgeld untereinander auf.</p>
<p>Eine unabhängige Jury aus fünf Fachleuten bewertet die zugelassenen
Bewerbungen nach drei Kriterien: Gewinn der Kooperation, Grad der Innovation
sowie Zukunftsfähigkeit, Nutzbarkeit und Nachhaltigkeit.</p>
""",
    ),
    (
        "faq",
        "Häufige Fragen",
        "Antworten auf die häufigsten Fragen zur Bewerbung.",
        """
<h2>Können wir uns mit mehreren Projekten bewerben?</h2>
<p>Als federführende Kommune mit einem Projekt. Als Partnerin kann Ihre Kommune
an weiteren Bewerbungen beteiligt sein.</p>
<h2>Unser Projekt wurde bereits gefördert. Dürfen wir teilnehmen?</h2>
<p>Ja. Eine frühere Förderung durch Land oder Bund spielt keine Rolle.</p>
<h2>Dürfen Sparkassen Partner sein?</h2>
<p>Nein, Sparkassen sind von der Teilnahme ausgeschlossen.</p>
<h2>Kann ich die Bewerbung per Post schicken?</h2>
<p>Nein, Bewerbungen werden nur digital über das Online-Formular angenommen.</p>
<h2>Gibt es Beratung?</h2>
<p>Ja, in unseren Online-Sprechstunden. Die Termine finden Sie unter
Kontakt.</p>
""",
    ),
    (
        "kontakt",
        "Kontakt",
        "Geschäftsstelle des Landespreises und Online-Sprechstunden.",
        """
<p>Geschäftsstelle Landespreis für innovative interkommunale Zusammenarbeit<br />
E-Mail: landespreis@example.org</p>
<h2>Online-Sprechstunden</h2>
<p>Wir beantworten Ihre Fragen zur Bewerbung in offenen Online-Sprechstunden.
Die Termine werden hier rechtzeitig bekanntgegeben.</p>
""",
    ),
]

JURY_AREA_TEXT = """
<p>Willkommen im Jury-Bereich. Hier finden Sie als Mitglied der Jury die
Unterlagen zur Bewertung, Ihre Bewerbungsübersicht und die Termine der
Jurysitzung.</p>
"""
