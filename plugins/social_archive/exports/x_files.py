"""The files of an X archive around the tweets: read as data, never as JavaScript.

Every `data/*.js` file is one assignment, `window.YTD.<type>.part<N> = <JSON>` (manifest.js:
`window.__THAR_CONFIG = {…}`). The part before the first `=` must be exactly such a name and
the rest must be strict JSON (no NaN, no trailing code); anything else is refused with the
file's name, so nothing in an archive is ever run (exports-more.md §2.2).

Here: loading those files; the manifest (the tweet file list, the media folder, a partial
archive); the account (username and id only: its email and every other field are never kept);
the ids of Circle tweets; the periods when the account was protected; the tweet media, found by
their tweet's id; the long posts of note-tweet.js and the link expansion they share with tweets.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from ..export_files import Export, ExportError, read_posts_file
from ..model import Media, Skipped, nfc, web_url

# What may stand before the first "=": the global X assigns, nothing else (no call, no second statement).
ASSIGNMENT = re.compile(r"\A\s*window\.(?:YTD\.[A-Za-z0-9_]+\.part\d+|__THAR_CONFIG)\s*\Z")
NOT_DATA = (
    "filen ser inte ut som X:s datafiler (window.YTD.….part0 = [ … ]); den läses aldrig som "
    "JavaScript, så arkivet kan inte importeras; ladda ned arkivet från X igen"
)
TOO_DEEP = "JSON-datan är nästlad för djupt ([[[[…); det är inget riktigt X-arkiv"
# A data file the manifest names: data/<name>.js, never a path out of data/.
DATA_FILE = re.compile(r"^data/[A-Za-z0-9_-]+\.js$")
MEDIA_FOLDER = re.compile(r"^data/[A-Za-z0-9_-]+$")
USERNAME = re.compile(r"^[A-Za-z0-9_]{1,20}$")  # 15 since 2009; older handles could be longer
NUMBER = re.compile(r"^\d{1,20}$")
MEDIA_NAME = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9]{2,5}$")
MISSING = "filen saknas i arkivet (X tar inte alltid med bilder som återanvänts från en annan tweet)"
FAR_FUTURE = datetime(9999, 12, 31, tzinfo=timezone.utc)
FAR_PAST = datetime(1970, 1, 1, tzinfo=timezone.utc)

PARTIAL = (
    "X märker arkivet som ofullständigt (isPartialArchive); tweetar kan saknas. "
    "Begär ett nytt arkiv och importera det också"
)
# Twitter Circle existed from 30 August 2022 to 31 October 2023: only tweets of that time can be Circle tweets.
CIRCLE_YEARS = (datetime(2022, 8, 30, tzinfo=timezone.utc), datetime(2023, 11, 1, tzinfo=timezone.utc))
CIRCLE_UNKNOWN = (
    "Circle-tweetar (bara för din krets) går inte att skilja från de offentliga i det här arkivet, "
    "eftersom {why}; tweetar från den tid Circle fanns (30 augusti 2022 till 31 oktober 2023) sparas därför "
    'med "approved": false och publiceras först när du har godkänt dem (invoke approve); dölj dem som bara '
    "din krets fick se (invoke hide)"
)
PROTECTED = (
    "kontot var skyddat (bara godkända följare såg tweetarna) {periods}; tweetar från den tiden "
    "arkiveras inte. Filen visar bara de senaste sex månaderna före arkivet: var kontot skyddat "
    "tidigare, gå igenom de äldre tweetarna"
)


def load(export: Export, member: str) -> Any:
    """The JSON after the first "=" of one data file; ExportError naming the file for anything else."""
    try:
        text = read_posts_file(export, member).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExportError(member, f"filen är inte UTF-8 (byte {error.start})") from None
    assignment, equals, body = text.partition("=")
    if not equals or not ASSIGNMENT.match(assignment):
        raise ExportError(member, NOT_DATA)
    try:
        return json.loads(body, parse_constant=refuse_constant)
    except json.JSONDecodeError as error:
        line = error.lineno + assignment.count("\n")
        raise ExportError(
            member, f"trasig JSON på rad {line}, kolumn {error.colno}; filen kan vara avklippt eller ändrad"
        ) from None
    except RecursionError:
        raise ExportError(member, TOO_DEEP) from None
    except ValueError as error:  # NaN/Infinity, or an integer of thousands of digits
        raise ExportError(member, f"filen innehåller ett tal som inte är giltig JSON ({error})") from None


def refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} är inget JSON-tal")


def entries(export: Export, member: str, wrapper: str) -> list[Any]:
    """The records of a `[{"<wrapper>": {…}}, …]` file; early archives leave the wrapper out."""
    data = load(export, member)
    if not isinstance(data, list):
        raise ExportError(member, "oväntad struktur: väntade en lista ([ … ]) efter =")
    return [e[wrapper] if isinstance(e, dict) and isinstance(e.get(wrapper), dict) else e for e in data]


@dataclass(frozen=True)
class Account:
    username: str
    account_id: str


@dataclass(frozen=True)
class Manifest:
    member: str
    tweet_files: tuple[str, ...]  # relative to the archive root
    media_folder: str
    partial: bool
    user: dict[str, Any]


def read_manifest(export: Export, member: str) -> Manifest:
    data = load(export, member)
    if not isinstance(data, dict):
        raise ExportError(member, "oväntad struktur: väntade window.__THAR_CONFIG = { … }")
    types = data.get("dataTypes") if isinstance(data.get("dataTypes"), dict) else {}
    # "tweets" since late 2022, "tweet" (data/tweet.js, data/tweet_media) before.
    kind = next((k for k in ("tweets", "tweet") if isinstance(types.get(k), dict)), None)
    listed = types[kind].get("files") if kind else None
    names: list[str] = []
    for number, item in enumerate(listed if isinstance(listed, list) else [], start=1):
        name = item.get("fileName") if isinstance(item, dict) else None
        if not isinstance(name, str) or not DATA_FILE.match(name):
            raise ExportError(member, f"dataTypes.{kind}.files {number}: fileName {name!r} är ingen fil i data/")
        names.append(name)
    folder = types[kind].get("mediaDirectory") if kind else None
    if folder is not None and not (isinstance(folder, str) and MEDIA_FOLDER.match(folder)):
        raise ExportError(member, f"mediaDirectory {folder!r} är ingen mapp i data/; arkivet kan vara manipulerat")
    info = data.get("archiveInfo") if isinstance(data.get("archiveInfo"), dict) else {}
    user = data.get("userInfo") if isinstance(data.get("userInfo"), dict) else {}
    return Manifest(
        member,
        tuple(names),
        folder or ("data/tweet_media" if kind == "tweet" else "data/tweets_media"),
        info.get("isPartialArchive") is True,
        user,
    )


def partial_note(manifest: Manifest) -> Iterator[Skipped]:
    if manifest.partial:
        yield Skipped(manifest.member, "hela arkivet", PARTIAL, note=True)


def read_account(export: Export, root: str, manifest: Manifest) -> Account:
    """Username and id from data/account.js (else the manifest's userInfo); nothing else is kept."""
    member = root + "data/account.js"
    found: dict[str, Any] = {}
    if member in export.files():
        records = entries(export, member, "account")
        found = records[0] if records and isinstance(records[0], dict) else {}
    username = found.get("username", manifest.user.get("userName"))
    account_id = found.get("accountId", manifest.user.get("accountId"))
    if not (isinstance(username, str) and USERNAME.match(username)):
        raise ExportError(member, f"användarnamnet (username) {username!r} saknas eller är ogiltigt")
    if not (isinstance(account_id, str) and NUMBER.match(account_id)):
        raise ExportError(member, f"kontots id (accountId) {account_id!r} saknas eller är ogiltigt")
    return Account(username, account_id)


def circle_ids(export: Export, root: str) -> tuple[frozenset[str], list[Skipped]]:
    """Ids of the tweets shared only with a Circle (they are also in tweets.js), or a note why unknown.

    Only archives of about 2022–23 list them; a 2025 archive has no file, a 2022 one an empty
    one (exports-more.md §7)."""
    member = root + "data/twitter-circle-tweet.js"
    if member not in export.files():
        return frozenset(), [Skipped(member, "hela arkivet", CIRCLE_UNKNOWN.format(why="filen saknas"), note=True)]
    ids = set()
    for number, record in enumerate(entries(export, member, "tweet"), start=1):
        tweet_id = record.get("id_str", record.get("id")) if isinstance(record, dict) else None
        if not (isinstance(tweet_id, str) and NUMBER.match(tweet_id)):  # a guess could publish it
            raise ExportError(member, f"post {number}: saknar ett giltigt id (id_str); inget importeras, "
                                      "eftersom tweetar bara för din krets annars kunde publiceras")
        ids.add(tweet_id)
    if not ids:
        return frozenset(), [Skipped(member, "hela arkivet", CIRCLE_UNKNOWN.format(why="filen är tom"), note=True)]
    return frozenset(ids), []


Period = tuple[datetime, datetime]


def protected_periods(export: Export, root: str) -> tuple[tuple[Period, ...], list[Skipped]]:
    """When the account was protected, from data/protected-history.js ({protectedAt, action}).

    Its shape is unverified, so an entry that cannot be read stops the import: guessing could
    publish tweets only approved followers saw. A first "unprotect" means the account was
    protected since before the file's six months: everything before it counts as protected."""
    member = root + "data/protected-history.js"
    if member not in export.files():
        return (), []
    events = []
    for number, record in enumerate(entries(export, member, "protectedHistory"), start=1):
        inner = record if not isinstance(record, dict) or "protectedAt" in record else next(iter(record.values()), None)
        when = iso_time(inner.get("protectedAt")) if isinstance(inner, dict) else None
        action = inner.get("action") if isinstance(inner, dict) else None
        action = action.strip().lower() if isinstance(action, str) else ""
        if when is None or action not in ("protect", "protected", "unprotect", "unprotected"):
            raise ExportError(
                member,
                f"post {number}: kan inte läsa när kontot skyddades (protectedAt, action); inget importeras, "
                "eftersom skyddade tweetar annars kunde publiceras",
            )
        events.append((when, action.startswith("protect")))
    periods: list[Period] = []
    start: datetime | None = None
    for when, protect in sorted(events):
        if protect and start is None:
            start = when
        elif not protect:
            periods.append((start if start is not None else FAR_PAST if not periods else when, when))
            start = None
    if start is not None:  # still protected when the archive was made
        periods.append((start, FAR_FUTURE))
    if not periods:
        return (), []
    shown = ", ".join(f"{day(start, 'tidigare')}–{day(end, 'arkivets datum')}" for start, end in periods)
    return tuple(periods), [Skipped(member, "hela filen", PROTECTED.format(periods=f"under {shown}"), note=True)]


def day(moment: datetime, unknown: str) -> str:
    return unknown if moment in (FAR_PAST, FAR_FUTURE) else f"{moment:%Y-%m-%d}"


def iso_time(value: Any) -> datetime | None:
    """`2024-05-14T07:15:02.000Z` as an aware UTC datetime; None for anything else."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z", value):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    except ValueError:
        return None


class MediaFolder:
    """The archive's tweet media: <tweet id>-<name> files, found by the tweet's id."""

    def __init__(self, export: Export, folder: str) -> None:
        self.folder = folder
        self.sha256 = export.sha256
        self.by_tweet: dict[str, list[str]] = {}
        for member in export.files():
            name = member[len(folder):] if member.startswith(folder) else ""
            if "/" not in name and (match := re.match(r"^(\d+)-.", name)):
                self.by_tweet.setdefault(match[1], []).append(member)

    def find(self, tweet_id: str, versions: list[Any], items: list[dict[str, Any]], member: str,
             item: str) -> Iterator[Media | Skipped]:
        ids = [tweet_id, *(v for v in versions if isinstance(v, str) and v != tweet_id)]
        taken: set[str] = set()
        for position, media in enumerate(items, start=1):
            url = media.get("media_url_https") or media.get("media_url")
            parts = urlsplit(url) if isinstance(url, str) else None
            name = posixpath.basename(parts.path) if parts and parts.scheme in ("http", "https") else ""
            if not MEDIA_NAME.match(name):
                raise ExportError(member, f"{item}: media_url {url!r} har inget giltigt filnamn; arkivet kan vara manipulerat")
            video = media.get("type") in ("video", "animated_gif")
            wanted = [f"{self.folder}{i}-{name}" for i in ids]
            found = next(
                (m for i in ids for m in sorted(self.by_tweet.get(i, ()))
                 if m not in taken and (m.endswith(".mp4") if video else m in wanted)),
                None,
            )
            if found is None:
                shown = f"{tweet_id}-….mp4" if video else f"{tweet_id}-{name}"
                yield Skipped(member, f"{item}, bild {position} ({self.folder}{shown})", MISSING, partial=True)
                continue
            taken.add(found)
            yield Media(kind="", source=found, source_export=self.sha256)


def mapping(value: Any, key: str) -> dict[str, Any]:
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, dict) else {}


def listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


# The short links X puts in a text (entities.urls[].url, media links, note urls[].shortUrl).
SHORT_LINK = re.compile(r"https?://t\.co/[A-Za-z0-9]+")


def replace_links(text: str, links: dict[str, str]) -> str:
    """Each t.co link in `links` replaced by its value in one pass, so an expanded address is never
    expanded again; a link replaced by "" takes the space before it along. Linear in the text."""
    pieces: list[str] = []
    end = 0
    for match in SHORT_LINK.finditer(text):
        if match[0] not in links:
            continue
        before = text[end:match.start()]
        pieces.append(before + links[match[0]] if links[match[0]] else before.rstrip())
        end = match.end()
    return "".join(pieces) + text[end:]


@dataclass
class Note:
    """One long post from data/note-tweet.js; `used` once joined to its tweet."""

    member: str
    item: str
    text: str
    created: datetime | None
    tweet_id: str
    used: bool = False


def note_tweets(export: Export, root: str) -> Iterator[Note]:
    """data/note-tweet.js: the whole text of each long post, its links expanded."""
    member = root + "data/note-tweet.js"
    if member not in export.files():
        return
    for number, record in enumerate(entries(export, member, "noteTweet"), start=1):
        core = mapping(record, "core")
        if not isinstance(core.get("text"), str):
            continue
        # The note's text is not HTML-escaped (real archives show a bare ">>"); only its links are short.
        links = {u["shortUrl"]: web_url(u.get("expandedUrl") or "") or u["shortUrl"]
                 for u in listed(core.get("urls")) if isinstance(u, dict) and isinstance(u.get("shortUrl"), str)}
        initial = mapping(record, "lifecycle").get("initialTweetId")
        yield Note(member, f"långt inlägg {number}", nfc(replace_links(core["text"], links)),
                   iso_time(record.get("createdAt")), initial if isinstance(initial, str) else "")


class Notes:
    """The long posts, found by the id they name or by the second they were made."""

    @classmethod
    def read(cls, export: Export, root: str) -> Notes:
        return cls(note_tweets(export, root))

    def __init__(self, notes: Iterator[Note]) -> None:
        self.all = list(notes)
        self.by_id = {n.tweet_id: n for n in self.all if n.tweet_id}
        self.by_second: dict[datetime, list[Note]] = {}
        for note in self.all:
            if not note.tweet_id and note.created is not None:
                self.by_second.setdefault(note.created.replace(microsecond=0), []).append(note)

    def text_for(self, tweet_id: str, published: datetime, text: str) -> str:
        """The whole text of a long post whose tweet holds only its start and "…", or ""."""
        start = text.rstrip()
        while True:  # the start of the note, without the "…" and any t.co link X put after it
            link = re.search(r"https?://t\.co/[A-Za-z0-9]+\Z", start)
            shorter = (start[:link.start()] if link else start.removesuffix("…")).rstrip()
            if shorter == start:
                break
            start = shorter
        start = nfc(start)
        near = [n for second in (-1, 0, 1) for n in self.by_second.get(published + timedelta(seconds=second), ())]
        found = self.by_id.get(tweet_id) or next(
            (n for n in near if start and n.text.startswith(start) and len(n.text) > len(start)), None
        )
        if found is None:
            return ""
        found.used = True
        return found.text
