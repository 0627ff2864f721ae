"""How an archived post is shown: escaped text with links, its title, alt fallbacks, what the page says of its origin.

Pure core. Imported text is plain text from the platforms: it is escaped piece by piece and
never parsed as Markdown, HTML or a template, so `<script>`, `**x**` and `{{ x }}` show as typed.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote, urlsplit

from display_text import displayable, title_text
from markupsafe import Markup

from .platforms import platform as record

TOKENS = re.compile(
    r"(?P<url>https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]])"
    r"|(?<![\w#])#(?P<tag>\w+)"
    r"|(?<![\w@])@(?P<mention>[\w](?:[\w.]*\w)?)"
)


def label(platform: str) -> str:
    return record(platform).label


def hashtags(text: str) -> list[str]:
    return [m["tag"] for m in TOKENS.finditer(text) if m["tag"]]


def mentions(text: str) -> list[str]:
    return [m["mention"] for m in TOKENS.finditer(text) if m["mention"]]


def _link(href: str, text: str) -> str:
    return f'<a href="{escape(href, quote=True)}" rel="nofollow noopener">{escape(text)}</a>'


def linkify_line(line: str, platform: str, host: str = "") -> str:
    """One line of plain text as HTML: everything escaped, URLs, hashtags and mentions linked
    where the platform has pages for them (on `host`, the post's own server, if they are there)."""
    hashtag_url, mention_url = (_on(record(platform).hashtag_url, host), _on(record(platform).mention_url, host))
    out, last = [], 0
    for match in TOKENS.finditer(line):
        out.append(escape(line[last:match.start()]))
        token = match.group(0)
        if match["url"]:
            out.append(_link(match["url"], token))
        elif match["tag"] and hashtag_url:
            out.append(_link(hashtag_url.format(quote(match["tag"].lower())), token))
        elif match["mention"] and mention_url:
            out.append(_link(mention_url.format(quote(match["mention"])), token))
        else:
            out.append(escape(token))
        last = match.end()
    out.append(escape(line[last:]))
    return "".join(out)


def _on(template: str | None, host: str) -> str | None:
    """A link template on the post's own server ({host}); None when it needs one and there is none."""
    if template is None or "{host}" not in template:
        return template
    return template.replace("{host}", host) if host else None


def text_html(text: str, platform: str, url: str = "") -> Markup:
    """The whole text, escaped, with links; line breaks and spaces are kept as typed (the page
    shows them with white-space: pre-wrap), so the text read back from the page is the text.
    `url` is the post's address on its platform, whose host a {host} link template needs."""
    host = urlsplit(original_url(url, platform)).hostname or ""
    return Markup("\n".join(linkify_line(line, platform, host) for line in displayable(text).split("\n")))


# A sentence ends at . ! ? or … followed by a space and a word that does not start in lower case
# or with a digit ("t.ex. en", "kl. 10" go on); the group is the next sentence's first character.
SENTENCE_END = re.compile(r"[.!?…]+[\"”’»)]*(?=\s+(\S))")
ABBREVIATIONS = {"t.ex", "bl.a", "d.v.s", "m.fl", "s.k", "p.g.a", "fr.o.m", "t.o.m", "f.d", "ca", "kl",
                 "nr", "jfr", "resp", "tel", "inkl", "exkl", "ang", "prof", "dr"}
TRAILING_TAGS = re.compile(r"(?:\s+[#@][\w.]+)+\s*$")
TRAILING_DOTS = re.compile(r"(?:\.{2,}|…)[.…]*$")


def shorten(text: str, limit: int) -> str:
    """One line of whole words, at most `limit` characters; a text that is cut, or that trails
    off ("..."), ends in exactly one ellipsis (never "på…." or "slut.…")."""
    text = TRAILING_DOTS.sub("…", " ".join(text.split()))
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]  # room for the ellipsis
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # drop the word that was cut
    return cut.rstrip(" ,;:–—-.…") + "…"


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def _first_sentence(line: str) -> str:
    for match in SENTENCE_END.finditer(line):
        following = match.group(1)
        word = line[:match.start()].rsplit(" ", 1)[-1].lower()
        if following.islower() or following.isdigit() or word in ABBREVIATIONS:
            continue
        return line[:match.end()]
    return line


def title_of(text: str, shared_url: str, platform: str, when_text: str, linked_title: str = "",
             limit: int = 80) -> str:
    return title_text(_title(displayable(text), shared_url, platform, when_text, linked_title, limit))


def _title(text: str, shared_url: str, platform: str, when_text: str, linked_title: str, limit: int) -> str:
    """The one title of an archived post: in the lists, as its page's heading and <title>, in
    search and in the feed. The first sentence of the first line that has words of its own (links
    become their host, trailing hashtags go), cut at a word; for a post that only shares a link,
    "Delad länk" and the blog post's title or the link's host; else the platform and the date."""
    for line in text.splitlines():
        if not re.search(r"\w", TOKENS.sub("", line)):
            continue  # only links, hashtags, mentions or emoji
        prose = TOKENS.sub(lambda m: _host(m["url"]) if m["url"] else m.group(0), line)
        sentence = _first_sentence(" ".join(prose.split()))
        sentence = TRAILING_TAGS.sub("", sentence)
        if sentence.endswith(".") and not sentence.endswith(".."):
            sentence = sentence[:-1]
        return shorten(sentence, limit)
    link = shared_url or next((m["url"] for m in TOKENS.finditer(text) if m["url"]), "")
    if linked_title:
        return shorten(f"Delad länk: {linked_title}", limit)
    if link:
        return f"Delad länk från {_host(link)}"
    first = next((line for line in text.splitlines() if line.strip()), "")
    return shorten(first, limit) if first else f"{label(platform)}-inlägg {when_text}"


def page_slug(platform: str, post_id: str) -> str:
    """The folder of an archived post's page: /arkiv/inlagg/<slug>/."""
    return f"{platform}-{post_id}".replace(":", "-").replace("/", "-")


def body_of(text: str, kind: str) -> str:
    """What the page shows under its heading: an article's text starts with its own headline
    (the title), then a blank line; a post's text is all body."""
    if kind == "article" and "\n\n" in text:
        return text.split("\n\n", 1)[1]
    return text


def summary(text: str, limit: int = 155) -> str:
    """The text on one line, cut at a word: the page's description."""
    return title_text(shorten(displayable(text), limit))


def web_url(url: str) -> str:
    """The URL if it is an http(s) address with a host (never javascript: or data:), else ""."""
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.hostname else ""


def original_url(url: str, platform: str) -> str:
    """The post's address on its platform, if it is one: https on the platform's own host, else ""."""
    host = (urlsplit(url).hostname or "").lower()
    hosts = record(platform).post_hosts
    on_platform = hosts is None or any(host == h or host.endswith("." + h) for h in hosts)
    return url if web_url(url) and urlsplit(url).scheme == "https" and on_platform else ""


def genitive(name: str) -> str:
    """Swedish genitive of a platform's name: Instagrams, LinkedIns, Threads, X:s."""
    if name.isupper():
        return f"{name}:s"
    return name if name[-1] in "sxz" else f"{name}s"


def original_note(platform: str, has_url: bool) -> str:
    """What the page says about the original, honestly: some exports hold no address for it."""
    name = label(platform)
    if has_url:
        return f"Det här är en arkiverad kopia ur {genitive(name)} export av kontot."
    return (f"Det här är en arkiverad kopia ur {genitive(name)} export av kontot. "
            f"{genitive(name)} export har ingen länk till originalinlägget.")


def no_media_note(platform: str) -> str:
    """What a post's page says when its platform's export holds no photos or videos, else ""."""
    if record(platform).media_in_export:
        return ""
    name = label(platform)
    return f"{genitive(name)} export innehåller inga bilder eller filmer. Eventuella bilder finns kvar i originalinlägget."


def media_count(kinds: list[str]) -> str:
    """'2 bilder och 1 film'."""
    photos, films = kinds.count("image"), kinds.count("video")
    parts = ([f"{photos} {'bild' if photos == 1 else 'bilder'}"] if photos else []) + (
        [f"{films} {'film' if films == 1 else 'filmer'}"] if films else [])
    return " och ".join(parts)


def fallback_alt(platform: str, when_text: str, index: int, count: int, kind: str) -> str:
    what = "Video" if kind == "video" else "Bild"
    part = f" {index} av {count}" if count > 1 else ""
    return f"{what}{part} från {label(platform)}-inlägget {when_text} (ingen bildbeskrivning ännu)"
