"""Pelican's messages in Swedish, naming the file, the field and the fix (our plugins write their own in Swedish).

One table: an English pattern, searched in the message, and the Swedish sentence it becomes.
Paths reach the table already relative to the project (content/posts/x.md); paths that Pelican
gives relative to the content folder get that folder's name in front ({content}). A rule may say
that its message only repeats an earlier one that named the same thing (`covered_by`): Pelican
warns about a broken link when it writes the page, after content_checks named the post.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from blog.dates import EXAMPLE as DATE_EXAMPLE


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern
    swedish: Callable[[re.Match, str], str]  # (match, content folder) -> the sentence
    covered_by: str | None = None  # a group: redundant if an earlier message of the build names it


@dataclass(frozen=True)
class Translation:
    text: str
    known: bool  # a rule matched: a content problem, told in a sentence, never with a traceback
    covered_by: str | None = None


def _rule(pattern: str, swedish, covered_by: str | None = None) -> Rule:
    return Rule(re.compile(pattern, re.DOTALL), swedish, covered_by)


def _files(block: str) -> str:
    """Pelican's list of files, one a line, as 'a och b'."""
    names = [line.strip() for line in block.splitlines() if line.strip()]
    return ", ".join(names[:-1]) + f" och {names[-1]}" if len(names) > 1 else "".join(names)


def _field(name: str) -> str:
    return name[:1].upper() + name[1:]


_SAME_ADDRESS = "{files} har samma adress (Slug: {slug}); ge det ena en egen Slug eller en annan Title"

RULES: tuple[Rule, ...] = (
    _rule(r"Could not process (?P<file>\S+?)(?=:|\s|$)",
          lambda m, c: f"{c}/{m['file']} kunde inte läsas"),
    _rule(r"Skipping (?P<file>\S+): could not find information about '(?P<field>\w+)'",
          lambda m, c: f"{m['file']}: {_field(m['field'])} saknas, så filen hoppades över; skriv "
                       f"{_field(m['field'])}: … överst i filen"),
    _rule(r"Skipping (?P<file>\S+): file '(?P<target>[^']+)' would be written outside output path",
          lambda m, c: f"{m['file']}: adressen {m['target']} hamnar utanför webbplatsen; rätta Slug eller Save_as"),
    _rule(r"Unknown status '(?P<status>[^']*)' for file (?P<file>\S+), skipping it\. \(Not in .*\)",
          lambda m, c: f"{m['file']}: Status: ”{m['status']}” är okänd, så filen hoppades över; skriv "
                       "Status: draft, Status: hidden eller ta bort raden"),
    _rule(r"Duplicate definition of `(?P<field>\w+)` for (?P<file>\S+)\. Using first one\.",
          lambda m, c: f"{m['file']}: {_field(m['field'])} står två gånger; den första används, ta bort den andra"),
    _rule(r"'(?P<value>[^\n]*)' is not a valid date",
          lambda m, c: f"Date: ”{m['value']}” är inget datum som går att läsa; skriv till exempel {DATE_EXAMPLE}"),
    _rule(r"Unable to find '/?(?P<target>[^']+)', skipping url replacement\.",
          lambda m, c: f"En länk till {c}/{m['target']} går inte att följa, eftersom filen inte finns; "
                       "rätta länken", covered_by="target"),
    _rule(r"Other resources were not found and their urls not replaced",
          lambda m, c: "Fler länkar går inte att följa; rätta dem och bygg igen"),
    _rule(r"\{filename\} used for linking to static content (?P<target>\S+) in (?P<file>\S+)\. "
          r"Use \{static\} instead",
          lambda m, c: f"{m['file']}: texten: länken till {m['target']} är skriven med {{filename}}; skriv "
                       "{static} för bilder och andra filer"),
    _rule(r"Cannot get modification stamp for (?P<file>\S+)\s.*",
          lambda m, c: f"{m['file']} finns inte, men ett inlägg eller en sida länkar till den; lägg filen där "
                       "eller rätta länken"),
    _rule(r'There are \d+ items "with slug "(?P<slug>[^"]+)"" with lang \S+:(?P<files>.*)',
          lambda m, c: _SAME_ADDRESS.format(files=_files(m["files"]), slug=m["slug"])),
    _rule(r'There are \d+ original \(not translated\) items with slug "(?P<slug>[^"]+)":(?P<files>.*)',
          lambda m, c: _SAME_ADDRESS.format(files=_files(m["files"]), slug=m["slug"])),
    _rule(r'(?:FileOverwriteFailedError: )?Failed to overwrite "(?P<file>[^"]+)" (?:as Pelican has already '
          r"written to it previously \(set `override=True` if intended\)|a second time \(was previously "
          r"overwritten\))",
          lambda m, c: f"Två inlägg eller sidor skulle skrivas till samma fil, {m['file']}; ge det ena en egen "
                       "Slug eller en annan Title"),
    _rule(r"Keyboard interrupt received\. Exiting\.", lambda m, c: "Avbrutet."),
)


def translate(message: str, project: str, content: str) -> Translation:
    """`message` with absolute paths under `project` made relative, and every matching rule applied
    once, in the table's order ("Could not process x: <an error of its own>" takes two).

    `content` is the content folder relative to the project ("content").
    """
    text = message.replace(project.rstrip("/") + "/", "")
    known, covered = False, None
    for rule in RULES:
        match = rule.pattern.search(text)
        if match:
            text = text[: match.start()] + rule.swedish(match, content) + text[match.end():]
            known = True
            if rule.covered_by and covered is None:
                covered = match[rule.covered_by]
    return Translation(text, known, covered)
