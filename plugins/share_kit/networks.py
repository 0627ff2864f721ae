"""One record per share network: everything the kit knows about a network, in one place.

Every other table (the settings' defaults, the metadata fields, the labels, help texts and checks)
is derived from NETWORKS, so adding a network is one record here and its tests. The text rules are
the same for every network (texts.py); a record only says what differs: limits, fold, links.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .counting import Counter, bluesky_length, mastodon_length, utf16_length, x_weighted_length


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
    # What the network shows with the text, for the kit's preview of the post: the link card (its
    # preview of the post's address, under the text) or the picture the post is (above the text).
    shows: str = "link card"
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


# LinkedIn and Instagram publish no counting rule; UTF-16 units are what a web composer counts
# and never fewer than the characters a person sees.
_RECORDS = (
    Network("linkedin", "LinkedIn", 3000, utf16_length, fold=140, max_hashtags=5, links_clickable=True,
            post_hosts=("linkedin.com",)),
    Network("instagram", "Instagram", 2200, utf16_length, fold=125, max_hashtags=5, links_clickable=False,
            needs_image=True, shows="picture", post_hosts=("instagram.com",)),
    Network("x", "X", 280, x_weighted_length, fold=None, max_hashtags=2, links_clickable=True, short=True,
            post_hosts=("x.com", "twitter.com")),
    Network("mastodon", "Mastodon", 500, mastodon_length, fold=None, max_hashtags=5, links_clickable=True),
    Network("bluesky", "Bluesky", 300, bluesky_length, fold=None, max_hashtags=3, links_clickable=True, short=True,
            post_hosts=("bsky.app",)),
)

NETWORKS: Mapping[str, Network] = MappingProxyType({network.name: network for network in _RECORDS})
NAMES: tuple[str, ...] = tuple(NETWORKS)  # in the order texts, pages and the calendar show them


def names_in_words(conjunction: str = "eller") -> str:
    """'linkedin, instagram, x, mastodon eller bluesky', for help texts and messages."""
    return f"{', '.join(NAMES[:-1])} {conjunction} {NAMES[-1]}"
