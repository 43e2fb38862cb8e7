"""The starting lists from the research (DOMAIN.md); the admin may change them afterwards."""

#: (code, Dutch label, English label)
THEMES = [
    ("green", "Groen", "Green"),
    ("play", "Spelen", "Play"),
    ("safety", "Veiligheid", "Safety"),
    ("care", "Zorg en welzijn", "Care and wellbeing"),
    ("energy", "Energie en duurzaamheid", "Energy and sustainability"),
    ("culture", "Cultuur", "Culture"),
    ("meeting", "Ontmoeting", "Meeting place"),
    ("traffic", "Verkeer", "Traffic"),
    ("right_to_challenge", "Uitdaagrecht", "Right to challenge"),
]

SKILLS = [
    ("listening", "Luisteren", "Listening"),
    ("thinking_along", "Meedenken", "Thinking along"),
    ("explaining", "Uitleggen", "Explaining"),
    ("material_support", "Materieel ondersteunen", "Material support"),
    ("weighing", "Afwegen", "Weighing"),
    ("persuading", "Overtuigen", "Persuading"),
    ("working_out", "Uitwerken", "Working out"),
    ("mediating", "Bemiddelen", "Mediating"),
    ("connecting", "Verbinden", "Connecting"),
    ("facilitating", "Faciliteren", "Facilitating"),
    ("organising_meeting", "Bijeenkomst organiseren", "Organising a meeting"),
    ("involving_colleagues", "Collega's inschakelen", "Involving colleagues"),
    ("making_contact", "Contact leggen", "Making contact"),
    ("investigating", "Uitzoeken", "Investigating"),
    ("informing", "Informeren", "Informing"),
]

BARRIER_CATEGORIES = [
    ("colleagues", "Collega's die niet mee willen of kunnen", "Colleagues who will not or cannot go along"),
    ("silos", "Verkokering, schotten tussen afdelingen", "Silos between departments"),
    ("rigid_rules", "Strikt beleid, wet- en regelgeving", "Rigid policy, rules and legislation"),
    ("lack_of_time", "Tijdgebrek en werkdruk", "Lack of time and workload"),
    (
        "traditional_steering",
        "Traditionele sturing, managementpolitiek",
        "Traditional steering and management politics",
    ),
    (
        "performance_management",
        "Afrekencultuur, P&C-cyclus",
        "Performance management, planning and control cycle",
    ),
    ("risk_aversion", "Risicomijding", "Risk-averse culture"),
]

HELP_CATEGORIES = [
    ("backing", "Rugdekking (bestuurlijk of management)", "Backing from the administration or management"),
    ("budget", "Breed inzetbare middelen", "Flexibly usable budget and means"),
    ("room", "Ruimte: tijd, geld en beslissingsbevoegdheid", "Room: time, money and decision power"),
    ("shared_vision", "Heldere, gedeelde visie op participatie", "A clear, shared vision on participation"),
    ("clear_structure", "Heldere structuur", "Clear structure"),
    ("colleague_takes_along", "Collega's op sleeptouw nemen", "A colleague who takes others along"),
    ("reflection", "Reflectie, evaluatie en leren", "Reflection, evaluation and learning"),
]
