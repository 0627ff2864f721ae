"""A small Swedish vocabulary for generated text: enough variety for realistic sizes, no more.

The text only has to look like the blog to the tools (Markdown, slugs, word counts, Pagefind's
Swedish stemmer, hashtags with å, ä and ö); nobody reads it.
"""

from __future__ import annotations

import random

CATEGORIES = ("Besök", "Ledarskap", "Verksamhet")
GUEST = "Samir Haddad"  # a guest author of the test sites (tests/sites/fixture_site.py)

SUBJECTS = ("Medarbetarna", "Enhetschefen", "Vi", "Förvaltningen", "Kommunen", "Arbetsgruppen",
            "Skolan", "Hemtjänsten", "Ledningsgruppen", "Personalen", "Jag", "Invånarna", "Rektorn")
VERBS = ("planerar", "diskuterar", "förbättrar", "följer upp", "prioriterar", "utvecklar",
         "beskriver", "provar", "ser över", "delar", "förenklar", "mäter", "stärker", "lyfter")
OBJECTS = ("arbetsmiljön", "schemat", "budgeten", "introduktionen", "dokumentationen",
           "samarbetet", "rutinerna", "målen", "kompetensen", "tryggheten", "tillgängligheten",
           "digitaliseringen", "bemötandet", "ekonomin", "uppdraget", "förtroendet", "lokalerna")
ADVERBIALS = ("i år", "varje vecka", "tillsammans med regionen", "före sommaren",
              "på ett nytt sätt", "med små steg", "utan att tappa fart", "i hela kommunen",
              "för invånarnas skull", "i höst", "efter budgetbeslutet", "när det är ont om folk")
ADJECTIVES = ("viktig", "tydlig", "öppen", "långsiktig", "trygg", "enkel", "gemensam",
              "hållbar", "ny", "lärorik", "ärlig", "nödvändig")
PLACES = ("Norra Ekbacka", "Ekskolan", "Solrosens förskola", "Vattenverket", "Kommunhuset",
          "Stadsbiblioteket", "Räddningstjänsten", "Gatu- och parkenheten", "Ekbackabadet",
          "Kundtjänst", "Hemtjänsten Södra", "Ungdomens hus", "Återvinningscentralen",
          "Socialtjänsten", "Kulturskolan", "Måltidsservice")
FIRST_NAMES = ("Maria", "Ali", "Karin", "Johan", "Fatima", "Erik", "Anna", "Mehmet", "Lena",
               "Olof", "Sara", "Jonas", "Aisha", "Per", "Ingrid", "Göran", "Åsa", "Björn")
LAST_NAMES = ("Svensson", "Hassan", "Lind", "Berg", "Yilmaz", "Karlsson", "Nilsson", "Åkesson",
              "Persson", "Öberg", "Johansson", "Ekström", "Lindqvist", "Haddad")
ROLES = ("undersköterska", "enhetschef", "lärare", "förskollärare", "drifttekniker",
         "bibliotekarie", "brandman", "handläggare", "kock", "parkarbetare", "rektor")
TAGS = ("arbetsmiljö", "skola", "äldreomsorg", "budget", "digitalisering", "medarbetare",
        "öppenhet", "planering", "kompetens", "samverkan", "tillgänglighet", "miljö",
        "trygghet", "kultur", "vatten", "förskola", "socialtjänst", "ledarskap", "administration",
        "rekrytering", "fritid", "hållbarhet", "invånare", "service", "psykisk hälsa")
TITLES = ("Besök hos {place}", "Tankar om {obj}", "Så arbetar {place} med {obj}",
          "{Obj} ska vara {adj}", "Vad jag lärde mig om {obj}", "En morgon på {place}",
          "Veckan: {obj} och {obj2}", "Därför prioriterar vi {obj}", "Frågor om {obj} från {place}")
HEADINGS = ("Det som skaver", "Det som fungerar", "Vad händer nu?", "Bakgrund",
            "Det jag tar med mig", "Nästa steg", "Siffrorna")
SEEN = ("två personer vid ett köksbord", "en grupp i gröna arbetskläder", "ett fönster mot en park",
        "en whiteboard full av lappar", "barn som leker på en gård", "en hylla med pärmar",
        "en brandbil i morgonljus", "en kaffekopp på ett mötesbord")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(ADVERBIALS)]
    if rng.random() < 0.4:
        words += ["och", rng.choice(VERBS), rng.choice(OBJECTS)]
    if rng.random() < 0.25:
        words += ["eftersom", rng.choice(OBJECTS), "är", rng.choice(ADJECTIVES)]
    return " ".join(words) + rng.choice("....!?")


def paragraph(rng: random.Random, sentences: tuple[int, int] = (3, 6)) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} ({rng.choice(ROLES)})"


def title(rng: random.Random) -> str:
    obj, obj2 = rng.sample(OBJECTS, 2)
    text = rng.choice(TITLES).format(place=rng.choice(PLACES), obj=obj, obj2=obj2, Obj=obj.capitalize(),
                                     adj=rng.choice(ADJECTIVES))
    return text


def alt_text(rng: random.Random, place: str) -> str:
    return f"Foto: {rng.choice(SEEN)}, {place}."
