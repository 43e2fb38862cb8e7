"""The words the anonymiser knows and how it compares them: the labels that replace personal
data, name particles and common words, and text folded to lower case without accents."""

import re
import unicodedata

NAME = "[naam]"
EMAIL = "[e-mailadres]"
PHONE = "[telefoonnummer]"
ADDRESS = "[adres]"

#: Tussenvoegsels and their foreign cousins: part of a name, never redacted on their own.
_PARTICLE_LIST = """
    van de der den het t te ten ter in op onder aan bij uit uijt voor tot over vande vanden vander
    d l la le les du des da das do dos di del della dei von vom zu zum zur am im el al bin bint ibn
    abu ul y e
"""
PARTICLES = frozenset(_PARTICLE_LIST.split())

#: Dutch words that are also (parts of) names. Such a name part is redacted only where it is
#: capitalised, so "meer", "groen" and "15 jan." survive while "Meer", "Groen" and "Jan" do not.
_COMMON_WORD_LIST = """
    bakker visser smit smid mulder molenaar boer kok koster brouwer schipper timmerman schilder
    dekker kuiper wever kramer snijder meester baas dokter pastoor knecht koning prins graaf keizer
    ridder paus bisschop groot klein wit zwart groen rood bruin blauw grijs geel jong oud lang kort
    dik vos bos berg dijk beek veen meer hof brink kamp heuvel hoek hout horst broek brug dam weg
    wal laan straat plein poort toren kerk kerkhof huis molen school boom bloem roos haan kraai
    mees merel vink zwaan wolf leeuw beer das mol valk uil raaf arend kat hond vis haas hert bok
    ram stier koe paard schaap geit water zee land veld akker wei weide gras riet linde eik beuk
    berk wilg steen rots zand klei goud zilver ijzer koper lood winter zomer lente herfst maan zon
    ster sterre hemel licht donker hoop vrede trouw vroom vrij blij goed best snel stil sterk wijs
    vroeg laat nieuw mooi rijk arm held man vrouw kind zoon broer zus oom tante neef nicht vader
    moeder iris jade fleur hazel bas rob ben lot wil max job mark post jan feb maart april mei juni
    juli augustus die dat wat hoe wie als dan maar ook nog wel niet geen een zijn haar hun ons mijn
    heel veel alle alles iets hier daar waar toen met mee door naar tegen per via dag week jaar
    maand uur tijd keer plan idee geld werk buurt wijk park tuin plek groep team raad stad dorp hal
    zaal feest markt winkel bank bus auto fiets deur raam muur dak bed tafel stoel
"""
COMMON_WORDS = frozenset(_COMMON_WORD_LIST.split())

#: Letters that do not decompose into a base letter and an accent, folded by hand.
_SPECIAL_FOLDS = {"ı": "i", "ø": "o", "Ø": "o", "æ": "a", "Æ": "a", "œ": "o", "Œ": "o", "ł": "l", "Ł": "l"}
_SPECIAL_FOLDS |= {"đ": "d", "Đ": "d", "ð": "d", "þ": "t"}


class _FoldTable(dict):
    """str.translate table folding each character to one lower-case, unaccented character.

    One character for one keeps positions in the folded text equal to those in the original.
    """

    def __missing__(self, code):
        char = chr(code)
        folded = _SPECIAL_FOLDS.get(char)
        if folded is None:
            base = unicodedata.normalize("NFD", char)[0].lower()
            folded = base if len(base) == 1 else char
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text):
    """Return `text` in lower case without accents, with every character in its place."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


_COMBINING_MARKS = re.compile(r"[\u0300-\u036f]+")
_SPECIAL_LETTERS = re.compile("[" + "".join(_SPECIAL_FOLDS) + "]")


def _rough_fold(text):
    """Fold `text` fast, not keeping positions: to find out whether a word can occur at all."""
    if text.isascii():
        return text.lower()
    if _SPECIAL_LETTERS.search(text):
        return text.translate(_FOLD_TABLE)
    return _COMBINING_MARKS.sub("", unicodedata.normalize("NFD", text)).lower()


#: Words (letters and digits) in folded text.
_WORD = re.compile(r"[^\W_]+")
