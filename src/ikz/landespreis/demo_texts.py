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
        "rubric": "\n".join((
            (
                "0-2: Kein erkennbarer Mehrwert gegenüber der Arbeit jeder Kommune für "
                "sich."
            ),
            (
                "3-4: Geringer Mehrwert, etwa kleine Einsparungen bei einzelnen "
                "Aufgaben."
            ),
            (
                "5-6: Deutlicher Mehrwert: messbar eingesparte Ressourcen oder "
                "schnellere Verfahren."
            ),
            (
                "7-8: Großer Mehrwert: spürbar bessere Leistungen für Bürgerinnen, "
                "Bürger und Unternehmen."
            ),
            (
                "9-10: Herausragender Mehrwert, der ohne die Kooperation nicht "
                "erreichbar wäre."
            ),
        )),
    },
    {
        "id": "innovation",
        "title": "Grad der Innovation",
        "description": (
            "Was ist neu – das Ziel, die Form oder die Partner der Kooperation? "
            "Dazu zählen auch digitale Ansätze wie Smart City und Smart Region."
        ),
        "weight": 1.0,
        "rubric": "\n".join((
            "0-2: Bekannte Lösung ohne neue Elemente.",
            "3-4: Einzelne neue Elemente, im Wesentlichen übernommen.",
            "5-6: Neu für die beteiligten Kommunen in Ziel, Form oder Partnern.",
            (
                "7-8: Neu für Nordrhein-Westfalen, zum Beispiel ein digitaler Ansatz "
                "(Smart City, Smart Region)."
            ),
            "9-10: Wegweisend über das Land hinaus.",
        )),
    },
    {
        "id": "sustainability",
        "title": "Zukunftsfähigkeit, Nutzbarkeit und Nachhaltigkeit",
        "description": (
            "Ist die Kooperation langfristig angelegt, wird sie angenommen und "
            "lässt sie sich auf andere Kommunen übertragen?"
        ),
        "weight": 1.0,
        "rubric": "\n".join((
            "0-2: Kurzfristig angelegt, Fortbestand ungewiss.",
            "3-4: Fortbestand geplant, aber nicht gesichert; geringe Annahme.",
            "5-6: Langfristig vereinbart und von den Beteiligten angenommen.",
            "7-8: Dauerhaft gesichert und auf andere Kommunen übertragbar.",
            "9-10: Vorbild mit nachgewiesener Übertragung auf weitere Kommunen.",
        )),
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
<p>Ja, in unseren Online-Sprechstunden. Die Termine und die Anmeldung
finden Sie unter <a href="../termine">Termine</a>.</p>
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
Die Termine und die Anmeldung finden Sie unter
<a href="../termine">Termine</a>.</p>
""",
    ),
]

JURY_AREA_TEXT = """
<p>Willkommen im Jury-Bereich. Ihre Bewerbungsübersicht mit allen
Bewerbungen, die Sie bewerten, finden Sie im
<a href="../../@@jury">Jury-Dashboard</a>. Unterlagen der Geschäftsstelle legt
sie in diesem Ordner ab.</p>
"""


# ---------------------------------------------------------------------------
# The portal around the editions (site root): legal pages, archive, dates.
# Example data of a ministry; the office replaces them before going online.

OFFICE = "Geschäftsstelle Landespreis IKZ.NRW"
MINISTRY = (
    "Ministerium für Heimat, Kommunales, Bau und Digitalisierung des Landes "
    "Nordrhein-Westfalen"
)

PORTAL_START_TEXT = """
<p>Städte, Gemeinden und Kreise in Nordrhein-Westfalen erreichen gemeinsam
mehr als allein. Mit dem Landespreis für innovative interkommunale
Zusammenarbeit zeichnet das Land Kooperationen aus, die Ressourcen sparen,
Verfahren beschleunigen und neue Leistungen für Bürgerinnen, Bürger und
Unternehmen schaffen.</p>
"""

IMPRESSUM = f"""
<h2>Anbieter</h2>
<p>{MINISTRY}<br />
Jürgensplatz 1<br />
40219 Düsseldorf</p>
<p>Das Ministerium wird vertreten durch die Ministerin bzw. den Minister.</p>
<h2>Kontakt</h2>
<p>Telefon: 0211 0000-0 (Beispielnummer)<br />
E-Mail: <a href="mailto:landespreis@example.org">landespreis@example.org</a></p>
<h2>Umsatzsteuer-Identifikationsnummer</h2>
<p>DE 000 000 000 (Beispiel; wird vor der Veröffentlichung ergänzt)</p>
<h2>Aufsichtsbehörde</h2>
<p>Das Ministerium ist eine oberste Landesbehörde des Landes Nordrhein-Westfalen.</p>
<h2>Verantwortlich für den Inhalt nach § 18 Absatz 2 Medienstaatsvertrag</h2>
<p>Leitung der {OFFICE}, Anschrift wie oben.</p>
<h2>Haftung für Links</h2>
<p>Für die Inhalte verlinkter fremder Seiten sind ausschließlich deren
Anbieter verantwortlich.</p>
<p><em>Dies sind Beispielangaben des Demo-Portals nach § 5
Digitale-Dienste-Gesetz (DDG) und § 18 Medienstaatsvertrag (MStV). Die
Geschäftsstelle ersetzt sie vor dem Betrieb durch die echten Angaben.</em></p>
"""

DATENSCHUTZ = f"""
<p>Hier informieren wir Sie nach Artikel 13 der Datenschutz-Grundverordnung
(DSGVO) darüber, welche personenbezogenen Daten wir beim Landespreis
verarbeiten.</p>
<h2>1. Verantwortliche Stelle</h2>
<p>{MINISTRY}, Jürgensplatz 1, 40219 Düsseldorf,
E-Mail: landespreis@example.org</p>
<h2>2. Datenschutzbeauftragte oder Datenschutzbeauftragter</h2>
<p>Behördliche Datenschutzbeauftragte des Ministeriums, Anschrift wie oben,
E-Mail: datenschutz@example.org</p>
<h2>3. Zwecke und Rechtsgrundlagen</h2>
<ul>
<li><strong>Bewerbung:</strong> Wir verarbeiten die Angaben im
Bewerbungsformular (Kommune, Fachbereich, Ansprechperson, E-Mail, Telefon,
Projektbeschreibung, Anlagen), um den Wettbewerb durchzuführen: Prüfung der
Teilnahmebedingungen, Bewertung durch die Jury, Benachrichtigung und
Preisverleihung. Rechtsgrundlage ist Ihre Einwilligung (Art. 6 Abs. 1
Buchstabe a DSGVO) sowie die Wahrnehmung einer Aufgabe im öffentlichen
Interesse (Art. 6 Abs. 1 Buchstabe e DSGVO in Verbindung mit § 3
Datenschutzgesetz NRW).</li>
<li><strong>Veröffentlichung der Preisträger:</strong> Titel, beteiligte
Kommunen, Kurzbeschreibung und Bilder ausgezeichneter Projekte
veröffentlichen wir nur mit Ihrer Einwilligung (Art. 6 Abs. 1 Buchstabe a
DSGVO).</li>
<li><strong>Anmeldung zu Sprechstunden und Rückmeldungen zur
Barrierefreiheit:</strong> Name und E-Mail-Adresse, um Ihnen zu antworten und
Sie an den Termin zu erinnern (Art. 6 Abs. 1 Buchstabe e DSGVO).</li>
<li><strong>Aufruf der Website:</strong> Der Server speichert technisch
notwendige Daten (IP-Adresse, Zeitpunkt, aufgerufene Seite) für höchstens
sieben Tage, um den Betrieb zu sichern. Wir setzen keine Analyse- oder
Werbe-Cookies ein.</li>
</ul>
<h2>4. Empfänger</h2>
<p>Ihre Bewerbung sehen die Geschäftsstelle des Landespreises und die
Mitglieder der <strong>Jury</strong> (Beauftragter für interkommunale
Zusammenarbeit, die drei kommunalen Spitzenverbände und die NRW.BANK).
Jurymitglieder sehen nur Bewerbungen, bei denen kein Interessenkonflikt
besteht. Der technische Betrieb erfolgt durch einen Dienstleister im Auftrag
des Ministeriums (Art. 28 DSGVO). Eine Übermittlung in Drittländer findet
nicht statt.</p>
<h2>5. Speicherdauer</h2>
<p>Bewerbungen bewahren wir bis zum Abschluss der Ausgabe auf. Wird die
Ausgabe archiviert, werden die personenbezogenen Angaben nicht
ausgezeichneter Bewerbungen <strong>anonymisiert</strong> (Ansprechperson,
E-Mail, Telefon, Fachbereich und interne Vermerke werden gelöscht).
Ausgezeichnete Projekte bleiben mit Ihrer Einwilligung im Archiv
veröffentlicht. Anmeldungen zu Sprechstunden löschen wir drei Monate nach dem
Termin.</p>
<h2>6. Ihre Rechte</h2>
<p>Sie haben das Recht auf Auskunft (Art. 15), Berichtigung (Art. 16),
Löschung (Art. 17), Einschränkung der Verarbeitung (Art. 18),
Datenübertragbarkeit (Art. 20) und Widerspruch (Art. 21 DSGVO). Eine
Einwilligung können Sie jederzeit für die Zukunft widerrufen; schreiben Sie
dazu an landespreis@example.org.</p>
<h2>7. Beschwerderecht</h2>
<p>Sie können sich bei der Aufsichtsbehörde beschweren: Landesbeauftragte für
Datenschutz und Informationsfreiheit Nordrhein-Westfalen, Kavalleriestraße
2-4, 40213 Düsseldorf, <a href="https://www.ldi.nrw.de">www.ldi.nrw.de</a>.</p>
<h2>8. Pflicht zur Bereitstellung</h2>
<p>Ohne die Pflichtangaben des Bewerbungsformulars können wir Ihre
Bewerbung nicht bearbeiten. Eine automatisierte Entscheidung im Sinne von
Art. 22 DSGVO findet nicht statt; über die Preise entscheidet die Jury.</p>
"""

BARRIEREFREIHEIT = """
<p>Das Ministerium ist bemüht, diese Website im Einklang mit § 10b des
Behindertengleichstellungsgesetzes Nordrhein-Westfalen (BGG NRW) und der
Barrierefreie-Informationstechnik-Verordnung NRW (BITV NRW) barrierefrei
zugänglich zu machen.</p>
<h2>Stand der Vereinbarkeit mit den Anforderungen</h2>
<p>Diese Website ist mit den Anforderungen der Web Content Accessibility
Guidelines (WCAG) 2.1 auf Stufe AA <strong>teilweise vereinbar</strong>. Die
Bewertung beruht auf einer Selbstbewertung mit automatischen Prüfungen
(axe-core) und Tests mit der Tastatur.</p>
<h2>Nicht barrierefreie Inhalte</h2>
<ul>
<li><strong>PDF-Anlagen von Bewerbungen</strong> stammen von den Kommunen;
wir können ihre Barrierefreiheit nicht sicherstellen. Auf Wunsch erhalten Sie
die Inhalte in anderer Form.</li>
<li><strong>Ein Video in Deutscher Gebärdensprache</strong> zu den
wichtigsten Informationen ist in Vorbereitung.</li>
<li><strong>Die Verwaltungsoberfläche</strong> für die Geschäftsstelle
beruht auf Standardbausteinen des Redaktionssystems, die noch nicht
vollständig geprüft sind.</li>
</ul>
<h2>Erstellung dieser Erklärung</h2>
<p>Diese Erklärung wurde am 1. Dezember 2025 erstellt und zuletzt am
1. Dezember 2025 überprüft.</p>
<h2>Barrieren melden: Feedback</h2>
<p>Sind Ihnen Mängel aufgefallen? Brauchen Sie Informationen in einer anderen
Form? Schreiben Sie uns über das
<a href="barriere-melden">Formular „Barriere melden“</a> oder per E-Mail an
landespreis@example.org. Wir antworten innerhalb von zwei Wochen.</p>
<h2>Schlichtungsverfahren</h2>
<p>Wenn Sie keine zufriedenstellende Antwort erhalten, können Sie sich an die
Ombudsstelle für barrierefreie Informationstechnik des Landes
Nordrhein-Westfalen wenden. Sie vermittelt kostenfrei zwischen Ihnen und der
öffentlichen Stelle.</p>
<p>Ombudsstelle für barrierefreie Informationstechnik NRW bei der
Landesbeauftragten für Menschen mit Behinderung<br />
<a href="https://www.lbb.nrw.de/ombudsstelle-barrierefreie-it">www.lbb.nrw.de/ombudsstelle-barrierefreie-it</a></p>
"""

LEICHTE_SPRACHE = """
<h2>Was ist der Landespreis?</h2>
<p>Das Land Nordrhein-Westfalen vergibt einen Preis.</p>
<p>Der Preis ist für Städte, Gemeinden und Kreise.</p>
<p>Sie bekommen den Preis, wenn sie gut zusammen-arbeiten.</p>
<p>Zum Beispiel: Zwei Städte haben zusammen ein Büro für Bürger.</p>
<h2>Was kann man gewinnen?</h2>
<p>Es gibt 6 Gruppen. Die Gruppen heißen Kategorien.</p>
<p>In jeder Gruppe gewinnt ein Projekt.</p>
<p>Das Projekt bekommt 10.000 Euro.</p>
<h2>Wer darf mit-machen?</h2>
<p>Mindestens 2 Städte, Gemeinden oder Kreise arbeiten zusammen.</p>
<p>Sie haben einen Vertrag.</p>
<p>Sparkassen dürfen nicht mit-machen.</p>
<h2>Wie bewirbt man sich?</h2>
<p>Eine Stadt oder Gemeinde füllt ein Formular im Internet aus.</p>
<p>Das Formular heißt: Bewerbung.</p>
<p>Danach bekommt die Stadt eine E-Mail.</p>
<h2>Wer entscheidet?</h2>
<p>Eine Gruppe von 5 Fach-Leuten entscheidet. Die Gruppe heißt Jury.</p>
<h2>Haben Sie Fragen?</h2>
<p>Schreiben Sie eine E-Mail an: landespreis@example.org</p>
<p>Oder kommen Sie in eine Sprech-Stunde im Internet.</p>
"""

FEEDBACK_PROLOGUE = """
<p>Melden Sie uns Barrieren auf dieser Website oder fragen Sie Inhalte in
einer anderen Form an. Sie erhalten eine Eingangsbestätigung per E-Mail; die
Geschäftsstelle antwortet innerhalb von zwei Wochen.</p>
"""
FEEDBACK_CONFIRMATION = """Guten Tag,

vielen Dank für Ihre Nachricht zur Barrierefreiheit des Landespreis-Portals.
Wir haben sie erhalten und antworten Ihnen innerhalb von zwei Wochen.

Mit freundlichen Grüßen
Ihre Geschäftsstelle des Landespreises

Ihre Angaben:"""

REGISTRATION_PROLOGUE = """
<p>Melden Sie sich hier für eine offene Online-Sprechstunde zur Bewerbung an.
Sie erhalten eine Bestätigung per E-Mail und am Tag vor dem Termin eine
Erinnerung mit dem Zugang.</p>
"""
REGISTRATION_CONFIRMATION = """Guten Tag,

vielen Dank für Ihre Anmeldung zur Online-Sprechstunde des Landespreises.
Am Tag vor dem Termin erinnern wir Sie per E-Mail und senden Ihnen den Zugang.

Mit freundlichen Grüßen
Ihre Geschäftsstelle des Landespreises

Ihre Anmeldung:"""

CONSULTATION_TEXT = """
<p>In der offenen Online-Sprechstunde beantwortet die Geschäftsstelle Ihre
Fragen zur Bewerbung, zu den Teilnahmebedingungen und zu den Kategorien. Die
Teilnahme ist kostenlos; bitte melden Sie sich vorher an.</p>
<p><a href="anmeldung">Zur Anmeldung für eine Online-Sprechstunde</a></p>
"""

NEWS = [
    (
        "bewerbungsphase-gestartet",
        "Die Bewerbungsphase für den 2. Landespreis hat begonnen",
        "Kommunen können ihre Kooperationen ab sofort online einreichen.",
        """<p>Ab sofort können Städte, Gemeinden und Kreise ihre
interkommunalen Kooperationen für den 2. Landespreis einreichen. In sechs
Kategorien wird je ein Preis von 10.000 Euro vergeben. Die Bewerbung erfolgt
ausschließlich über das Online-Formular.</p>""",
    ),
    (
        "sprechstunden",
        "Offene Online-Sprechstunden zur Bewerbung",
        "Drei Termine, in denen die Geschäftsstelle Ihre Fragen beantwortet.",
        """<p>Die Geschäftsstelle bietet während der Bewerbungsphase drei offene
Online-Sprechstunden an. Die Termine und die Anmeldung finden Sie unter
„Termine“.</p>""",
    ),
]

FIRST_EDITION_TITLE = (
    "1. Landespreis für innovative interkommunale Zusammenarbeit in Nordrhein-Westfalen"
)
FIRST_EDITION_DESCRIPTION = (
    "Die erste Ausgabe 2021/22: vier Kategorien und eine Sonderkategorie "
    "zur Krisenbewältigung."
)
FIRST_EDITION_INTRO = """
<p>Mit der ersten Ausgabe hat das Land Nordrhein-Westfalen 2021/22 erstmals
innovative interkommunale Kooperationen ausgezeichnet. Bewerbungen waren bis
zum 11. Februar 2022 möglich; die Preise wurden im März 2022 verliehen.</p>
<p>Diese Ausgabe ist abgeschlossen und archiviert. Nachlesen können Sie die
<a href="resolveuid/{teilnahmebedingungen}">Teilnahmebedingungen</a> und die
<a href="resolveuid/{preise}">Preise</a> der ersten Ausgabe.</p>
"""
FIRST_EDITION_CATEGORIES = [
    (
        "pflichtaufgaben-innere-verwaltung",
        "Kommunale Pflichtaufgaben und Innere Verwaltung",
        "PIV",
        False,
    ),
    (
        "informationsaustausch-vernetzung",
        "Informationsaustausch und Vernetzung",
        "IAV",
        False,
    ),
    (
        "wirtschaft-tourismus-kultur",
        "Wirtschaftsförderung, Tourismus und Kultur",
        "WTK",
        False,
    ),
    ("umwelt-planung-infrastruktur", "Umwelt, Planung und Infrastruktur", "UPI", False),
    (
        "krisenbewaeltigung",
        "Interkommunale Zusammenarbeit in der Krisenbewältigung",
        "KRI",
        True,
    ),
]
FIRST_EDITION_PAGES = [
    (
        "teilnahmebedingungen",
        "Teilnahmebedingungen",
        "Die Bedingungen der ersten Ausgabe.",
        """<ul>
<li>Mindestens zwei kommunale Partner.</li>
<li>Die Zusammenarbeit wurde nach dem 1. September 2016 vertraglich vereinbart
und läuft noch oder befindet sich in der Umsetzung.</li>
<li>Bewerbungen waren bis zum 11. Februar 2022 möglich.</li>
</ul>""",
    ),
    (
        "preise",
        "Preise",
        "Ein Preis je Kategorie.",
        """<p>In jeder der vier Kategorien und in der Sonderkategorie
„Interkommunale Zusammenarbeit in der Krisenbewältigung“ wurde ein Preis
vergeben. Die Preisverleihung fand im März 2022 statt.</p>""",
    ),
]
ARCHIVE_TEXT = """
<p>Hier finden Sie die abgeschlossenen Ausgaben des Landespreises mit ihren
Kategorien und Bedingungen.</p>
"""
FOOTER_TEXT = f"""<p><strong>{OFFICE}</strong><br />
{MINISTRY}<br />
Jürgensplatz 1, 40219 Düsseldorf · landespreis@example.org</p>"""
COLOPHON_TEXT = "<p>Erstellt mit dem freien Redaktionssystem Plone</p>"
