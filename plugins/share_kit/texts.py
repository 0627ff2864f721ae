"""Ready-to-copy share texts for each network: the data and the one set of rules for every network.

Pure: no Pelican, no settings lookups, no network calls. The kit never posts anything itself.
Every text is within its network's limit as that network counts (see counting.py); what does
not fit is given up in a fixed order (see drafts.py), and what needs a person's eye is a warning.

The rules, from the leaders' tips (name the people you meet; keep it short; the fold first):
the hook first (without a Hook, the post's first sentence); then the people named, in a sentence
short enough to stand before "se mer" with the hook; the visit told in the right tense for the day
the text is shared; the body; the hashtags; the link last.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType

from blog.people import Person  # the People field's own type; re-exported for the text builders

from .counting import graphemes, nfc
from .drafts import (
    EARLIER,
    TODAY,
    YESTERDAY,
    Draft,
    as_sentence,
    before_fold,
    fit,
    glue_for,
    parse_text,
    people_sentences,
    tracked_url,
)
from .hashtags import hashtags_for
from .networks import NAMES, Network
from .networks import NETWORKS as NETWORK_RECORDS
from .sentences import leading_sentences, split_sentences

NETWORKS = NAMES  # the networks' names, in order (the records are in networks.py)
DEFAULT_LIMITS = MappingProxyType({n.name: n.limit for n in NETWORK_RECORDS.values()})
DEFAULT_FOLDS = MappingProxyType({n.name: n.fold for n in NETWORK_RECORDS.values()})
DEFAULT_MAX_HASHTAGS = MappingProxyType({n.name: n.max_hashtags for n in NETWORK_RECORDS.values()})
DEFAULT_LINK_IN_BIO = MappingProxyType({"sv": "Länk i bio.", "en": "Link in bio."})

# Warnings are for the staff, so they are Swedish whatever the post's language.
NO_PEOPLE = "Inga personer namngivna"
NO_IMAGE = "{label} kräver en bild"  # a network whose posts are pictures
NAMES_MISSING = "Alla namngivna personer finns inte med i texten"
NAMES_AFTER_FOLD = "Alla namngivna personer syns inte före ”se mer”: korta Hook eller rollerna i People"
OVERRIDE_SHORTENED = "Den egna texten var för lång och har kortats"
LINK_DROPPED = "Länken fick inte plats"


@dataclass(frozen=True)
class PostFacts:
    """What the texts are made from; plain text throughout (the glue strips the HTML)."""

    title: str
    url: str  # absolute
    lang: str = "sv"
    kind: str = "post"  # post or note
    summary: str = ""  # the Summary field; "" when the post has none (not Pelican's cut-off summary)
    paragraphs: tuple[str, ...] = ()  # the body's paragraphs
    hook: str = ""
    people: tuple[Person, ...] = ()
    place: str = ""
    tags: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()  # the explicit Hashtags field, "#" optional
    overrides: Mapping[str, str] = field(default_factory=dict)  # network -> text written by hand
    has_image: bool = False
    image_alt: str = ""
    date: date | None = None  # the post's day (the visit's); None: unknown, the text names no day
    share_dates: Mapping[str, date] = field(default_factory=dict)  # network -> the day its text goes out
    made_on: date | None = None  # the day the texts are made: a share day before it is past

    def __post_init__(self) -> None:
        if not re.match(r"https?://", self.url):
            raise ValueError(f"PostFacts.url must be absolute (http:// or https://), not {self.url!r}")
        if self.kind not in ("post", "note"):
            raise ValueError(f"PostFacts.kind must be 'post' or 'note', not {self.kind!r}")
        unknown = sorted(set(self.overrides) - set(NETWORKS))
        if unknown:
            raise ValueError(f"PostFacts.overrides has unknown networks {unknown}; known: {', '.join(NETWORKS)}")


Rules = Network  # a network's record with the limits, folds and hashtag caps of the settings applied


@dataclass(frozen=True)
class ShareText:
    network: str
    label: str
    text: str
    length: int  # as the network counts it; never above limit
    limit: int
    fold: int | None
    before_fold: str
    warnings: tuple[str, ...]


def _merged(name: str, given: Mapping, defaults: Mapping) -> Mapping:
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise ValueError(f"{name} nämner okända nätverk: {', '.join(unknown)}; kända är {', '.join(NETWORKS)}")
    return MappingProxyType({**defaults, **given})


@dataclass(frozen=True)
class Options:
    """Settings for the texts (SHARE_KIT in the Pelican settings, read by the glue)."""

    networks: tuple[str, ...] = NETWORKS  # which texts to make, in this order
    # Each mapping is merged over its DEFAULT_* table, so it names only what it changes.
    limits: Mapping[str, int] = field(default_factory=dict)  # e.g. {"mastodon": 1000} for a larger server
    folds: Mapping[str, int | None] = field(default_factory=dict)  # characters before "see more"
    max_hashtags: Mapping[str, int | None] = field(default_factory=dict)  # None: no cap
    tracking: Mapping[str, str] = field(default_factory=dict)  # e.g. {"utm_source": "{network}"}; off when empty
    link_in_bio: Mapping[str, str] = field(default_factory=dict)  # per language, where links are not clickable
    excerpt_length: int = 500  # at most this much of the body when a post has no Summary

    def __post_init__(self) -> None:
        networks = tuple(self.networks)
        unknown = sorted(set(networks) - set(NETWORKS))
        if unknown:
            raise ValueError(f"networks nämner okända nätverk: {', '.join(unknown)}; kända är {', '.join(NETWORKS)}")
        object.__setattr__(self, "networks", networks)
        object.__setattr__(self, "limits", _merged("limits", self.limits, DEFAULT_LIMITS))
        object.__setattr__(self, "folds", _merged("folds", self.folds, DEFAULT_FOLDS))
        object.__setattr__(self, "max_hashtags", _merged("max_hashtags", self.max_hashtags, DEFAULT_MAX_HASHTAGS))
        object.__setattr__(self, "link_in_bio", MappingProxyType({**DEFAULT_LINK_IN_BIO, **self.link_in_bio}))
        object.__setattr__(self, "tracking", MappingProxyType(dict(self.tracking)))
        bad = [n for n, v in self.limits.items() if not (isinstance(v, int) and v > 0)]
        bad += [n for n, v in self.folds.items() if v is not None and not (isinstance(v, int) and v > 0)]
        bad += [n for n, v in self.max_hashtags.items() if v is not None and not (isinstance(v, int) and v >= 0)]
        if bad:
            raise ValueError(f"limits, folds och max_hashtags ska vara heltal större än noll; rätta värdet för "
                             f"{', '.join(sorted(set(bad)))}")


def rules_for(network: str, options: Options) -> Rules:
    return replace(NETWORK_RECORDS[network], limit=options.limits[network], fold=options.folds[network],
                   max_hashtags=options.max_hashtags[network])


def _link(facts: PostFacts, rules: Rules, options: Options) -> tuple[str, str]:
    """(link as written, link without tracking): the URL, or the link-in-bio line."""
    if not rules.links_clickable:
        phrase = options.link_in_bio.get(facts.lang.split("-")[0].lower(), options.link_in_bio["sv"])
        return phrase, phrase
    return tracked_url(facts.url, options.tracking, rules.name), facts.url


def _key(sentence: str) -> str:
    return " ".join(nfc(sentence).casefold().split())


def tense(facts: PostFacts, network: str) -> str:
    """The day word the visit sentence may use, from the post's day and the day its text is shared on
    this network (not the day of the build): "I dag" on the post's own day, "I går" the day after,
    none later, and none once that day has passed (whoever copies the text then shares it later)."""
    if facts.date is None:
        return EARLIER
    shared = facts.share_dates.get(network, facts.date)
    if facts.made_on is not None and shared < facts.made_on:
        return EARLIER
    return {0: TODAY, 1: YESTERDAY}.get((shared - facts.date).days, EARLIER)


def _body(facts: PostFacts, rules: Rules, options: Options, hook: tuple[str, ...]) -> tuple[str, ...]:
    """The Summary's sentences, else the first sentences of the body, else the title; minus the hook."""
    if facts.summary.strip():
        sentences = tuple(split_sentences(facts.summary))
    else:
        sentences = leading_sentences(facts.paragraphs, options.excerpt_length, rules.counter) or (facts.title,)
    said = {_key(s) for s in hook}
    return tuple(s for s in sentences if _key(s) not in said)


def _people(facts: PostFacts, rules: Rules, hook: str) -> tuple[str, ...]:
    """The people sentence and its forms with fewer names (for the limit). Where the network folds,
    the first form whose names stand before the fold behind the hook: with roles and place, without
    the place, names only with the place, names only; if none does, the full one (and a warning)."""
    glue, when = glue_for(facts.lang), tense(facts, rules.name)
    with_roles, names = tuple(str(p) for p in facts.people), tuple(p.name for p in facts.people)
    shapes = dict.fromkeys(((with_roles, facts.place), (with_roles, ""), (names, facts.place), (names, "")))
    forms = [people_sentences(people, place, glue, when) for people, place in shapes]
    if rules.fold and facts.people:
        for form in forms:
            if graphemes(f"{hook} {form[0]}".strip()) <= rules.fold:
                return form
    return forms[0]


def _generated(facts: PostFacts, rules: Rules, options: Options) -> tuple[str, tuple[str, ...]]:
    hook = tuple(split_sentences(as_sentence(facts.hook)))
    body = _body(facts, rules, options, hook)
    if not hook:  # without a Hook the post's first sentence stands in; on short networks all of it
        hook, body = (body, ()) if rules.short else (body[:1], body[1:])
    elif rules.short:  # short networks (X, Bluesky) say the hook, the names and the link
        body = ()
    people = _people(facts, rules, " ".join(hook))
    link, plain_link = _link(facts, rules, options)
    draft = Draft(hook, people[0] if people else "", (body,) if body else (),
                  hashtags_for(facts.tags, facts.hashtags, rules.max_hashtags), link)
    done = fit(draft, rules.limit, rules.counter, people[1:], plain_link)
    return done.render(), (LINK_DROPPED,) if link and not done.link else ()


def _overridden(text: str, facts: PostFacts, rules: Rules, options: Options) -> tuple[str, tuple[str, ...]]:
    """The hand-written text as is; if it is too long, shortened like any text, with a warning."""
    text = nfc(text.strip())
    if rules.counter(text) <= rules.limit:
        return text, ()
    draft = parse_text(text, _link(facts, rules, options)[0])
    return fit(draft, rules.limit, rules.counter).render(), (OVERRIDE_SHORTENED,)


# Checks every text gets: (warning, whether it applies given the facts, rules, text and before-fold part).
Check = Callable[[PostFacts, Rules, str, str], bool]
CHECKS: tuple[tuple[str, Check], ...] = (
    # A post with a photo from a place is a visit: the people met should be named.
    (NO_PEOPLE, lambda f, r, text, shown: f.has_image and bool(f.place.strip()) and not f.people),
    (NAMES_MISSING, lambda f, r, text, shown: any(nfc(p.name) not in text for p in f.people)),
    (NAMES_AFTER_FOLD, lambda f, r, text, shown: r.fold is not None
     and all(nfc(p.name) in text for p in f.people) and any(nfc(p.name) not in shown for p in f.people)),
)


def share_text(facts: PostFacts, rules: Rules, options: Options) -> ShareText:
    """The text for one network: the same rules for all, within that network's limits."""
    override = facts.overrides.get(rules.name, "")
    if override.strip():
        text, warnings = _overridden(override, facts, rules, options)
    else:
        text, warnings = _generated(facts, rules, options)
    if rules.needs_image and not facts.has_image:
        warnings = (NO_IMAGE.format(label=rules.label), *warnings)
    shown = before_fold(text, rules.fold)
    warnings += tuple(message for message, applies in CHECKS if applies(facts, rules, text, shown))
    return ShareText(rules.name, rules.label, text, rules.counter(text), rules.limit, rules.fold, shown, warnings)


def build_all(facts: PostFacts, options: Options = Options()) -> list[ShareText]:
    """One text per enabled network, in the order of options.networks."""
    return [share_text(facts, rules_for(network, options), options) for network in options.networks]
