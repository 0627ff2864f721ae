"""Text from outside (an export, a post's JSON) made safe to show: what HTML and XML cannot carry.

The archive keeps a post's text exactly as the platform gave it (posts.json too); only what is
shown is cleaned here, in one place, for the pages and the feeds:

- characters XML 1.0 cannot hold (U+0000, U+000B, unpaired surrogates, U+FFFE and U+FFFF) and
  Unicode noncharacters, which the Nu checker rejects in HTML: a feed writer refuses them;
- in titles, bidirectional embedding, override and isolate controls (U+202A–U+202E,
  U+2066–U+2069): an unclosed U+202E reverses everything after it in a <title> or a list line.
  Paragraphs of body text end such a control at their own end, so there they stay.
"""

from __future__ import annotations

import re

_NOT_DISPLAYABLE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\ufdd0-\ufdef]"
                              "|[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
                              "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
                              "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
                              "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def displayable(text: str) -> str:
    """The text without the characters HTML and XML cannot carry."""
    return _NOT_DISPLAYABLE.sub("", text)


def title_text(text: str) -> str:
    """A one-line title or description: displayable, and no direction control can run past it."""
    return _BIDI_CONTROLS.sub("", displayable(text))
