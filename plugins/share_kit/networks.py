"""One record per share network: everything the kit knows about a network, in one place.

Every other table (the settings' defaults, the metadata fields, the labels, the share images the kit
draws, the calendar's columns, help texts and checks) is derived from NETWORKS, so adding a network
is one record here and its tests (tests/test_share_registry.py adds one to a copy of the project).
The text rules are the same for every network (texts.py); a record only says what differs: limits,
fold, links.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .counting import Counter, bluesky_length, mastodon_length, threads_length, utf16_length, x_weighted_length


@dataclass(frozen=True)
class Network:
    name: str  # the key in SHARE_KIT, kit.json, `invoke share --network` and the metadata fields
    label: str  # as the network writes its own name
    limit: int  # the longest text it takes, as `counter` counts (SHARE_KIT "limits" may change it)
    counter: Counter  # how it counts a text (counting.py); never less than the network does
    fold: int | None  # characters shown before "see more" (unofficial, mobile); None: the whole text shows
    max_hashtags: int | None  # more look like spam there; None: no cap
    links_clickable: bool  # False: the text says "Länk i bio." instead of the URL
    short: bool = False  # the hook, the names and the link only; the body stands in for a missing hook
    needs_image: bool = False  # a post there is a picture; warn when the post has none
    # The share image that goes with the text (a name in cards.CARDS), which the kit draws and its
    # preview shows: "link", the link card the network makes of the address (og:image), under the
    # text; "picture", the 4:5 picture the post is, above the text.
    card: str = "link"
    # Where a post on the network lives, for Posted_<network>; () for any https host (Mastodon: the
    # leader's own server).
    post_hosts: tuple[str, ...] = ()

    @property
    def text_field(self) -> str:
        """The metadata field with a text written by hand, as the author writes it (Linkedin_text)."""
        return f"{self.name.capitalize()}_text"

    @property
    def date_field(self) -> str:
        """The metadata field with the share time asked for (Share_date_linkedin)."""
        return f"Share_date_{self.name}"

    @property
    def posted_field(self) -> str:
        """The metadata field with the address of the post once it is posted (Posted_linkedin)."""
        return f"Posted_{self.name}"


# Each record's rules and where they come from, beside it (LinkedIn to Bluesky: the README's "Dela på
# sociala medier" and the project's network notes). A network that publishes no counting rule is
# counted in UTF-16 units, what a web composer counts and never fewer than the characters a person
# sees (graphemes <= code points <= UTF-16 units).
_RECORDS = (
    Network("linkedin", "LinkedIn", 3000, utf16_length, fold=140, max_hashtags=5, links_clickable=True,
            post_hosts=("linkedin.com",)),
    Network("instagram", "Instagram", 2200, utf16_length, fold=125, max_hashtags=5, links_clickable=False,
            needs_image=True, card="picture", post_hosts=("instagram.com",)),
    Network("x", "X", 280, x_weighted_length, fold=None, max_hashtags=2, links_clickable=True, short=True,
            post_hosts=("x.com", "twitter.com")),
    Network("mastodon", "Mastodon", 500, mastodon_length, fold=None, max_hashtags=5, links_clickable=True),
    Network("bluesky", "Bluesky", 300, bluesky_length, fold=None, max_hashtags=3, links_clickable=True, short=True,
            post_hosts=("bsky.app",)),
    # Facebook. Limit: 63,206 characters for a post (Facebook's Vadim Lavrusik, Nov 2011, reported by
    # Digital Trends "Facebook increases limit for status updates to 63,206 characters"; the number is
    # still the one socialk.it's counter and others cite); counted in UTF-16 units, as no rule is
    # published. Fold: "See more" after about 125 characters on mobile, about 477 on desktop
    # (unofficial: socialk.it "Facebook character counter"; bulkpublish.com says about 480). Links
    # are clickable and the first becomes a link card from og:image (1200x630, Meta's sharing
    # guidance as quoted by joomlashack.com). Hashtags are clickable (Facebook Help "How do I use hashtags",
    # quoted by yodigi.com) with no cap, but posts with one or two do best (Socialbakers' study, as
    # reported by km-creative.co.uk 2018 and kre8tiveagency.com): at most 2.
    Network("facebook", "Facebook", 63206, utf16_length, fold=125, max_hashtags=2, links_clickable=True,
            post_hosts=("facebook.com",)),
    # Threads. Limit: "Text posts are limited to 500 characters. Emojis are counted as the number of
    # UTF-8 bytes." (Meta for Developers, Threads API "Threads Posts", Limitations; the app is taken to
    # count as its API does); the other characters in UTF-16 units, the strictest reading of
    # "characters" (counting.threads_length).
    # Links clickable, at most 5 a post, and the first becomes the link card unless the post has an
    # image or video (Threads API "Text Attachments": more than 5 links fail from 22 Dec 2025;
    # ayrshare.com's Threads API notes). One topic tag per post: "You can only add one tag to a
    # Threads post at a time" (Instagram's statement on topic tags, Dec 2023, quoted by
    # valideapp.com; Adam Mosseri's announcement, MacRumors 2023-12-08; ayrshare.com: "Threads only
    # allows 1 hashtag per post"), so at most 1. No fold is documented: a post of 500 shows whole.
    Network("threads", "Threads", 500, threads_length, fold=None, max_hashtags=1, links_clickable=True,
            post_hosts=("threads.com", "threads.net")),
)

NETWORKS: Mapping[str, Network] = MappingProxyType({network.name: network for network in _RECORDS})
NAMES: tuple[str, ...] = tuple(NETWORKS)  # in the order texts, pages and the calendar show them


def names_in_words(conjunction: str = "eller") -> str:
    """'linkedin, instagram, …, facebook eller threads', for help texts and messages."""
    return f"{', '.join(NAMES[:-1])} {conjunction} {NAMES[-1]}"
