"""The Dutch words demo cases are made of: places, ideas, people, and what officials write down.

Templates use `str.format` fields: {first} (an initiator's first name), {idea} (the idea as a noun
phrase), {loc} (where: "op het Kastanjeplein"), {dept} (a department), {building}, {n}, {amount},
{material} and {partner}. A template uses the fields it needs; the others are ignored.
"""

from dataclasses import dataclass

STREET, SQUARE, PARK, BUILDING = "street", "square", "park", "building"


@dataclass(frozen=True)
class Place:
    """A street, square, park or building; `article` is "de", "het" or empty."""

    name: str
    kind: str
    article: str = ""

    def after(self, preposition):
        """The place after a preposition: "op het Kastanjeplein", "in buurthuis De Wiek"."""
        return " ".join(part for part in (preposition, self.article, self.name) if part)


def _streets(*names):
    return [Place(name, STREET, "de") for name in names]


#: Places per buurt, by the buurt's name in the demo municipality (initiatives.demo.operations.WIJKEN).
BUURT_PLACES = {
    "Centrum": [
        *_streets("Kerkstraat", "Heuvelstraat", "Marktstraat", "Korte Nieuwstraat"),
        Place("Kerkplein", SQUARE, "het"),
        Place("Grote Markt", SQUARE, "de"),
    ],
    "Havenkwartier": [
        *_streets("Havendijk", "Kadestraat", "Schippersgang", "Lindeboomstraat"),
        Place("Havenplein", SQUARE, "het"),
    ],
    "Stationsbuurt": [
        *_streets("Stationsstraat", "Spoorlaan", "Emmastraat", "Julianastraat"),
        Place("Stationsplein", SQUARE, "het"),
    ],
    "Bloemenbuurt": [
        *_streets("Tulpstraat", "Rozenlaan", "Anjerstraat", "Irisstraat"),
        Place("Lelieplein", SQUARE, "het"),
    ],
    "Vogelwijk": [
        *_streets("Merelstraat", "Lijsterlaan", "Spechtstraat", "Zwaluwhof"),
        Place("Meeuwenplein", SQUARE, "het"),
        Place("Vogelpark", PARK, "het"),
    ],
    "Molenhoek": [
        *_streets("Molenweg", "Korenstraat", "Maalderijstraat", "Wiekenlaan"),
        Place("Molenplein", SQUARE, "het"),
    ],
    "Spoorzicht": [
        *_streets("Seinstraat", "Wisselstraat", "Perronlaan", "Rangeerpad"),
        Place("Seinhuisplein", SQUARE, "het"),
    ],
    "Het Laar": [
        *_streets("Laarstraat", "Beukenlaan", "Eikenlaan", "Hazelaarstraat"),
        Place("Kastanjeplein", SQUARE, "het"),
        Place("Laarpark", PARK, "het"),
    ],
    "Parkwijk": [
        *_streets("Parklaan", "Vijverstraat", "Wandelweg", "Rietkraag"),
        Place("Zuiderpark", PARK, "het"),
    ],
    "De Blaak": [
        *_streets("Blaakweg", "Heidestraat", "Vennenlaan", "Berkenhof"),
        Place("Blaakse Bos", PARK, "het"),
    ],
    "Oude Dijk": [
        *_streets("Dijkstraat", "Polderweg", "Sluisstraat", "Gemaalstraat"),
        Place("Dijkplein", SQUARE, "het"),
    ],
    "Reeshof-Noord": [
        *_streets("Reeweg", "Damhertstraat", "Hertenkamp", "Edelhertlaan"),
        Place("Reeshofpark", PARK, "het"),
    ],
    "Reeshof-Zuid": [
        *_streets("Vossenlaan", "Dassenburcht", "Konijnenpad", "Egelstraat"),
        Place("Vossenplein", SQUARE, "het"),
    ],
    "Witbrant": [
        *_streets("Witbrantlaan", "Brantstraat", "Heuvelring", "Ganzenwei"),
        Place("Witbrantplein", SQUARE, "het"),
    ],
}

#: Buildings per wijk number: where neighbourhood meetings are held and buurtkamers open.
WIJK_BUILDINGS = {
    "01": [Place("buurthuis De Poort", BUILDING), Place("oude bibliotheek", BUILDING, "de")],
    "02": [Place("buurthuis De Wiek", BUILDING), Place("basisschool De Regenboog", BUILDING)],
    "03": [Place("buurthuis 't Laar", BUILDING), Place("wijkcentrum De Schakel", BUILDING)],
    "04": [Place("buurthuis De Blaak", BUILDING), Place("kerkgebouw De Ark", BUILDING)],
    "05": [Place("buurthuis De Horst", BUILDING), Place("MFA De Witbrant", BUILDING)],
}

#: How a buurt or wijk is named inside a sentence ("uit de Vogelwijk", "uit Molenhoek").
IN_SENTENCE = {
    "Centrum": "het centrum",
    "Havenkwartier": "het Havenkwartier",
    "Stationsbuurt": "de Stationsbuurt",
    "Bloemenbuurt": "de Bloemenbuurt",
    "Vogelwijk": "de Vogelwijk",
    "Parkwijk": "de Parkwijk",
    "Binnenstad": "de binnenstad",
}


@dataclass(frozen=True)
class Idea:
    """What residents come with; `prepositions` says where it fits ({place kind: preposition})."""

    title: str
    phrase: str
    themes: tuple
    prepositions: dict
    reasons: tuple
    requests: tuple


IDEAS = [
    Idea(
        "Moestuin",
        "een moestuin",
        ("green", "meeting"),
        {SQUARE: "op", PARK: "in", STREET: "aan"},
        (
            "Het grasveld wordt nauwelijks gebruikt en ligt vaak vol zwerfafval.",
            "Veel bewoners hebben geen tuin en willen samen groente kweken.",
            "Ze willen buren van verschillende leeftijden met elkaar in contact brengen.",
        ),
        (
            "Toestemming om het stuk grond te gebruiken en een bijdrage voor aarde, zaden en een hek.",
            "Hulp bij het aanvragen van een bijdrage uit het wijkbudget en een watertappunt.",
        ),
    ),
    Idea(
        "Speeltuin",
        "een nieuwe speeltuin",
        ("play", "safety"),
        {SQUARE: "op", PARK: "in"},
        (
            "De oude toestellen zijn vorig jaar weggehaald en er kwam niets voor terug.",
            "Er wonen veel jonge gezinnen en de dichtstbijzijnde speelplek ligt aan de drukke weg.",
        ),
        (
            "Nieuwe speeltoestellen en meedenken over een ontwerp dat de kinderen zelf mogen kiezen.",
            "Een bijdrage in de kosten; de bewoners willen zelf geld inzamelen voor de rest.",
        ),
    ),
    Idea(
        "Buurtkamer",
        "een buurtkamer",
        ("meeting", "care"),
        {BUILDING: "in"},
        (
            "Er is geen plek in de buurt waar mensen zomaar binnen kunnen lopen voor een kop koffie.",
            "Vooral oudere bewoners zitten veel alleen thuis.",
        ),
        (
            "Een ruimte voor een symbolische huur en hulp bij de inrichting.",
            "Een bijdrage voor de eerste maanden huur en contact met de welzijnsorganisatie.",
        ),
    ),
    Idea(
        "Bankjes",
        "een paar bankjes",
        ("meeting", "care"),
        {SQUARE: "op", PARK: "in", STREET: "in"},
        (
            "Oudere bewoners kunnen onderweg naar de winkels nergens even uitrusten.",
            "Het plein is mooi opgeknapt, maar er is geen plek om te zitten.",
        ),
        ("Twee of drie bankjes en een afspraak over wie ze schoonhoudt.",),
    ),
    Idea(
        "Geveltuinen",
        "geveltuinen",
        ("green",),
        {STREET: "in"},
        (
            "De straat is versteend en wordt in de zomer erg heet.",
            "Een paar buren hebben al een geveltuin en de rest wil ook.",
        ),
        (
            "Toestemming om tegels langs de gevels te wippen en hulp bij het ophalen van de tegels.",
            "Planten en aarde voor ongeveer twintig geveltuinen.",
        ),
    ),
    Idea(
        "Zonnepanelen",
        "zonnepanelen",
        ("energy",),
        {BUILDING: "op"},
        (
            "De energierekening van het buurthuis is flink gestegen.",
            "Een energiecoöperatie uit de buurt wil het dak graag gebruiken.",
        ),
        (
            "Toestemming van de gemeente als eigenaar van het gebouw en hulp bij een subsidieaanvraag.",
            "Een constructieberekening van het dak en een aanspreekpunt bij Vastgoed.",
        ),
    ),
    Idea(
        "Jeu-de-boulesbaan",
        "een jeu-de-boulesbaan",
        ("meeting", "play"),
        {SQUARE: "op", PARK: "in"},
        (
            "Een groep gepensioneerden speelt nu op het grind van de parkeerplaats.",
            "Ze zoeken een manier om jong en oud samen buiten te krijgen.",
        ),
        ("Aanleg van een baan en een paar bankjes eromheen.",),
    ),
    Idea(
        "AED",
        "een AED aan de gevel",
        ("safety", "care"),
        {STREET: "in"},
        (
            "De dichtstbijzijnde AED hangt te ver weg om op tijd te zijn.",
            "Een bewoner kreeg vorig jaar een hartstilstand en het duurde lang voor er hulp was.",
        ),
        ("Een bijdrage voor de AED en de kast, en een reanimatiecursus voor buurtbewoners.",),
    ),
    Idea(
        "Repaircafé",
        "een repaircafé",
        ("energy", "meeting"),
        {BUILDING: "in"},
        (
            "Er wordt veel weggegooid dat nog te repareren is.",
            "Een paar handige buren willen hun kennis delen.",
        ),
        ("Eén zaterdag per maand een ruimte en een bijdrage voor gereedschap.",),
    ),
    Idea(
        "Buurtbarbecue",
        "een buurtbarbecue",
        ("meeting",),
        {SQUARE: "op", PARK: "in", STREET: "in"},
        (
            "Sinds de nieuwbouw kennen de buren elkaar nauwelijks nog.",
            "Na de onrust van vorig jaar willen ze de buurt weer samenbrengen.",
        ),
        ("Een vergunning, afzethekken en een kleine bijdrage uit het wijkbudget.",),
    ),
    Idea(
        "Straatfeest",
        "een straatfeest",
        ("meeting", "culture"),
        {STREET: "in", SQUARE: "op"},
        (
            "De straat bestaat vijftig jaar en dat willen de bewoners vieren.",
            "Er zijn veel nieuwe bewoners bijgekomen die nog niemand kennen.",
        ),
        ("Een evenementenvergunning, afsluiting van de straat en hulp bij het afvalplan.",),
    ),
    Idea(
        "Pluktuin",
        "een pluktuin",
        ("green",),
        {PARK: "in", SQUARE: "op"},
        (
            "Het plantsoen wordt alleen gemaaid; bewoners willen er bloemen en fruit.",
            "De school wil de pluktuin gebruiken voor natuurlessen.",
        ),
        ("Toestemming om een deel van het plantsoen zelf te beheren en een bijdrage voor fruitbomen.",),
    ),
    Idea(
        "Uitgiftepunt voedselbank",
        "een uitgiftepunt van de voedselbank",
        ("care",),
        {BUILDING: "in"},
        (
            "Gezinnen uit de buurt moeten nu met de bus naar de andere kant van de stad.",
            "Vrijwilligers van de kerk willen de uitgifte dichter bij huis organiseren.",
        ),
        ("Een ruimte met een koelkast, één middag per week.",),
    ),
    Idea(
        "Speelstraat",
        "een speelstraat",
        ("play", "traffic", "safety"),
        {STREET: "in"},
        (
            "Er wordt hard gereden en kinderen kunnen niet veilig buiten spelen.",
            "In de zomer willen ouders de straat een paar middagen per week afsluiten.",
        ),
        ("Een verkeersbesluit voor een speelstraat en borden.",),
    ),
    Idea(
        "Veilig oversteken",
        "een veilige oversteekplaats",
        ("traffic", "safety"),
        {STREET: "in", SQUARE: "bij"},
        (
            "Kinderen steken hier over op weg naar school en auto's stoppen niet.",
            "Er zijn het afgelopen jaar twee bijna-ongelukken geweest.",
        ),
        ("Een zebrapad of verkeersdrempel en een verkeersonderzoek.",),
    ),
    Idea(
        "Muurschildering",
        "een muurschildering",
        ("culture",),
        {BUILDING: "op", STREET: "in"},
        (
            "De blinde muur wordt steeds opnieuw beklad.",
            "Jongeren uit de buurt willen samen met een kunstenaar iets moois maken.",
        ),
        ("Toestemming van de eigenaar van de muur en een bijdrage voor verf en steigers.",),
    ),
    Idea(
        "Tiny forest",
        "een tiny forest",
        ("green", "energy"),
        {PARK: "in"},
        (
            "Bewoners willen meer schaduw en koelte tijdens hete zomers.",
            "De basisschool wil het bos samen met de kinderen aanplanten.",
        ),
        ("Een stuk grond van ongeveer tweehonderd vierkante meter en hulp bij de aanplant.",),
    ),
    Idea(
        "Boekenruilkast",
        "een boekenruilkast",
        ("culture", "meeting"),
        {SQUARE: "op", STREET: "in"},
        ("Een buurvrouw heeft een oude kast opgeknapt en zoekt een plek.",),
        ("Toestemming om de kast in de openbare ruimte te zetten.",),
    ),
    Idea(
        "Koffieochtend voor ouderen",
        "een wekelijkse koffieochtend voor ouderen",
        ("care", "meeting"),
        {BUILDING: "in"},
        (
            "Steeds meer ouderen in de buurt wonen alleen.",
            "De vrijwilligers van de kerk willen een vast moment in de week bieden.",
        ),
        ("Een ruimte op dinsdagochtend en een kleine bijdrage voor koffie en thee.",),
    ),
    Idea(
        "Buurtpreventie",
        "een buurtpreventieteam",
        ("safety",),
        {STREET: "in"},
        (
            "Er is de laatste maanden vaker ingebroken.",
            "Bewoners hebben al een appgroep en willen samen 's avonds een rondje lopen.",
        ),
        ("Hesjes, zaklampen en een contactpersoon bij de politie en de gemeente.",),
    ),
]

#: The municipal tasks on the admin's list that challengers choose from (name, the verordening's
#: reason when it excludes the task, else "").
CHALLENGE_TASKS = [
    ("Groenonderhoud in de wijk", ""),
    ("Beheer van een buurthuis", ""),
    ("Schoonhouden van een speelplek", ""),
    ("Zwerfafval opruimen in de buurt", ""),
    ("Onderhoud van de hondenuitlaatplaatsen", ""),
    (
        "Vergunningverlening voor evenementen",
        "Vergunningverlening is een publiekrechtelijke bevoegdheid van het college; de verordening "
        "sluit haar uit van het uitdaagrecht.",
    ),
    (
        "Handhaving in de openbare ruimte",
        "Handhaving vraagt bevoegde en beëdigde boa's; de verordening sluit haar uit van het uitdaagrecht.",
    ),
]


@dataclass(frozen=True)
class ChallengeIdea:
    """A challenge residents come with: the case's idea, the task on the list it challenges (or,
    now and then, the task written in: a template with {loc}), what they would take over and the
    result they promise; `weight` how often it comes."""

    idea: Idea
    task: str
    written_in: str
    takes_over: str
    result: str
    weight: int = 10


CHALLENGE_IDEAS = [
    ChallengeIdea(
        Idea(
            "Groenonderhoud door bewoners (uitdaagrecht)",
            "zelfbeheer van het groen (uitdaagrecht)",
            ("right_to_challenge", "green"),
            {PARK: "in", STREET: "in", SQUARE: "op"},
            (
                "Bewoners vinden dat het groen te weinig wordt onderhouden en willen het zelf doen.",
                "De bewonersvereniging wil het maaien en snoeien overnemen en het budget daarvoor krijgen.",
            ),
            (
                "Het onderhoudsbudget voor dit stuk groen en afspraken over kwaliteit en aansprakelijkheid.",
                "Een proefperiode van een jaar met het budget dat de gemeente nu uitgeeft.",
            ),
        ),
        "Groenonderhoud in de wijk",
        "Maaien en snoeien {loc}",
        "Het maaien, snoeien en onkruid wieden van het groen {loc}, van maart tot november.",
        "Het groen {loc} is verzorgd volgens beeldkwaliteit B en bewoners onderhouden het zelf.",
        weight=14,
    ),
    ChallengeIdea(
        Idea(
            "Beheer van het buurthuis door bewoners (uitdaagrecht)",
            "het beheer van de ontmoetingsruimte (uitdaagrecht)",
            ("right_to_challenge", "meeting"),
            {BUILDING: "in"},
            (
                "De welzijnsorganisatie opent de ruimte maar drie dagdelen per week; bewoners willen meer.",
                "Een stichting van bewoners wil de verhuur en de openstelling zelf regelen.",
            ),
            (
                "Het beheerbudget en de sleutels, en hulp bij een huurovereenkomst.",
                "Een overdracht in een halfjaar, met de huidige beheerder als vraagbaak.",
            ),
        ),
        "Beheer van een buurthuis",
        "Openstelling van de ontmoetingsruimte {loc}",
        "Het openen en sluiten, de verhuur van de zalen en de schoonmaak van de ontmoetingsruimte {loc}.",
        "De ontmoetingsruimte {loc} is vijf dagen per week open, met een bezetting van minstens 60%.",
        weight=9,
    ),
    ChallengeIdea(
        Idea(
            "Speelplek schoonhouden (uitdaagrecht)",
            "het schoonhouden van de speelplek (uitdaagrecht)",
            ("right_to_challenge", "play"),
            {SQUARE: "op", PARK: "in"},
            (
                "Er ligt vaak glas en afval tussen de toestellen; ouders willen het zelf bijhouden.",
                "De buurt wil de speelplek dagelijks controleren in plaats van eens per week.",
            ),
            ("Het budget voor het schoonhouden, prikstokken en afspraken over de toestellenkeuring.",),
        ),
        "Schoonhouden van een speelplek",
        "Dagelijkse controle van de speelplek {loc}",
        "Het dagelijks schoonhouden van de speelplek {loc} en het melden van kapotte toestellen.",
        "De speelplek {loc} is elke ochtend schoon en gebreken zijn binnen een dag gemeld.",
        weight=8,
    ),
    ChallengeIdea(
        Idea(
            "Zwerfafval opruimen door bewoners (uitdaagrecht)",
            "het opruimen van zwerfafval (uitdaagrecht)",
            ("right_to_challenge", "green"),
            {STREET: "in", SQUARE: "op", PARK: "in"},
            (
                "De veegwagen komt eens in de twee weken; bewoners ruimen nu al vrijwillig op.",
                "Een groep buren wil een vaste opruimploeg met een vergoeding per kilo.",
            ),
            ("Het budget voor zwerfafval in de buurt, grijpers en het ophalen van de zakken.",),
        ),
        "Zwerfafval opruimen in de buurt",
        "Opruimen van zwerfafval {loc}",
        "Het wekelijks opruimen van zwerfafval {loc} en de omliggende straten.",
        "Er ligt {loc} minder zwerfafval dan nu, gemeten met de schouw van de gemeente.",
        weight=7,
    ),
    ChallengeIdea(
        Idea(
            "Parkeertoezicht door bewoners (uitdaagrecht)",
            "toezicht op foutparkeren (uitdaagrecht)",
            ("right_to_challenge", "safety"),
            {STREET: "in"},
            (
                "Er wordt vaak op de stoep geparkeerd en de boa komt zelden langs.",
                "Buurtbewoners willen zelf bonnen uitschrijven aan foutparkeerders.",
            ),
            ("Bevoegdheid om foutparkeerders te bekeuren en een vergoeding voor de uren.",),
        ),
        "Handhaving in de openbare ruimte",
        "Bekeuren van foutparkeerders {loc}",
        "Het toezicht op foutparkeren {loc}.",
        "Geen auto's meer op de stoep {loc}.",
        weight=2,
    ),
]

#: A challenge's proposal: why the challengers can do it better, who they are, the support in the
#: neighbourhood, what they ask of the municipality and how they guarantee quality and continuity.
CHALLENGE_BETTER_BECAUSE = [
    "Bewoners wonen er zelf en zien elke dag wat nodig is; ze kunnen sneller reageren dan de aannemer.",
    "De bewoners doen het met vrijwilligers en een kleine vergoeding, goedkoper dan nu.",
    "Met een vaste ploeg uit de buurt ontstaat meer contact tussen buren en minder overlast.",
    "Ze combineren het werk met een leer-werkplek voor jongeren uit de buurt.",
]
CHALLENGE_INVOLVEMENT = [
    "Een stichting van {n} bewoners, met een hovenier en een boekhouder in het bestuur.",
    "De bewonersvereniging heeft {n} leden en organiseert al jaren de buurtschoonmaak.",
    "{first} heeft jaren in dit vak gewerkt en leidt de ploeg.",
    "Een groep van {n} vrijwilligers, van wie een deel al bij het buurthuis helpt.",
]
CHALLENGE_SUPPORT_EVIDENCE = [
    "{n} handtekeningen uit de omliggende straten.",
    "Een enquête onder de buurt: ruim driekwart is voor.",
    "Steunbrieven van de school en de woningcorporatie.",
    "Een bewonersavond met {n} aanwezigen die het plan steunden.",
]
CHALLENGE_REQUESTED_SUPPORT = [
    "Het budget dat de gemeente nu aan deze taak besteedt, en gereedschap in bruikleen.",
    "Een bijdrage in de verzekering en een vast aanspreekpunt bij de gemeente.",
    "Het budget en een half jaar begeleiding door de huidige uitvoerder.",
]
CHALLENGE_QUALITY_GUARANTEE = [
    "Een werkplanning per maand en een schouw met de gemeente elk kwartaal.",
    "Twee vaste coördinatoren, zodat het werk doorgaat als er een uitvalt.",
    "Ze volgen de beeldkwaliteit van de gemeente en leggen het werk vast met foto's.",
]
#: Euros a challenge is estimated to cost a year.
CHALLENGE_COSTS = [1500, 2400, 3800, 5200, 7500, 9800, 12500, 18000, 24500]
#: The college's grounds, by decision (the inadmissible one takes the verordening's reason).
CHALLENGE_GROUNDS = {
    "granted": [
        "Het plan is goed onderbouwd, heeft draagvlak in de buurt en kost niet meer dan nu.",
        "De uitdagers laten zien dat zij de taak minstens even goed en dichter bij de buurt uitvoeren.",
    ],
    "partly": [
        "Het onderhoud kan over; de aansprakelijkheid voor de bomen blijft bij de gemeente.",
        "Toegekend voor een proefjaar en een deel van het gebied; daarna besluit het college opnieuw.",
    ],
    "refused": [
        "De continuïteit is niet gewaarborgd: het plan steunt op te weinig vrijwilligers.",
        "De taak is per 1 januari voor vier jaar aanbesteed; overdracht zou de gemeente schadeclaims kosten.",
        "Het draagvlak in de buurt is onvoldoende aangetoond.",
    ],
}
#: The evaluation at the end of an agreement, by the case's result.
CHALLENGE_EVALUATIONS = {
    "realised": [
        "De bewoners hebben de taak goed uitgevoerd; de buurt is tevreden en het budget was toereikend.",
        "Minder klachten dan toen de gemeente het deed; de overeenkomst wordt verlengd.",
    ],
    "partly_realised": [
        "Het werk ging goed, maar de ploeg werd kleiner; afgesproken is werving via het buurthuis.",
        "Wisselend: het eerste halfjaar goed, daarna liep het terug. De gemeente neemt een deel terug.",
    ],
    "stopped_by_initiators": [
        "Na een goed begin vielen te veel vrijwilligers af; de gemeente heeft de taak teruggenomen.",
        "De uitdagers zijn gestopt omdat het budget niet genoeg bleek; de taak ligt weer bij de gemeente.",
    ],
    "not_supported": ["De afspraken werden niet nagekomen; de gemeente heeft de overeenkomst beëindigd."],
    "handed_over": [
        "De taak is overgedragen aan de nieuwe buurtstichting, die haar voortzet met hetzelfde budget.",
        "Goed uitgevoerd; de woningcorporatie neemt het beheer nu over samen met de bewoners.",
    ],
}

#: Title patterns: most titles are just the idea and the place.
TITLES = [
    ("{Title} {loc}", 6),
    ("Plan voor {idea} {loc}", 2),
    ("Verzoek om {idea} {loc}", 1),
    ("Initiatief: {idea} {loc}", 1),
]

#: (who, singular verb) opening a description.
GROUPS = [
    ("Een groep bewoners", "wil"),
    ("Drie buren", "willen"),
    ("Een bewoner", "wil"),
    ("Ouders van de basisschool", "willen"),
    ("De bewonersvereniging", "wil"),
    ("Een paar oudere bewoners", "willen"),
    ("Jongeren", "willen"),
    ("Twee buurvrouwen", "willen"),
]

EXTRAS = [
    "",
    "",
    "Er is al een appgroep met zo'n twintig buren.",
    "Ze hebben al handtekeningen opgehaald in de straat.",
    "De woningcorporatie staat er positief tegenover.",
    "Niet alle buren zijn enthousiast: er zijn zorgen over overlast.",
    "Het idee is ontstaan tijdens de buurtschouw van dit voorjaar.",
    "Eerder is een vergelijkbaar plan gestrand; de bewoners willen het nu anders aanpakken.",
]

FIRST_NAMES = [
    "Sanne", "Fleur", "Joost", "Henk", "Ans", "Mohamed", "Fatma", "Yusuf", "Emine", "Priya",
    "Kees", "Ria", "Lotte", "Daan", "Anouk", "Wim", "Marjan", "Hatice", "Ahmed", "Thijs",
    "Jan", "Gerda", "Tom", "Ilse", "Youssef", "Karin", "Sevda", "Rik", "Naima", "Bas",
    "Ingrid", "Kevin", "Samira", "Pieter", "Eva", "Mehmet", "Linda", "Jeroen", "Soufiane", "Annemiek",
]  # fmt: skip

LAST_NAMES = [
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Yılmaz", "Bouzid",
    "Kaya", "van der Linden", "Verbeek", "Willems", "van Leeuwen", "Koster", "Prins", "Kuipers",
    "Brouwer", "Maas", "Şahin", "Ramdin", "van Beek", "Aksoy", "El Idrissi", "Schouten", "Martens",
]  # fmt: skip

MAIL_DOMAINS = ["example.com", "example.net", "example.org"]

#: Organisations initiators speak for; {buurt} and {street} are filled in.
ORGANISATIONS = [
    "Bewonersvereniging {buurt}",
    "Buurtcomité {street}",
    "Stichting Groen {buurt}",
    "Huurdersvereniging {buurt}",
    "Speeltuinvereniging De Klimboom",
    "Ouderraad basisschool De Regenboog",
    "Energiecoöperatie {buurt}",
]

PARTNERS = [
    "de welzijnsorganisatie",
    "de woningcorporatie",
    "het buurtteam",
    "de collega's van Sociaal Domein",
    "stichting Buurtkracht",
]

MATERIALS = [
    "twee picknicktafels",
    "plantenbakken en potgrond",
    "afzethekken",
    "een container voor het snoeiafval",
    "gereedschap voor de werkdag",
    "tegels en zand",
]

AMOUNTS = ["250", "500", "750", "1.200", "1.500", "2.500", "4.000"]

#: The first contact on the timeline, by intake channel.
FIRST_CONTACT = {
    "phone": "{first} belde over {idea} {loc}. Idee kort doorgenomen en afgesproken dat ik langskom.",
    "email": "E-mail van {first} met het idee voor {idea} {loc}. Ontvangst bevestigd en om een belafspraak gevraagd.",
    "walk_in": "{first} kwam langs op het wijkspreekuur met het plan voor {idea} {loc}.",
    "meeting": "Tijdens de bewonersavond vertelde {first} over {idea} {loc}. Na afloop gegevens uitgewisseld.",
    "social_media": "Bericht in de buurtgroep op Facebook over {idea} {loc}. {first} gebeld voor een eerste gesprek.",
    "council": "Een raadslid gaf door dat {first} {idea} {loc} wil. {first} gebeld om het idee toe te lichten.",
    "colleague": "Een collega van {dept} stuurde de vraag van {first} door: {idea} {loc}.",
    "other": "Via de buurtcoach gehoord over het idee voor {idea} {loc}; contact opgenomen met {first}.",
}

#: Later activities per practice: (activity kind, note).
NOTES = {
    "intake": [
        ("call", "{first} teruggebeld: het idee is nog pril, eerst zelf meer buren polsen."),
        ("email", "Informatie over het wijkbudget en de spelregels naar {first} gestuurd."),
        ("call", "Kort gebeld met {first} om scherp te krijgen wat de groep van de gemeente vraagt."),
    ],
    "mapping": [
        ("site_visit", "Met {first} ter plekke gekeken {loc}. Er is ruimte, maar er liggen kabels in de grond; navragen bij {dept}."),
        ("site_visit", "Rondje door de buurt met {first}. De plek {loc} is goed zichtbaar en veilig bereikbaar."),
        ("meeting", "Bewonersavond in {building}: {n} buren kwamen op het plan af. Veel vragen over onderhoud en overlast."),
        ("internal_consultation", "Bij {dept} nagevraagd welke regels gelden voor {idea}."),
        ("call", "Buurtcoach gebeld: zij kent de trekkers en denkt dat het plan kans maakt."),
        ("internal_consultation", "Eigendom uitgezocht: de grond {loc} is van de gemeente, het beheer ligt bij {dept}."),
    ],
    "relations": [
        ("meeting", "Koffie gedronken bij {first} thuis met twee andere trekkers. Besproken wat zij doen en wat de gemeente doet."),
        ("meeting", "Kennisgemaakt met de woningcorporatie; zij willen meedenken over {idea}."),
        ("call", "{first} gebeld om bij te praten. De groep wil zelf de kar trekken."),
        ("email", "Verslag van de bewonersavond aan alle deelnemers gestuurd, met de afspraken en wie wat doet."),
        ("site_visit", "Met {first} langs de buren die zorgen hadden. Goed gesprek; de zorgen gaan vooral over parkeren."),
    ],
    "support": [
        ("meeting", "Tweede bewonersavond in {building}: samen een ontwerp gekozen, met een ruime meerderheid."),
        ("meeting", "Bemiddeld tussen de initiatiefnemers en omwonenden over de precieze plek. Compromis: een stukje verderop."),
        ("email", "Handtekeningenlijst ontvangen van {first}: {n} handtekeningen uit de buurt."),
        ("call", "Met {first} het plan uitgewerkt tot een voorstel met begroting en onderhoudsafspraken."),
        ("meeting", "Gesprek met de school en de bewonersvereniging: beide steunen het plan."),
    ],
    "embedding": [
        ("internal_consultation", "Overleg met {dept} over vergunning en onderhoud. Ze willen eerst een onderhoudsplan zien."),
        ("internal_consultation", "Plan ingebracht in het teamoverleg van {dept}; het past in het wijkbudget van volgend jaar."),
        ("email", "Mail aan {dept} met de vraag wie de aanvraag oppakt; nog geen antwoord."),
        ("meeting", "Afspraak met een beleidsadviseur van {dept}: een uitzondering op de regel is bespreekbaar."),
        ("internal_consultation", "Wijkwethouder bijgepraat; zij steunt het initiatief."),
        ("call", "Collega van {dept} gebeld: de aanvraag lag stil door drukte en is nu opgepakt."),
    ],
    "practical_support": [
        ("email", "Bijdrage uit het wijkbudget toegekend: € {amount}. Bevestiging naar {first} gestuurd."),
        ("internal_consultation", "Materiaal geregeld via de gemeentewerf: {material}."),
        ("email", "Vergunning verleend; {dept} zorgt voor de afzetting."),
        ("meeting", "Samen met {first} de aanvraag bij het buurtfonds ingevuld en ingediend."),
        ("site_visit", "Bij de uitvoering geweest: de eerste buren zijn al aan de slag."),
        ("other", "Opening afgesproken op zaterdag; de wijkwethouder komt langs."),
    ],
}  # fmt: skip

#: The last activity before closing, by result: (activity kind, note).
CLOSING_NOTES = {
    "realised": ("meeting", "Evaluatie met {first}: {idea} is er en wordt goed gebruikt. De groep doet zelf het beheer."),
    "partly_realised": ("meeting", "Evaluatie met {first}: een deel van het plan is gelukt, de rest pakt de groep volgend jaar zelf op."),
    "stopped_by_initiators": ("call", "{first} liet weten dat de groep stopt: te weinig mensen om het vol te houden."),
    "not_supported": ("meeting", "Met {first} besproken dat de gemeente het plan niet steunt, en waarom. Teleurstelling, maar begrip."),
    "handed_over": ("email", "Overgedragen aan {partner}; gezamenlijk gesprek met {first} gehad."),
}  # fmt: skip

LESSONS = {
    "realised": [
        "Vroeg een vaste contactpersoon bij {dept} regelen scheelde weken.",
        "De bewoners zelf laten presenteren aan de buurt gaf meer draagvlak dan een brief van de gemeente.",
        "Het wijkbudget was snel en flexibel in te zetten; houd die ruimte vast.",
    ],
    "partly_realised": [
        "De regels van {dept} waren niet op dit soort initiatieven ingericht; eerder om een uitzondering vragen.",
        "Een kleinere eerste stap had sneller resultaat gegeven.",
    ],
    "stopped_by_initiators": [
        "De trekkers haakten af toen de procedure te lang duurde; tussentijds vaker contact houden.",
        "Eén trekker is te weinig; eerder helpen een groep te vormen.",
    ],
    "not_supported": [
        "Eerlijk en vroeg uitleggen waarom iets niet kan, voorkomt teleurstelling later.",
        "{dept} en de buurt hadden een ander beeld van de plek; eerder samen gaan kijken.",
    ],
    "handed_over": [
        "Een warme overdracht met een gezamenlijk gesprek werkte beter dan alleen doorsturen.",
        "Bij de overdracht de afspraken op papier zetten, zodat de bewoners niet opnieuw hoeven te beginnen.",
    ],
}

BACK_REASONS = [
    "Het draagvlak in de straat bleek kleiner dan gedacht; opnieuw in kaart brengen wie meedoet.",
    "De trekker is verhuisd; nieuwe contactpersonen zoeken.",
    "Bezwaar van omwonenden; eerst opnieuw met elkaar in gesprek.",
    "{dept} stelt nieuwe eisen aan het plan; terug naar de bewoners om het aan te passen.",
    "Het beoogde budget valt weg; het plan moet opnieuw worden bekeken.",
]

SKIP_REASONS = [
    "De groep kende de buurt en elkaar al goed; deze stap was niet nodig.",
    "Er lag al een uitgewerkt plan met handtekeningen van de buren.",
    "Spoed: de aanvraag bij het fonds moet voor het einde van de maand binnen zijn.",
]

NEXT_STEPS = {
    "intake": ["Terugbellen en een afspraak ter plekke maken.", "Informatie over het wijkbudget sturen."],
    "mapping": [
        "Bij {dept} navragen wat er mag.",
        "Bewonersavond plannen.",
        "Samen met {first} de plek bekijken.",
    ],
    "relations": [
        "Kennismaking met de woningcorporatie regelen.",
        "Bijpraten met de trekkers over de taakverdeling.",
    ],
    "support": [
        "Ontwerp voorleggen aan de buren.",
        "Uitkomst van de handtekeningenactie bespreken met {first}.",
    ],
    "embedding": ["Antwoord van {dept} nabellen.", "Plan agenderen voor het teamoverleg van {dept}."],
    "practical_support": ["Aanvraag controleren voor indiening.", "Levering van het materiaal afstemmen."],
}

#: The skills (seed codes) an official typically uses in each practice.
SKILLS_BY_PRACTICE = {
    "intake": ("listening", "informing", "thinking_along", "explaining"),
    "mapping": ("listening", "investigating", "organising_meeting", "involving_colleagues", "making_contact"),
    "relations": ("listening", "thinking_along", "making_contact", "connecting", "explaining"),
    "support": ("mediating", "weighing", "persuading", "connecting", "working_out"),
    "embedding": ("involving_colleagues", "connecting", "explaining", "persuading", "working_out"),
    "practical_support": ("material_support", "facilitating", "working_out", "informing"),
}

#: What officials write down about a barrier, per barrier category (seed code): templates for a
#: barrier that arose in a department ({dept} is that department) and for one that did not.
BARRIER_NOTES = {
    "colleagues": {
        "department": [
            "De collega van {dept} ziet het nut van {idea} niet en reageert niet op mails.",
            "Bij {dept} wil niemand het plan oppakken: 'dat is niet ons werk'.",
            "Een beleidsmedewerker van {dept} houdt vast aan de oude afspraken en blokkeert {idea} {loc}.",
            "Collega's van {dept} vinden dat bewoners dit niet zelf moeten doen.",
            "De vakspecialist van {dept} wil alleen meewerken als de gemeente het ontwerp maakt.",
        ],
        "plain": [
            "Een collega wil niet meewerken aan {idea}: 'daar hebben we geen ervaring mee'.",
            "Het team ziet initiatieven van bewoners als extra werk en houdt de boot af.",
        ],
    },
    "silos": {
        "department": [
            "{dept} verwijst voor {idea} door naar een andere afdeling, die weer terugverwijst.",
            "Voor {idea} {loc} zijn drie afdelingen nodig; {dept} doet pas iets als de anderen akkoord zijn.",
            "Niemand bij {dept} voelt zich eigenaar van de vraag; het plan valt tussen twee afdelingen in.",
            "De afspraken van {dept} over het beheer sluiten niet aan op wat in de wijk is toegezegd.",
        ],
        "plain": [
            "Elke afdeling kijkt alleen naar haar eigen stukje van {idea}; niemand overziet het geheel.",
        ],
    },
    "rigid_rules": {
        "department": [
            "Volgens {dept} past {idea} niet in het bestemmingsplan.",
            "{dept} eist een volledige vergunningaanvraag, ook voor een kleine, tijdelijke opzet.",
            "Door de inkoopregels van {dept} mogen de bewoners het werk niet zelf doen.",
            "{dept} vraagt een aansprakelijkheidsverzekering die de groep niet kan betalen.",
        ],
        "plain": [
            "De subsidieregeling kent geen potje voor {idea}; het past in geen enkele categorie.",
            "De regels voor gebruik van gemeentegrond zijn niet gemaakt voor initiatieven van bewoners.",
        ],
    },
    "lack_of_time": {
        "department": [
            "{dept} heeft geen capaciteit: de aanvraag ligt al weken op de stapel.",
            "De contactpersoon bij {dept} is ziek en er is geen vervanging.",
        ],
        "plain": [
            "Te weinig tijd om het initiatief goed te begeleiden naast de andere zaken in de wijk.",
            "Door de drukte rond de begroting blijft {idea} liggen.",
        ],
    },
    "traditional_steering": {
        "department": [
            "Het management van {dept} wil eerst een plan van aanpak zien voordat er iemand tijd aan besteedt.",
        ],
        "plain": [
            "Het plan moet langs drie overleggen voordat er een besluit komt.",
            "Het management wil vooraf precies weten wat {idea} oplevert.",
            "Besluiten worden hoog in de organisatie genomen; de wijkmanager mag niets toezeggen.",
        ],
    },
    "performance_management": {
        "department": [
            "{dept} heeft {idea} niet in het jaarplan staan en kan er dus geen uren op schrijven.",
        ],
        "plain": [
            "Het past niet in de P&C-cyclus: geld kan pas bij de volgende begroting worden aangevraagd.",
            "Er wordt afgerekend op vaste prestatie-indicatoren; tijd voor initiatieven telt niet mee.",
        ],
    },
    "risk_aversion": {
        "department": [
            "{dept} is bang voor claims als er iets misgaat {loc}.",
            "{dept} durft geen uitzondering te maken uit angst voor precedentwerking.",
        ],
        "plain": [
            "Men is bang dat de wethouder erop wordt aangesproken als het mislukt.",
            "Zorgen over veiligheid en aansprakelijkheid houden het besluit tegen.",
        ],
    },
}

#: What was asked for, per help category (seed code); {dept} is the department involved.
HELP_NOTES = {
    "backing": [
        "Rugdekking gevraagd om een uitzondering te maken voor {idea} {loc}.",
        "Gevraagd of het bestuur achter het plan gaat staan, zodat {dept} meewerkt.",
        "Steun van de wijkwethouder gevraagd om het plan los te trekken.",
        "Het management gevraagd de wijkmanager ruimte te geven om toezeggingen te doen.",
    ],
    "budget": [
        "€ {amount} uit het wijkbudget gevraagd voor {idea}.",
        "Breed inzetbaar geld gevraagd: € {amount} buiten de vaste potjes om.",
        "Budget gevraagd voor {material}.",
    ],
    "room": [
        "Gevraagd om zelf te mogen beslissen over kleine uitgaven voor {idea}.",
        "Extra uren gevraagd om het initiatief de komende maanden te begeleiden.",
        "Ruimte gevraagd om af te wijken van de standaardprocedure van {dept}.",
    ],
    "shared_vision": [
        "Voorgesteld om in het MT de visie op bewonersinitiatieven te bespreken aan de hand van dit plan.",
        "Gevraagd om een gezamenlijke lijn van de afdelingen over initiatieven als {idea}.",
    ],
    "clear_structure": [
        "Gevraagd om één vast aanspreekpunt bij {dept} voor initiatieven.",
        "Voorgesteld om een integraal overleg te beleggen met alle betrokken afdelingen.",
    ],
    "colleague_takes_along": [
        "Een ervaren collega van {dept} neemt de anderen mee naar de plek {loc}.",
        "Een collega die eerder zo'n initiatief begeleidde, neemt het team van {dept} op sleeptouw.",
        "Samen met een collega van {dept} bij de bewoners langsgegaan om het plan te laten zien.",
    ],
    "reflection": [
        "Intervisie aangevraagd om met collega's te bespreken waarom het plan vastloopt.",
        "Gevraagd om een evaluatie met {dept} na de eerste fase.",
        "Het initiatief ingebracht in de leerkring van wijkmanagers.",
    ],
}

#: Who decides on a help, by provider (initiatives.barriers.lifecycle.Provider): `decided_by`.
DECIDERS = {
    "department": ["afdelingshoofd {dept}", "teamleider {dept}", "manager {dept}"],
    "alderman": ["wethouder De Boer", "wethouder Yılmaz", "wijkwethouder Van Dijk", "wethouder Bakker"],
    "management": [
        "gemeentesecretaris",
        "directeur Fysiek Domein",
        "directeur Sociaal Domein",
        "concernmanagement",
        "teammanager Wijkgericht Werken",
    ],
    "other": ["stichting Buurtkracht", "de woningcorporatie", "de stuurgroep wijkaanpak", "het buurtfonds"],
}

#: The initiators' comment with their satisfaction answer, by how satisfied they were (1 to 5);
#: most answer without one.
SATISFACTION_COMMENTS = {
    1: ["We hoorden maanden niets en moesten steeds zelf bellen."],
    2: ["Het duurde lang voordat we wisten bij wie we moesten zijn.", "Goed bedoeld, maar te veel regels."],
    3: ["Soms snel, soms lang wachten.", "Het contact was prettig, de uitkomst viel tegen."],
    4: ["Fijn dat we één vast aanspreekpunt hadden.", "Goed geholpen, al ging niet alles zoals we wilden."],
    5: ["Heel fijne samenwerking, dank aan de wijkmanager!", "Snel geregeld en goed meegedacht."],
}
