"""invoke's own words in Swedish: its parse errors, the task list's heading and a task's help.

invoke prints these itself, outside our tasks, and offers no setting for them; a custom Program
would need its own command instead of `.venv/bin/invoke`, which the README's commands use. So
tasks.py, which invoke loads before it parses the task arguments and lists or helps, gives the
running program this subclass. Only wording changes; every decision stays invoke's.
"""

from __future__ import annotations

import contextlib
import io
import re

from invoke import Program
from invoke.exceptions import ParseError

# invoke's English sentence (a pattern) and ours; {0}, {1} are the pattern's groups. A flag is
# named in invoke's words as 'flag' or as <Argument: name (n) [type]>; both become --name.
FLAG = r"(?:'-*([^']+)'|<Argument: (\w+)[^>]*>)"
PARSE_ERRORS = (
    (r"'(\S+)' did not receive required positional arguments: (.+)",
     "invoke {0}: {1}. Se invoke --help {0}"),
    (r"No idea what '(-[^']*)' is!", "invoke: okänt val {0}; invoke --help KOMMANDO visar vilka val ett kommando har"),
    (r"No idea what '([^']*)' is!", "invoke: det finns inget kommando {0}; invoke --list visar alla kommandon"),
    (rf"Flag {FLAG} needed value and was not given one!", "invoke: --{0} behöver ett värde, till exempel --{0} 8001"),
    (rf"Flag {FLAG} doesn't take any value!", "invoke: --{0} tar inget värde; skriv bara --{0}"),
)
HELP_WORDS = (("Usage:", "Så här:"), ("inv[oke]", "invoke"), ("[--core-opts]", "[allmänna val]"),
              ("[--options]", "[val]"), ("[other tasks here ...]", ""), ("Docstring:", "Beskrivning:"),
              ("Options:", "Val:"), ("=STRING", "=TEXT"), (" STRING,", " TEXT,"), ("=INT", "=TAL"), (" INT,", " TAL,"),
              ("  none\n", "  inga\n"))


def swedish_parse_error(message: str, context=None) -> str:
    for pattern, swedish in PARSE_ERRORS:
        match = re.fullmatch(pattern, message)
        if match:
            words = [group.replace("'", "") for group in match.groups() if group is not None]
            if pattern.endswith("positional arguments: (.+)"):
                words[1] = "; ".join(_missing(name.strip(), context) for name in words[1].split(","))
            return swedish.format(*words)
    return f"invoke: {message}"


def _missing(name: str, context) -> str:
    """'title saknas – inläggets rubrik, inom citattecken': the argument with our help text for it."""
    argument = context.args.get(name) if hasattr(context, "args") else None
    return f"{name} saknas – {argument.help}" if argument is not None and argument.help else f"{name} saknas"


class SwedishProgram(Program):
    def parse_tasks(self) -> None:
        try:
            super().parse_tasks()
        except ParseError as error:
            raise ParseError(swedish_parse_error(str(error), error.context), error.context) from None

    def task_list_opener(self, extra: str = "") -> str:
        return "Kommandon (invoke --help KOMMANDO visar ett kommandos val)"

    def print_task_help(self, name: str) -> None:
        english = io.StringIO()
        with contextlib.redirect_stdout(english):
            super().print_task_help(name)
        text = english.getvalue()
        for words, swedish in HELP_WORDS:
            text = text.replace(words, swedish)
        print(re.sub(r" +\n", "\n", text), end="")


def speak_swedish() -> None:
    """Make the running `invoke` command this program, if it is invoke's own (not in tests)."""
    from invoke.main import program

    if type(program) is Program:
        program.__class__ = SwedishProgram
