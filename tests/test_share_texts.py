"""The share kit's text core: counting, sentences, hashtags and the per-network texts."""

from __future__ import annotations

import tokenize
from datetime import date, timedelta

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from share_kit.cards import CARDS
from share_kit.counting import (
    bluesky_length,
    graphemes,
    mastodon_length,
    nfc,
    threads_length,
    utf16_length,
    x_weighted_length,
)
from share_kit.hashtags import hashtag, hashtags_for
from share_kit.sentences import split_sentences, summarise
from share_kit.texts import (
    LINK_DROPPED,
    NAMES_AFTER_FOLD,
    NAMES_MISSING,
    NETWORKS,
    NO_IMAGE,
    NO_PEOPLE,
    OVERRIDE_SHORTENED,
    Options,
    Person,
    PostFacts,
    build_all,
    rules_for,
    share_text,
)
from share_kit import networks

URL = "https://ledarblogg.se/2026/03/besok-hemtjansten-norra/"
FAMILY = "👨\u200d👩\u200d👧\u200d👦"
VISIT_DAY = date(2026, 3, 10)
MARIA = Person("Maria Svensson", "undersköterska")
ALI = Person("Ali Hassan", "enhetschef")


def visit(**changes) -> PostFacts:
    facts = dict(
        title="Besök hos hemtjänsten Norra",
        url=URL,
        summary="Hemtjänsten har gjort om sina scheman. Nu hinner de mer av det som betyder något.",
        paragraphs=("Jag följde ett arbetslag en förmiddag. De berättade bl.a. om de nya turerna.",),
        hook="Kaffet var slut kl. 7.",
        people=(MARIA, ALI),
        place="Hemtjänsten Norra",
        tags=("äldreomsorg", "psykisk hälsa", "medarbetare"),
        has_image=True,
        image_alt="Två personer i arbetskläder framför en bil.",
        date=VISIT_DAY,  # shared on its own day unless a test says otherwise
    )
    return PostFacts(**{**facts, **changes})


def texts(facts: PostFacts, options: Options = Options()) -> dict:
    return {text.network: text for text in build_all(facts, options)}


# --- Counting -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, weight",
    [
        ("å", 1),
        ("Räksmörgås", 10),
        ("a\u0308", 1),  # NFC first: a + combining diaeresis is one ä
        ("👍", 2),
        ("👍🏽", 2),  # skin tone: one sequence
        (FAMILY, 2),  # ZWJ sequence: one emoji
        ("🇸🇪", 2),  # flag
        ("1️⃣", 2),  # keycap
        ("日本", 4),  # CJK weighs 2
        ("–”", 2),  # general punctuation 8208–8223 weighs 1
        ("…", 2),  # but the ellipsis (8230) is outside the light ranges
        (URL, 23),
        ("https://example.se/" + "a" * 200, 23),
        (f"Läs mer: {URL}.", 9 + 23 + 1),  # the full stop is not part of the URL
        ("Hej 👋 " + URL, 4 + 2 + 1 + 23),
    ],
)
def test_x_weights(text, weight):
    assert x_weighted_length(text) == weight


def test_x_counts_bare_domains_at_least_as_a_link():
    assert x_weighted_length("ekbacka.se") == 23
    assert x_weighted_length("t.ex. så") == 8  # an abbreviation is no domain


def test_mastodon_counts_urls_as_23_and_other_text_in_graphemes():
    assert mastodon_length(URL) == 23
    assert mastodon_length("http://a.se/" + "x" * 300) == 23
    assert mastodon_length(f"Hej {FAMILY} {URL}") == 4 + 1 + 1 + 23
    assert mastodon_length("Räksmörgås") == 10


def test_graphemes_and_bluesky_length():
    assert graphemes(FAMILY) == 1
    assert graphemes("🇸🇪a\u0308") == 2
    assert bluesky_length("Ärligt talat 🇸🇪") == 14
    assert bluesky_length(URL) == len(URL)  # Bluesky counts the link in full
    # 3,000 UTF-8 bytes are the other limit: 300 family emoji (25 bytes each) count as 750.
    assert bluesky_length(FAMILY * 300) == 750


def test_utf16_length_counts_emoji_as_two():
    assert utf16_length("å👍") == 3


# --- Sentences ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, length",
    [
        ("å", 1),  # a Swedish letter is one character, not its two UTF-8 bytes
        ("Räksmörgås", 10),
        ("a\u0308", 1),  # NFC first: a + combining diaeresis is one ä
        ("👍", 4),  # an emoji: its UTF-8 bytes
        ("👍🏽", 8),  # skin tone: the whole sequence's bytes
        (FAMILY, 25),  # four people and three joiners
        ("🇸🇪", 8),  # flag
        ("1️⃣", 7),  # keycap: 1, U+FE0F, U+20E3
        ("❤️", 6),  # heart and U+FE0F
        ("©", 2),  # a pictograph Threads may count as 1: counted as an emoji, never less
        ("𝐀", 2),  # a letter outside the BMP, no emoji: its two UTF-16 units
        ("日本", 2),
        (URL, len(URL)),  # links in full: Threads shortens none
        ("Hej 👋 " + URL, 4 + 4 + 1 + len(URL)),
    ],
)
def test_threads_counts_emoji_in_utf8_bytes_and_other_characters_in_utf16_units(text, length):
    assert threads_length(text) == length
    assert threads_length(text) >= max(graphemes(text), len(nfc(text)), utf16_length(text))  # the strictest


def test_facebook_counts_utf16_units():
    facebook = networks.NETWORKS["facebook"]
    assert facebook.counter is utf16_length and facebook.limit == 63206
    counted = [utf16_length(t) for t in ("Räksmörgås", "👍", "👍🏽", FAMILY, "🇸🇪", URL)]
    assert counted == [10, 2, 4, 11, 4, len(URL)]


def _padded(network: str, tail: str, extra: int = 0) -> str:
    """A text of Swedish words, padded with ä, then tail, exactly at the network's limit (+ extra)."""
    rules = networks.NETWORKS[network]
    words = "Vi åt räksmörgås på Lindgården och pratade om schemat. " * (rules.limit // 60)
    body = words[: rules.limit - rules.counter(tail) - 60].rstrip() + " "
    while rules.counter(body + tail) < rules.limit + extra:
        body += "ä"
    text = body + tail
    assert rules.counter(text) == rules.limit + extra
    return text


@pytest.mark.parametrize("network", ["facebook", "threads"])
@pytest.mark.parametrize("tail", [f"\n\n{URL}", f" 👍🏽🇸🇪\n\n{URL}", f" {FAMILY} åäö ÅÄÖ\n\n{URL}"],
                         ids=["url", "emoji", "family-and-swedish"])
def test_a_text_at_the_limit_is_kept_and_one_over_is_shortened(network, tail):
    options = Options(networks=(network,))
    at_limit = _padded(network, tail)
    [kept] = build_all(visit(overrides={network: at_limit}), options)
    assert kept.text == at_limit and kept.length == kept.limit and OVERRIDE_SHORTENED not in kept.warnings
    [shortened] = build_all(visit(overrides={network: _padded(network, tail, extra=1)}), options)
    assert OVERRIDE_SHORTENED in shortened.warnings
    assert shortened.length <= shortened.limit and shortened.text.endswith(URL)
    assert shortened.length == networks.NETWORKS[network].counter(shortened.text)


def test_threads_counts_the_bytes_of_emoji_where_utf16_units_would_let_too_much_through():
    text = "👍" * 100 + "ä" * 100  # 200 UTF-16 units and 200 characters, but 500 on Threads
    assert utf16_length(text) == 300 and threads_length(text) == 500
    [fits] = build_all(visit(overrides={"threads": text}), Options(networks=("threads",)))
    assert fits.text == text
    [cut] = build_all(visit(overrides={"threads": text + "👍"}), Options(networks=("threads",)))
    assert OVERRIDE_SHORTENED in cut.warnings and threads_length(cut.text) <= 500


def test_abbreviations_and_quotes_are_not_split():
    text = "Vi pratade bl.a. om schemat. ”Det går snabbt nu”, sa hon. Sedan t.ex. om bilarna."
    assert split_sentences(text) == [
        "Vi pratade bl.a. om schemat.",
        "”Det går snabbt nu”, sa hon.",
        "Sedan t.ex. om bilarna.",
    ]


@pytest.mark.parametrize(
    "abbreviation",
    ["bl.a.", "t.ex.", "m.m.", "d.v.s.", "dvs.", "osv.", "ca.", "kl.", "s.k.", "p.g.a.", "fr.o.m.", "t.o.m.", "nr.",
     "jfr.", "resp.", "Dr.", "St.", "A."],
)
def test_no_split_after_abbreviation_or_initial(abbreviation):
    assert split_sentences(f"Vi nämnde {abbreviation} Svensson i går. Sedan åt vi.") == [
        f"Vi nämnde {abbreviation} Svensson i går.",
        "Sedan åt vi.",
    ]


def test_numbers_dates_and_ellipses_are_not_split():
    text = "Vi ses kl. 9.30 den 1.2.2026. Räntan är 3.5 procent. Vi väntade… Sedan kom de... Och gick."
    assert split_sentences(text) == [
        "Vi ses kl. 9.30 den 1.2.2026.",
        "Räntan är 3.5 procent.",
        "Vi väntade… Sedan kom de... Och gick.",
    ]


def test_closing_quotes_and_brackets_stay_with_their_sentence():
    text = ("Han sa: ”Vi vet aldrig.” Hon log. »Det är klart.« Vi gick. „Ja!” Sedan åt vi. "
            "(Det var kallt.) Slut.")
    assert split_sentences(text) == [
        "Han sa: ”Vi vet aldrig.”",
        "Hon log.",
        "»Det är klart.«",
        "Vi gick.",
        "„Ja!”",
        "Sedan åt vi.",
        "(Det var kallt.)",
        "Slut.",
    ]
    assert split_sentences('Hon sa "Nej!" och gick. – Ja, sa han.') == ['Hon sa "Nej!" och gick.', "– Ja, sa han."]


def test_summarise_takes_whole_sentences_that_fit():
    paragraphs = ("Vi pratade bl.a. om schemat. Det gick bra.", "Sedan åt vi lunch.")
    assert summarise(paragraphs, 45, len) == "Vi pratade bl.a. om schemat. Det gick bra."
    assert summarise(paragraphs, 1000, len) == "Vi pratade bl.a. om schemat. Det gick bra. Sedan åt vi lunch."


def test_summarise_cuts_at_a_whole_word_only_when_the_first_sentence_is_too_long():
    sentence = "Vi pratade bl.a. om schemat, bilarna och lunchen."
    assert summarise((sentence,), 30, len) == "Vi pratade bl.a. om schemat…"
    assert summarise(("Arbetsmiljöverket",), 5, len) == ""


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(st.sampled_from(["Vi", "pratade", "bl.a.", "om", "schemat.", "Hon", "log,", "”Ja”", "kl.", "9.30",
                                 "Åsa", "👍", "osv.", "Sedan"]), min_size=1, max_size=40),
       st.integers(min_value=0, max_value=120))
def test_summarise_never_exceeds_and_never_cuts_a_word(words, limit):
    text = " ".join(words)
    summary = summarise((text,), limit, graphemes)
    assert graphemes(summary) <= limit
    kept = summary.removesuffix("…").split()
    assert kept == words[: len(kept)] or kept[:-1] == words[: len(kept) - 1]  # a trailing comma may go


# --- Hashtags -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag, expected",
    [
        ("psykisk hälsa", "#PsykiskHälsa"),
        ("äldreomsorg", "#äldreomsorg"),
        ("Ekbacka", "#Ekbacka"),
        ("e-tjänster", "#etjänster"),
        ("hälsa & vård!", "#HälsaVård"),
        ("#Öppenhet", "#Öppenhet"),
        ("budget 2027", "#Budget2027"),
        ("2027", None),
        ("!!!", None),
        ("", None),
    ],
)
def test_hashtag(tag, expected):
    assert hashtag(tag) == expected


def test_hashtags_for_puts_explicit_first_removes_duplicates_and_caps():
    tags = ("äldreomsorg", "psykisk hälsa", "Äldreomsorg", "2026", "medarbetare")
    explicit = ("#PsykiskHälsa", "Ekbacka")
    assert hashtags_for(tags, explicit) == ("#PsykiskHälsa", "#Ekbacka", "#äldreomsorg", "#medarbetare")
    assert hashtags_for(tags, (), 2) == ("#äldreomsorg", "#PsykiskHälsa")
    assert hashtags_for(tags, (), 0) == ()


def test_hashtag_caps_per_network():
    many = tuple(f"ämne{n}" for n in range(12))
    caps = {"linkedin": 5, "instagram": 5, "x": 2, "mastodon": 5, "bluesky": 3, "facebook": 2, "threads": 1}
    for network, text in texts(visit(tags=many)).items():
        assert sum(word.startswith("#") for word in text.text.split()) == caps[network]


# --- Texts --------------------------------------------------------------------------------------


def test_one_record_per_network_and_build_all_follows_the_options():
    assert NETWORKS == tuple(networks.NETWORKS) == (
        "linkedin", "instagram", "x", "mastodon", "bluesky", "facebook", "threads")
    assert [t.network for t in build_all(visit(), Options(networks=("x", "linkedin")))] == ["x", "linkedin"]
    shared = share_text(visit(), rules_for("mastodon", Options(limits={"mastodon": 1000})), Options())
    assert shared.label == "Mastodon" and shared.limit == 1000
    assert [n.text_field for n in networks.NETWORKS.values()] == [
        "Linkedin_text", "Instagram_text", "X_text", "Mastodon_text", "Bluesky_text", "Facebook_text", "Threads_text"]
    assert networks.NETWORKS["bluesky"].date_field == "Share_date_bluesky"
    assert {n.name: n.card for n in networks.NETWORKS.values() if n.card != "link"} == {"instagram": "picture"}
    assert all(n.card in CARDS for n in networks.NETWORKS.values()), "every record names a card the kit draws"


def test_fold_holds_the_hook_and_every_name():
    built = texts(visit())
    for network in ("linkedin", "instagram"):
        shown = built[network].before_fold
        assert shown == built[network].text[: len(shown)]
        assert "Kaffet var slut kl. 7." in shown
        assert "Maria Svensson (undersköterska)" in shown and "Ali Hassan (enhetschef)" in shown
        assert built[network].warnings == ()
    assert built["linkedin"].text.startswith(
        "Kaffet var slut kl. 7. I dag träffade jag Maria Svensson (undersköterska) och Ali Hassan (enhetschef) "
        "på Hemtjänsten Norra."
    )


def test_the_hook_stays_first_and_the_people_sentence_is_shortened_to_stand_before_the_fold():
    long_hook = "En lång inledning som tar en stor del av utrymmet före vikningen."
    built = texts(visit(hook=long_hook))
    for network in ("linkedin", "instagram"):
        text = built[network]
        assert text.text.startswith(long_hook) and text.warnings == ()
        # Without the place, then without the roles, until the names stand before the fold.
        assert "Maria Svensson" in text.before_fold and "Ali Hassan" in text.before_fold
    assert built["linkedin"].text.startswith(  # a fold of 140
        f"{long_hook} I dag träffade jag Maria Svensson och Ali Hassan på Hemtjänsten Norra.")
    assert built["instagram"].text.startswith(f"{long_hook} I dag träffade jag Maria Svensson och Ali Hassan.\n")
    medium = "Kaffet var slut kl. 7 när vi kom till hemtjänsten."
    assert texts(visit(hook=medium))["linkedin"].text.startswith(
        f"{medium} I dag träffade jag Maria Svensson (undersköterska) och Ali Hassan (enhetschef).")
    # Networks without a fold keep the whole sentence.
    assert "(undersköterska) och Ali Hassan (enhetschef) på Hemtjänsten Norra." in built["mastodon"].text


def test_a_hook_too_long_for_the_fold_stays_first_and_is_warned_about():
    hook = "Det här är en så lång inledning att den ensam tar mer plats än det som syns före vikningen, " \
           "och då får inga namn plats där."
    built = texts(visit(hook=hook))
    assert built["linkedin"].text.startswith(hook)
    assert NAMES_AFTER_FOLD in built["linkedin"].warnings and "Hook" in NAMES_AFTER_FOLD
    crowd = tuple(Person(f"Person {n} Efternamn", "medarbetare") for n in range(6))
    built = texts(visit(people=crowd))
    assert NAMES_AFTER_FOLD in built["linkedin"].warnings
    assert NAMES_AFTER_FOLD not in built["mastodon"].warnings  # no fold there


def test_without_a_hook_the_first_sentence_comes_first_on_every_network():
    built = texts(visit(hook=""))
    for network, text in built.items():
        assert text.text.startswith("Hemtjänsten har gjort om sina scheman."), network
        assert "I dag träffade jag Maria Svensson" in text.text
    assert built["linkedin"].text.count("Hemtjänsten har gjort om sina scheman.") == 1


@pytest.mark.parametrize("shared, made_on, sv, en", [
    (VISIT_DAY, None, "I dag träffade jag", "Today I met"),
    (VISIT_DAY, VISIT_DAY, "I dag träffade jag", "Today I met"),
    (VISIT_DAY + timedelta(days=1), VISIT_DAY, "I går träffade jag", "Yesterday I met"),
    (VISIT_DAY + timedelta(days=3), VISIT_DAY, "Jag träffade", "I met"),
    (VISIT_DAY, VISIT_DAY + timedelta(days=300), "Jag träffade", "I met"),  # last year's post, shared now
    (VISIT_DAY + timedelta(days=1), VISIT_DAY + timedelta(days=2), "Jag träffade", "I met"),
], ids=["on-the-day", "made-that-day", "next-day", "days-later", "dated-in-the-past", "share-day-passed"])
def test_the_visit_is_told_in_the_tense_of_the_day_it_is_shared(shared, made_on, sv, en):
    for lang, words in (("sv", sv), ("en", en)):
        facts = visit(lang=lang, share_dates={"linkedin": shared, "x": shared}, made_on=made_on)
        for text in build_all(facts, Options(networks=("linkedin", "x"))):
            assert f"Kaffet var slut kl. 7. {words} Maria Svensson" in text.text, (lang, text.network)
            if words.startswith("I dag") or words.startswith("Today"):
                continue
            assert "I dag" not in text.text and "Today" not in text.text


def test_the_tense_follows_each_networks_own_share_day_and_names_no_day_when_the_date_is_unknown():
    built = texts(visit(share_dates={"x": VISIT_DAY + timedelta(days=1), "bluesky": VISIT_DAY + timedelta(days=5)}))
    assert "I dag träffade jag" in built["linkedin"].text
    assert "I går träffade jag" in built["x"].text and "Jag träffade" in built["bluesky"].text
    assert "Jag träffade Maria" in texts(visit(date=None))["linkedin"].text
    assert "Jag besökte Hemtjänsten Norra." in texts(visit(date=None, people=()))["linkedin"].text
    assert "I dag besökte jag Hemtjänsten Norra." in texts(visit(people=()))["linkedin"].text
    assert "I visited The library." in texts(visit(date=None, people=(), lang="en", place="The library"))[
        "linkedin"].text


def test_three_names_are_joined_the_swedish_way_and_the_english_way():
    people = (MARIA, ALI, Person("Eva Lind"))
    assert "Maria Svensson (undersköterska), Ali Hassan (enhetschef) och Eva Lind på" in texts(visit(people=people))[
        "linkedin"].text
    english = texts(visit(lang="en", people=people, place="North home care"))["linkedin"].text
    assert "Today I met Maria Svensson (undersköterska), Ali Hassan (enhetschef) and Eva Lind at North home care." \
        in english


def test_english_posts_get_english_glue_and_swedish_warnings():
    built = texts(visit(lang="en", people=(), place="The main library", has_image=False))
    assert "Today I visited The main library." in built["linkedin"].text
    assert built["instagram"].text.endswith("Link in bio.")
    assert NO_IMAGE.format(label="Instagram") in built["instagram"].warnings


def test_instagram_has_no_url_says_link_in_bio_and_wants_an_image():
    built = texts(visit(has_image=False), Options(tracking={"utm_source": "{network}"}))
    instagram = built["instagram"]
    assert "http" not in instagram.text and instagram.text.endswith("\n\nLänk i bio.")
    assert instagram.warnings[0] == NO_IMAGE.format(label="Instagram")
    assert all(not w.endswith("kräver en bild") for w in texts(visit())["instagram"].warnings)
    for network in ("linkedin", "x", "mastodon", "bluesky"):
        assert built[network].text.splitlines()[-1].startswith(URL)  # the URL on its own last line


def test_facebook_and_threads_texts_follow_the_same_rules_as_the_others():
    built = texts(visit(share_dates={"facebook": VISIT_DAY, "threads": VISIT_DAY + timedelta(days=1)},
                        made_on=VISIT_DAY))
    facebook, threads = built["facebook"], built["threads"]
    assert facebook.text.startswith(  # the hook, then the people, before Facebook's "Visa mer"
        "Kaffet var slut kl. 7. I dag träffade jag Maria Svensson (undersköterska) och Ali Hassan (enhetschef)")
    assert facebook.fold == 125 and "Ali Hassan (enhetschef)" in facebook.before_fold and facebook.warnings == ()
    assert threads.text.startswith("Kaffet var slut kl. 7. I går träffade jag Maria Svensson")  # shared the next day
    assert threads.fold is None and threads.warnings == ()
    for text in (facebook, threads):
        assert text.text.splitlines()[-1] == URL and "Hemtjänsten har gjort om sina scheman." in text.text
    assert [w for w in facebook.text.split() if w.startswith("#")] == ["#äldreomsorg", "#PsykiskHälsa"]
    assert [w for w in threads.text.split() if w.startswith("#")] == ["#äldreomsorg"]  # one topic tag
    assert (facebook.label, threads.label, facebook.limit, threads.limit) == ("Facebook", "Threads", 63206, 500)


def test_visit_without_people_is_warned_about():
    assert all(NO_PEOPLE in t.warnings for t in build_all(visit(people=())))
    assert all(NO_PEOPLE not in t.warnings for t in build_all(visit(people=(), place="", has_image=True)))
    assert all(NO_PEOPLE not in t.warnings for t in build_all(visit(people=(), has_image=False)))


def test_short_networks_say_hook_names_hashtags_and_link():
    built = texts(visit())
    assert built["x"].text == (
        "Kaffet var slut kl. 7. I dag träffade jag Maria Svensson (undersköterska) och Ali Hassan (enhetschef) på "
        f"Hemtjänsten Norra.\n\n#äldreomsorg #PsykiskHälsa\n\n{URL}"
    )
    assert "Hemtjänsten har gjort om" not in built["bluesky"].text
    assert "Hemtjänsten har gjort om sina scheman." in built["linkedin"].text  # the Summary
    note = texts(visit(hook="", summary=""))  # a note: the body stands in for the hook
    assert "Jag följde ett arbetslag en förmiddag." in note["x"].text


def test_body_comes_from_the_summary_else_the_first_sentences_and_never_repeats_the_hook():
    assert "Jag följde" not in texts(visit())["linkedin"].text
    body = texts(visit(summary="", hook="Jag följde ett arbetslag en förmiddag."))["linkedin"].text
    assert body.count("Jag följde ett arbetslag en förmiddag.") == 1
    assert "De berättade bl.a. om de nya turerna." in body
    assert "Besök hos hemtjänsten Norra" in texts(visit(summary="", paragraphs=(), hook=""))["mastodon"].text


def test_overrides_win_but_are_counted_and_shortened_safely():
    own = f"Skrivet för hand 👋\n\n{URL}"
    built = texts(visit(overrides={"mastodon": own}))
    assert built["mastodon"].text == own and built["mastodon"].warnings == (NAMES_MISSING,)
    assert "Skrivet för hand" not in built["linkedin"].text
    long = " ".join(f"Mening nummer {n} handlar om schemat." for n in range(40))
    x = texts(visit(overrides={"x": f"{long}\n\n#Ekbacka #äldreomsorg\n\n{URL}"}))["x"]
    assert x.length <= 280 and OVERRIDE_SHORTENED in x.warnings
    assert x.text.startswith("Mening nummer 0 handlar om schemat.") and x.text.endswith(URL)
    assert "Mening nummer 39" not in x.text


def test_tracking_only_when_set_and_added_to_an_existing_query():
    assert all("utm_" not in t.text for t in build_all(visit()))
    options = Options(tracking={"utm_source": "{network}", "utm_medium": "social"})
    built = texts(visit(), options)
    assert built["x"].text.endswith(f"{URL}?utm_source=x&utm_medium=social")
    with_query = texts(visit(url="https://ledarblogg.se/sok/?q=skola&sida=2#svar"), options)["mastodon"].text
    assert with_query.endswith(
        "https://ledarblogg.se/sok/?q=skola&sida=2&utm_source=mastodon&utm_medium=social#svar"
    )
    kept = texts(visit(url="https://ledarblogg.se/a/?utm_source=nyhetsbrev"), options)["linkedin"].text
    assert kept.endswith("https://ledarblogg.se/a/?utm_source=nyhetsbrev&utm_medium=social")


def test_shortening_drops_body_then_hashtags_then_hook_but_keeps_names_and_link():
    long_summary = " ".join(f"Mening {n} om schemat." for n in range(30))
    built = texts(visit(summary=long_summary), Options(limits={"linkedin": 260}))
    linkedin = built["linkedin"]
    assert linkedin.length <= 260 and linkedin.text.endswith(URL)
    assert "Mening 0 om schemat." in linkedin.text and "Mening 29" not in linkedin.text
    assert "#äldreomsorg #PsykiskHälsa #medarbetare" in linkedin.text  # hashtags kept while body sentences could go
    roomy = texts(visit(), Options(limits={"mastodon": 170}))["mastodon"]
    assert roomy.text.startswith("Kaffet") and "#äldreomsorg\n\n" in roomy.text  # one hashtag left
    tight = texts(visit(), Options(limits={"mastodon": 140}))["mastodon"]
    assert tight.length <= 140 and tight.text.endswith(URL)
    assert "Maria Svensson (undersköterska)" in tight.text and "Ali Hassan (enhetschef)" in tight.text
    assert "#" not in tight.text and "Kaffet" not in tight.text


def test_many_names_on_x_become_a_shorter_list_with_a_warning():
    crowd = tuple(Person(f"Förnamn{n} Efternamnsson", "undersköterska i hemtjänsten") for n in range(10))
    x = texts(visit(people=crowd))["x"]
    assert x.length <= 280 and x.text.endswith(URL)
    assert "Förnamn0 Efternamnsson (undersköterska i hemtjänsten)" in x.text and "med flera" in x.text
    assert NAMES_MISSING in x.warnings


def test_an_absurdly_long_url_is_dropped_only_when_nothing_else_helps():
    url = "https://ledarblogg.se/" + "a" * 400
    bluesky = texts(visit(url=url))["bluesky"]
    assert bluesky.length <= 300 and LINK_DROPPED in bluesky.warnings
    assert texts(visit(url=url))["x"].text.endswith(url)  # X counts it as 23


def test_options_merge_defaults_and_refuse_unknown_networks():
    options = Options(limits={"mastodon": 1000})
    assert options.limits["mastodon"] == 1000 and options.limits["x"] == 280
    assert options.folds["linkedin"] == 140 and options.max_hashtags["instagram"] == 5
    with pytest.raises(ValueError, match="myspace"):
        Options(networks=("linkedin", "myspace"))
    with pytest.raises(ValueError, match="tiktok"):
        Options(limits={"tiktok": 100})
    with pytest.raises(ValueError, match="absolute"):
        visit(url="/2026/03/besok/")


# --- Limits hold whatever comes in ------------------------------------------------------------

words = st.text(alphabet="abcåäöÅÄÖxyz 日👍🏽🇸🇪.,!?”()#-", max_size=60) | st.sampled_from(
    [FAMILY * 5, "bl.a. t.ex. kl. 9.30", "https://ekbacka.se/" + "x" * 80, "ekbacka.se/jobb", ""]
)
people = st.lists(st.builds(Person, words, words), max_size=12).map(tuple)


@settings(max_examples=120, deadline=None, database=None)
@given(
    hook=words,
    summary=st.lists(words, max_size=8).map(" ".join),
    paragraphs=st.lists(words, max_size=5).map(tuple),
    people=people,
    place=words,
    tags=st.lists(words, max_size=15).map(tuple),
    url_tail=st.text(alphabet="abc/-_?=&", max_size=400),
    lang=st.sampled_from(["sv", "en"]),
    scale=st.sampled_from([1, 3]),
    override=st.none() | words,
)
def test_no_text_ever_exceeds_its_limit(
    hook, summary, paragraphs, people, place, tags, url_tail, lang, scale, override
):
    facts = PostFacts(title="Titel", url=f"https://ledarblogg.se/{url_tail}", lang=lang, summary=summary * scale,
                      paragraphs=paragraphs, hook=hook * scale, people=people, place=place, tags=tags,
                      overrides={"x": override * 20} if override else {}, has_image=True)
    small = Options(limits={"linkedin": 200, "instagram": 150, "mastodon": 120}, tracking={"utm_source": "{network}"})
    for options in (Options(), small):
        for text in build_all(facts, options):
            assert text.length == rules_for(text.network, options).counter(text.text)
            assert text.length <= text.limit, (text.network, text.text)
            assert text.text.startswith(text.before_fold)


def _code(path) -> str:
    """The file without its comments (a comment may give an example, e.g. {"mastodon": 1000})."""
    if path.suffix != ".py":
        return path.read_text(encoding="utf-8")
    with path.open("rb") as source:
        return " ".join(t.string for t in tokenize.tokenize(source.readline) if t.type != tokenize.COMMENT)


def test_network_names_are_written_only_in_their_records():
    """Every table, default, card, help text and kit page is derived from share_kit/networks.py
    (pelicanconf.py is the owner's; counting.py has a counter per rule, which the records name)."""
    from tests.sitebuild import ROOT

    kit_files = [*sorted((ROOT / "plugins" / "share_kit").glob("*.py")), ROOT / "tasks.py",
                 *sorted((ROOT / "theme" / "templates" / "kit").glob("*.html")), ROOT / "theme/static/js/kit.js"]
    for name in networks.NETWORKS:
        # A name in quotes (a key, a file: "instagram.jpg") or in an identifier (instagram_card, cards.INSTAGRAM).
        named = regex.compile(rf"[\"']{name}[\"'.]|\b{name}_card\b|\.{name.upper()}\b")
        for path in kit_files:
            if path.name not in ("networks.py", "counting.py"):
                assert not named.search(_code(path)), (name, path)
