"""X / Twitter "Download an archive": the leader's own tweets, threads joined, with photos and videos.

Quirks handled here (exports-more.md §2 and §7; exports.md §4):
- recognised by data/manifest.js, found by search (archives get re-zipped inside a folder);
  the tweet files come from the manifest: data/tweets.js, tweets-part1.js … (late 2022–) or
  data/tweet.js (2018–22), whose records may lack the {"tweet": …} wrapper; the data files
  are read as data, never run (x_files.py); classic 2012–18 archives (tweets.csv) are refused;
- ids are strings (id_str; snowflakes exceed a float's precision) and created_at is
  `Tue May 14 07:15:02 +0000 2024`, read without the machine's locale;
- full_text is HTML-escaped once (unescaped once: "&amp;lt;" stays "&lt;"), t.co links become
  their expanded_url, the media link is dropped; very old tweets have no entities.urls;
- a long post keeps only its first ~275 characters and "…" in tweets.js; the whole text is in
  data/note-tweet.js, under an id of its own: joined on lifecycle.initialTweetId when present,
  else on createdAt within a second and the tweet's text being the start of the note's;
- every version of an edited tweet is a tweet: the newest is kept, under the first id;
- the leader's replies to their own tweets (in_reply_to_user_id_str = accountId) make one
  post of the whole thread: the first tweet's id and time, the texts in order separated by a
  blank line, the media in order; the later tweets count as repeats, "del av tråden";
- replies to others are not the leader's posts; retweets ("RT @…: …", cut short) are kept
  apart, as kind "repost" (a "delning" on the site), never inside a thread, and without the
  other account's photos;
- media: data/tweets_media/<id>-<file name of media_url> for photos, <id>-<other>.mp4 for
  videos and GIFs (media_url is then the poster); reused media may be absent; no alt text;
- never archived: deleted tweets and their media, deleted long posts, Community Notes, DMs,
  likes, followers, Communities, Circle tweets (removed by the ids in twitter-circle-tweet.js,
  which only 2022–23 archives list) and tweets from periods the account was protected.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from ..export_files import Export, ExportError
from ..model import ArchivedPost, Kind, Media, Provenance, Skipped, latest_post, nfc, web_url
from . import x_files
from .x_files import NUMBER, USERNAME, Account, MediaFolder, Notes, entries, listed, mapping, replace_links

PLATFORM = "x"
# Its photos and videos come inside the archive itself: a part holding only media (Instagram's
# layout, exports/__init__.MEDIA_PART) is never X's.

MANIFEST = re.compile(r"^(?P<root>(?:[^/]+/)*?)data/manifest\.js$")
CLASSIC = re.compile(r"^(?P<root>(?:[^/]+/)?)data/js/tweet_index\.js$")
FALLBACK_TWEETS = re.compile(r"^data/tweets?(?:-part\d+)?\.js$")
CREATED_AT = re.compile(
    r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?P<month>[A-Z][a-z]{2}) (?P<day>\d\d) (?P<hms>\d\d:\d\d:\d\d) "
    r"(?P<zone>[+-]\d{4}) (?P<year>\d{4})$"
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EARLIEST = datetime(2006, 3, 21, tzinfo=timezone.utc)  # the first tweet
TWITTER_EPOCH_MS = 1288834974657

CLASSIC_ARCHIVE = (
    "det här är ett gammalt Twitter-arkiv (tweets.csv, 2012–2018), som inte kan importeras; "
    "begär ett nytt arkiv på X: Inställningar → Ditt konto → Ladda ned ett arkiv av dina data"
)
NO_MANIFEST = (
    "hittar inte data/manifest.js, som varje X-arkiv har; ladda ned arkivet från X igen "
    "(Inställningar → Ditt konto → Ladda ned ett arkiv av dina data) och importera zip-filen som den är"
)
NO_TWEETS = "hittar inga tweetar (data/tweets.js) i X-arkivet; ladda ned arkivet från X igen"
OUT_OF_RANGE = "ligger utanför 2006 till i dag; tweeten arkiveras inte"
REPLY = "svar till andra ({who}) är inte dina egna inlägg; arkiveras inte"
REPLY_CHAIN = "en fortsättning på ditt svar till någon annan; arkiveras inte"
CIRCLE = "Circle-tweet (bara för din krets); arkiveras aldrig"
PROTECTED_TWEET = "skrevs när kontot var skyddat (bara godkända följare såg den); arkiveras inte"
OLDER_VERSION = "en äldre version av den redigerade tweeten {key}; den senaste versionen arkiveras"
TWICE = "samma tweet står två gånger i arkivet; räknas en gång"
IN_THREAD = "del av tråden som börjar med tweet {root}; arkiveras i den, med texten i tur och ordning"
RETWEET_MEDIA = "bilder och video i en delning (retweet) tillhör det andra kontot och arkiveras inte"
NOTE_ALONE = "det långa inlägget hör inte till någon tweet i arkivet; det arkiveras inte"

# Files that are never archived (relative to the archive root), and why: one note per row.
NOT_IMPORTED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^data/deleted-tweet(?:s|-headers)(?:-part\d+)?\.js$"), "raderade tweetar arkiveras aldrig"),
    (re.compile(r"^data/deleted_tweets_media/"), "bilder och video från raderade tweetar arkiveras aldrig"),
    (re.compile(r"^data/deleted-note-tweet(?:-part\d+)?\.js$"), "raderade långa inlägg arkiveras aldrig"),
    (re.compile(r"^data/community-note[a-z-]*\.js$"), "Community Notes (anteckningar och betyg) arkiveras inte"),
    (re.compile(r"^data/community-tweet(?:-part\d+)?\.js$"), "inlägg i X-gemenskaper (Communities) arkiveras inte"),
    (re.compile(r"^data/direct-message[a-z-]*(?:-part\d+)?\.js$"), "direktmeddelanden läses aldrig"),
    (re.compile(r"^data/like(?:-part\d+)?\.js$"), "gillningar arkiveras inte"),
    (re.compile(r"^data/follow(?:er|ing)(?:-part\d+)?\.js$"), "följare och konton du följer arkiveras inte"),
)


def looks_like(export: Export) -> bool:
    files = export.files()
    return any(MANIFEST.match(member) for member in files) or classic_marker(files) is not None


def classic_marker(files: Sequence[str]) -> str | None:
    """tweets.csv beside data/js/tweet_index.js: the archives Twitter sent from 2012 to about 2018."""
    names = set(files)
    return next((f"{m['root']}tweets.csv" for m in map(CLASSIC.match, files) if m and f"{m['root']}tweets.csv" in names), None)


@dataclass(frozen=True)
class Tweet:
    """One tweet as read: the pieces a post is built from."""

    id: str
    member: str
    published: datetime
    text: str
    media: tuple[Media | Skipped, ...]
    reply_to: str  # in_reply_to_status_id_str, or ""
    reply_user: str  # in_reply_to_user_id_str, or ""
    reply_name: str
    initial: str  # the first id of an edited tweet; its own id otherwise
    retweet: bool

    @property
    def item(self) -> str:
        return f"tweet {self.id}"


def read(export: Export, companions: Sequence[Export] = ()) -> Iterator[ArchivedPost | Skipped]:
    """Every post of the archive, and a Skipped for each tweet, media file or file left out."""
    files = export.files()
    roots = sorted({m["root"] for m in map(MANIFEST.match, files) if m})
    if not roots:
        if classic := classic_marker(files):
            raise ExportError(classic, CLASSIC_ARCHIVE)
        raise ExportError(export.name, NO_MANIFEST)
    if len(roots) > 1:
        shown = ", ".join(r.rstrip("/") or "(roten)" for r in roots)
        raise ExportError(export.name, f"exporten innehåller flera X-arkiv ({shown}); importera ett i taget")
    root = roots[0]
    manifest = x_files.read_manifest(export, root + "data/manifest.js")
    yield from x_files.partial_note(manifest)
    account = x_files.read_account(export, root, manifest)
    circle, circle_notes = x_files.circle_ids(export, root)
    protected, protected_notes = x_files.protected_periods(export, root)
    media = MediaFolder(export, root + manifest.media_folder + "/")
    notes = Notes.read(export, root)
    tweets: list[Tweet] = []
    for member in tweet_files(export, root, manifest):
        for number, record in enumerate(entries(export, member, "tweet"), start=1):
            outcome = to_tweet(record, member, number, media, notes)
            if isinstance(outcome, Skipped):
                yield outcome
            elif outcome.id in circle or outcome.initial in circle:
                yield Skipped(member, outcome.item, CIRCLE)
            elif any(start <= outcome.published < end for start, end in protected):
                yield Skipped(member, outcome.item, PROTECTED_TWEET)
            else:
                tweets.append(outcome)
    for item in posts(*newest_versions(tweets), account, export.sha256):
        # Without the Circle list, a tweet of Circle's time may have been for the Circle only.
        maybe_circle = circle_notes and isinstance(item, ArchivedPost) and (
            x_files.CIRCLE_YEARS[0] <= item.published < x_files.CIRCLE_YEARS[1])
        yield replace(item, needs_approval=True) if maybe_circle else item
    yield from (Skipped(note.member, note.item, NOTE_ALONE, note=True) for note in notes.all if not note.used)
    yield from (*circle_notes, *protected_notes)
    yield from not_imported(files, root)


def tweet_files(export: Export, root: str, manifest: x_files.Manifest) -> list[str]:
    """The manifest's list of tweet files (all must be there), else whatever tweets.js files exist."""
    names = set(export.files())
    for name in manifest.tweet_files:
        if root + name not in names:
            raise ExportError(root + name, "står i data/manifest.js men finns inte i arkivet; ladda ned arkivet igen")
    found = [root + n for n in manifest.tweet_files] or sorted(
        m for m in names if m.startswith(root) and FALLBACK_TWEETS.match(m[len(root):])
    )
    if not found:
        raise ExportError(manifest.member, NO_TWEETS)
    return found


def to_tweet(record: Any, member: str, number: int, media: MediaFolder, notes: Notes) -> Tweet | Skipped:
    item = f"tweet {number}"
    if not isinstance(record, dict):
        return Skipped(member, item, "posten är ingen tweet ({ … })")
    tweet_id = record.get("id_str", record.get("id"))
    if not (isinstance(tweet_id, str) and NUMBER.match(tweet_id)):
        return Skipped(member, item, "tweeten saknar ett giltigt id (id_str)")
    item = f"tweet {tweet_id}"
    published = created_at(record.get("created_at"))
    if published is None:
        return Skipped(member, item, "tweeten saknar en giltig tidpunkt (created_at)")
    if not EARLIEST <= published <= latest_post():
        return Skipped(member, item, f"tidpunkten (created_at) {record['created_at']!r} {OUT_OF_RANGE}")
    raw = record.get("full_text", record.get("text"))
    if not isinstance(raw, str):
        return Skipped(member, item, "tweeten saknar text (full_text)")
    entities = mapping(record, "entities")
    items = media_items(record)
    text = notes.text_for(tweet_id, published, html.unescape(raw)) or expand(html.unescape(raw), entities, items)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return Skipped(member, item, "texten innehåller ogiltiga tecken (ensamma \\ud800-tecken)")
    edit = mapping(record, "edit_info")
    initial = mapping(edit, "edit").get("initialTweetId")
    versions = [*listed(mapping(mapping(edit, "edit"), "editControlInitial").get("editTweetIds")),
                *listed(mapping(edit, "initial").get("editTweetIds"))]
    return Tweet(
        id=tweet_id,
        member=member,
        published=published,
        text=nfc(text),
        media=tuple(media.find(tweet_id, versions, items, member, item)),
        reply_to=id_of(record.get("in_reply_to_status_id_str")),
        reply_user=id_of(record.get("in_reply_to_user_id_str")),
        reply_name=name if isinstance(name := record.get("in_reply_to_screen_name"), str) and USERNAME.match(name) else "",
        initial=initial if isinstance(initial, str) and NUMBER.match(initial) else tweet_id,
        retweet=raw.startswith("RT @"),
    )


def id_of(value: Any) -> str:
    return value if isinstance(value, str) and NUMBER.match(value) else ""


def created_at(value: Any) -> datetime | None:
    """`Tue May 14 07:15:02 +0000 2024` (strptime's %a %b %d %H:%M:%S %z %Y, without its locale)."""
    match = CREATED_AT.match(value) if isinstance(value, str) else None
    if not match or match["month"] not in MONTHS:
        return None
    try:
        moment = datetime.strptime(
            f"{match['year']}-{MONTHS.index(match['month']) + 1:02d}-{match['day']} {match['hms']} {match['zone']}",
            "%Y-%m-%d %H:%M:%S %z",
        )
    except ValueError:
        return None
    return moment.astimezone(timezone.utc)


def media_items(record: dict[str, Any]) -> list[dict[str, Any]]:
    found = listed(mapping(record, "extended_entities").get("media")) or listed(mapping(record, "entities").get("media"))
    return [m for m in found if isinstance(m, dict)]


def expand(text: str, entities: dict[str, Any], media: list[dict[str, Any]]) -> str:
    """t.co links replaced by their expanded_url (when it is a web address), media links dropped."""
    links = {u["url"]: web_url(u.get("expanded_url") or "") or u["url"]
             for u in listed(entities.get("urls")) if isinstance(u, dict) and isinstance(u.get("url"), str) and u["url"]}
    links.update({m["url"]: "" for m in media if isinstance(m.get("url"), str) and m["url"]})
    return replace_links(text, links)


def newest_versions(tweets: list[Tweet]) -> tuple[list[Tweet | Skipped], dict[str, str]]:
    """One tweet per edit chain: the newest version's text and media, the first version's id and
    time; and every version's id mapped to the first (a reply may name any version)."""
    chains: dict[str, list[Tweet]] = {}
    for tweet in tweets:
        chains.setdefault(tweet.initial, []).append(tweet)
    kept: list[Tweet | Skipped] = []
    aliases: dict[str, str] = {}
    for initial, versions in chains.items():
        newest = max(versions, key=lambda t: (t.published, int(t.id)))
        first = next((t.published for t in versions if t.id == initial), None) or snowflake_time(initial)
        kept.append(replace(newest, id=initial, published=first or newest.published))
        kept.extend(Skipped(t.member, t.item, TWICE if t.id == newest.id else OLDER_VERSION.format(key=initial),
                            repeat=True) for t in versions if t is not newest)
        aliases.update(dict.fromkeys((t.id for t in versions), initial))
    return kept, aliases


def snowflake_time(tweet_id: str) -> datetime | None:
    """When a tweet id was made (ids since November 2010 carry their time), to the second."""
    seconds = ((int(tweet_id) >> 22) + TWITTER_EPOCH_MS) // 1000
    if not EARLIEST.timestamp() <= seconds <= latest_post().timestamp():
        return None
    return datetime.fromtimestamp(seconds, timezone.utc)


def posts(tweets: list[Tweet | Skipped], aliases: dict[str, str], account: Account,
          export_sha256: str) -> Iterator[ArchivedPost | Skipped]:
    """Threads joined into posts, oldest first; replies to others left out."""
    yield from (t for t in tweets if isinstance(t, Skipped))
    ordered = sorted((t for t in tweets if isinstance(t, Tweet)), key=lambda t: (t.published, int(t.id)))
    kept = set(aliases.values())
    threads: dict[str, list[Tweet]] = {}  # root id -> its tweets in order
    root_of: dict[str, str] = {}
    replies: set[str] = set()  # replies to others, and the leader's own continuations of them
    for tweet in ordered:
        parent = aliases.get(tweet.reply_to, tweet.reply_to)
        own = tweet.reply_user == account.account_id or (not tweet.reply_user and parent in kept)
        if tweet.retweet or not (parent or tweet.reply_user):
            threads[tweet.id] = [tweet]
        elif not own:
            replies.add(tweet.id)
            who = f"@{tweet.reply_name}" if tweet.reply_name else "ett annat konto"
            yield Skipped(tweet.member, tweet.item, REPLY.format(who=who))
            continue
        elif parent in replies:
            replies.add(tweet.id)
            yield Skipped(tweet.member, tweet.item, REPLY_CHAIN)
            continue
        elif parent in root_of and not threads[root_of[parent]][0].retweet:
            root_of[tweet.id] = root_of[parent]
            threads[root_of[parent]].append(tweet)
            continue
        else:  # its parent is gone (deleted, Circle, protected): a post of its own
            threads[tweet.id] = [tweet]
        root_of[tweet.id] = tweet.id
    for thread in threads.values():
        yield from to_post(thread, account, export_sha256)


def to_post(thread: list[Tweet], account: Account, export_sha256: str) -> Iterator[ArchivedPost | Skipped]:
    first = thread[0]
    kind: Kind = "repost" if first.retweet else "post"
    found = [m for t in thread for m in t.media if isinstance(m, Media)] if kind == "post" else []
    missing = [m for t in thread for m in t.media if isinstance(m, Skipped)]
    if kind == "repost" and first.media:
        count = f"{len(first.media)} {'bild eller film' if len(first.media) == 1 else 'bilder eller filmer'}"
        missing = [Skipped(first.member, f"{first.item}, {count}", RETWEET_MEDIA, note=True)]
    texts = [first.text, *(without_own_mention(t.text, account.username) for t in thread[1:])]
    text = "\n\n".join(t for t in texts if t)
    if not text and not found:
        reasons = "; ".join(sorted({m.reason for m in missing})) or "tweeten har varken text eller bilder"
        yield Skipped(first.member, first.item, f"{reasons}; tweeten har ingen text heller" if missing else reasons)
        return
    yield ArchivedPost(
        platform=PLATFORM,
        post_id=first.id,
        kind=kind,
        published=first.published,
        text=text,
        url=f"https://x.com/{account.username}/status/{first.id}",
        media=tuple(found),
        provenance=(Provenance(export_sha256, first.member),),
        entry=first.item,
        incomplete=any(m.partial for m in missing),
    )
    yield from missing
    yield from (Skipped(t.member, t.item, IN_THREAD.format(root=first.id), repeat=True) for t in thread[1:])


def without_own_mention(text: str, username: str) -> str:
    """A reply to oneself can start with "@<own name> " (older archives): that is not part of the text."""
    return re.sub(rf"^(?:@{re.escape(username)}\s+)+", "", text, flags=re.IGNORECASE)


def not_imported(files: Sequence[str], root: str) -> Iterator[Skipped]:
    seen: set[int] = set()
    for member in files:
        relative = member[len(root):] if member.startswith(root) else ""
        for number, (pattern, reason) in enumerate(NOT_IMPORTED):
            if number not in seen and (match := pattern.match(relative)):
                seen.add(number)
                folder = match.group(0).endswith("/")
                yield Skipped(root + match.group(0), "hela mappen" if folder else "hela filen", reason, note=True)
