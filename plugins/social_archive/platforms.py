"""One record per archive platform: everything the archive knows about a platform, in one place.

The readers' registry (exports/__init__.py), the labels, the chart's colours, the hashtag and
mention links, the hosts an "Originalet" link may point to, the help texts and the open data's
documentation are all derived from PLATFORMS, so adding a platform is one record here, its
reader in exports/ and its tests. Lookups go through `platform()` at call time, never through
copies made at import, so a record added later (a test's made-up platform) is seen everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

OTHER_COLOUR = "#6a6a6a"


@dataclass(frozen=True)
class Platform:
    name: str  # the key in post files and ids (`linkedin:7150…`), folders and URLs
    label: str  # as the platform writes its own name
    # The chart's colour: a mid tone with at least 3:1 contrast against the light and the dark
    # background (tests/test_archive_platforms.py checks every record).
    colour: str
    # The module that reads its exports (".linkedin" is exports/linkedin.py), or None while there
    # is none. (".threads" also reads the Threads folder inside Instagram's export, for instagram.py.)
    reader: str | None
    # Where its posts live: an "Originalet" link to any other host is not shown; None for any https
    # host (a Mastodon account lives on its own server); () for none.
    post_hosts: tuple[str, ...] | None = ()
    # Where a #hashtag or @name leads ({} is the tag or name; {host} the post's own server);
    # None leaves it as text (LinkedIn and Facebook mentions are names, not handles).
    hashtag_url: str | None = None
    mention_url: str | None = None
    # Whether its export gives each post's address on the platform (else the page says so).
    permalinks: bool = True
    # Whether its exports hold the photos and videos (LinkedIn's do not: a post's page says so).
    media_in_export: bool = True
    # Whether a large export of it comes in several parts, some with only photos and videos: such
    # a part is given to the one platform imported in the same run that does this.
    media_parts: bool = False


_RECORDS = (
    Platform("linkedin", "LinkedIn", "#1a7fb8", ".linkedin", ("linkedin.com",),
             hashtag_url="https://www.linkedin.com/feed/hashtag/{}/", media_in_export=False),
    Platform("instagram", "Instagram", "#c2418f", ".instagram", ("instagram.com",),
             hashtag_url="https://www.instagram.com/explore/tags/{}/", mention_url="https://www.instagram.com/{}/",
             permalinks=False, media_parts=True),
    Platform("facebook", "Facebook", "#4f6fb5", ".facebook", ("facebook.com",),
             hashtag_url="https://www.facebook.com/hashtag/{}", permalinks=False, media_parts=True),
    Platform("x", "X", "#8a8a8a", ".x", ("x.com", "twitter.com"),
             hashtag_url="https://x.com/hashtag/{}", mention_url="https://x.com/{}"),
    Platform("mastodon", "Mastodon", "#7a5ce0", ".mastodon", None, hashtag_url="https://{host}/tags/{}"),
    Platform("bluesky", "Bluesky", "#1185fe", ".bluesky", ("bsky.app",),
             hashtag_url="https://bsky.app/hashtag/{}", mention_url="https://bsky.app/profile/{}",
             media_in_export=False),
    Platform("threads", "Threads", "#b06a2c", ".threads", ("threads.net", "threads.com"),
             mention_url="https://www.threads.com/@{}", permalinks=False, media_parts=True),
)

# A plain dict, in the order the site lists platforms; read through platform() and names().
PLATFORMS: dict[str, Platform] = {record.name: record for record in _RECORDS}


def platform(name: str) -> Platform:
    """The record of a platform; a post file naming an unknown one still shows, by its name."""
    return PLATFORMS.get(name) or Platform(name, name.capitalize(), OTHER_COLOUR, None)


def names() -> tuple[str, ...]:
    return tuple(PLATFORMS)


def importable() -> tuple[str, ...]:
    """The platforms `invoke import` reads exports of."""
    return tuple(name for name, record in PLATFORMS.items() if record.reader)


def in_words(chosen: tuple[str, ...], conjunction: str = "eller") -> str:
    """'linkedin, instagram eller x', for help texts and messages."""
    return chosen[0] if len(chosen) == 1 else f"{', '.join(chosen[:-1])} {conjunction} {chosen[-1]}"
