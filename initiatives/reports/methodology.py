"""The methodology note of the council report, in Dutch: the report is a Dutch public document."""

METHODOLOGY_NL = [
    "Bricoleur volgt bewonersinitiatieven vanaf het eerste telefoontje of de eerste e-mail tot een "
    "afgerond resultaat. De werkwijze volgt het onderzoek 'Ambtelijk vakmanschap in de "
    "participatiemaatschappij' (Tilburg University, 2019), dat vijf vitale werkpraktijken beschrijft.",
    "1. Situatie in kaart brengen: luisteren, kijken en uitzoeken; een bijeenkomst organiseren, "
    "collega's inschakelen en contact leggen. 2. Investeren in relaties: vertrouwen opbouwen met "
    "bewoners en andere betrokkenen. 3. Bouwen aan oplossingen met draagvlak: bemiddelen tussen "
    "groepen en samen een oplossing ontwikkelen die gedragen wordt. 4. Aansluiting binnen en buiten: "
    "de buurt verbinden met afdelingen, procedures en begrotingscycli. 5. Praktische ondersteuning: "
    "financiële, materiële of organisatorische hulp om het initiatief mogelijk te maken.",
    "Het onderzoek laat zien dat de grootste drempels vaak binnen de gemeente liggen: bij collega's, "
    "tussen afdelingen, in strikte regels of in tijdgebrek. Ambtenaren leggen daarom per initiatief vast "
    "welke drempels zij tegenkwamen en welke hulp ze oploste, zoals rugdekking, breed inzetbare middelen "
    "of ruimte. Deze rapportage telt die drempels en die hulp voor de gekozen periode en wijken.",
    "Drempels tellen mee in de periode waarin ze ontstonden, hulp in de periode waarin ze werd gevraagd. "
    "De rapportage bevat geen persoonsgegevens: namen, e-mailadressen, telefoonnummers en adressen van "
    "bewoners zijn uit alle teksten verwijderd.",
]
