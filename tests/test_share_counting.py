"""The share kit's counters against the networks' own material: never lower than the network counts.

Two kinds of evidence:
- the networks' conformance material in ../shared/conformance (twitter-text's validate.yml,
  Mastodon's validator spec cases, atproto's grapheme cases), read where it exists; it may not be
  copied into the project, so these tests are skipped, saying why, where it is not there;
- independent oracles that CI always has: npm twitter-text 3.1.0 (package.json; the official
  JavaScript implementation that X's web composer runs), Node's Intl.Segmenter, and the Mastodon and
  Bluesky rules as their specs state them, on many generated and hand-written hostile texts.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from share_kit.counting import bluesky_length, graphemes, mastodon_length, url_spans, x_weighted_length
from tests.conformance_material import CONFORMANCE, needs_conformance
from tests.sitebuild import ROOT


def _cases(name: str) -> dict:
    return json.loads((CONFORMANCE / "checks" / name).read_text(encoding="utf-8"))


# --- The conformance material ------------------------------------------------------------------


@needs_conformance
def test_every_x_weighted_length_case_of_twitter_text():
    import yaml

    suite = yaml.safe_load((CONFORMANCE / "material/twitter-text/validate.yml").read_text(encoding="utf-8"))["tests"]
    cases = suite["WeightedTweetsWithDiscountedEmojiCounterTest"] + suite["UnicodeDirectionalMarkerCounterTest"]
    assert len(cases) >= 24
    wrong = [(c["description"], c["expected"]["weightedLength"], x_weighted_length(c["text"])) for c in cases
             if x_weighted_length(c["text"]) != c["expected"]["weightedLength"]]
    assert wrong == []


@needs_conformance
def test_every_counting_case_of_mastodons_status_length_validator_spec():
    spec = _cases("mastodon_cases.json")

    def text(parts):
        return "".join(piece * times for piece, times in parts)

    # The spec stubs the limit to 500; a content warning and the text count as one string.
    wrong = [(c["it"], mastodon_length(text(c["spoiler"]) + text(c["text"]))) for c in spec["cases"]
             if (mastodon_length(text(c["spoiler"]) + text(c["text"])) > 500) != c["error"]]
    assert len(spec["cases"]) == 10 and wrong == []


@needs_conformance
def test_atproto_grapheme_cases_and_the_lexicon_limits():
    lexicon = json.loads((CONFORMANCE / "material/atproto/app.bsky.feed.post.json").read_text(encoding="utf-8"))
    limits = lexicon["defs"]["main"]["record"]["properties"]["text"]
    assert (limits["maxGraphemes"], limits["maxLength"]) == (300, 3000)
    for case in _cases("atproto_cases.json")["cases"]:
        assert graphemes(case["text"]) == case["graphemes"], case
        # Repeated to the boundary: accepted exactly when both the graphemes and the bytes fit.
        size = len(case["text"].encode("utf-8"))
        most = min(300 // case["graphemes"], 3000 // size)
        for times in (most, most + 1):
            fits = times * case["graphemes"] <= 300 and times * size <= 3000
            assert (bluesky_length(case["text"] * times) <= 300) == fits, (case["text"], times)


# --- The independent oracles -------------------------------------------------------------------
# The generated cases are derandomized, so that CI sees the same texts on every run.


class Oracle:
    """One Node process running tests/oracle_twitter_text.cjs, asked one text at a time."""

    def __init__(self):
        self.process = subprocess.Popen(
            ["node", str(ROOT / "tests" / "oracle_twitter_text.cjs")], cwd=ROOT, text=True, encoding="utf-8",
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def __call__(self, text: str) -> dict:
        self.process.stdin.write(json.dumps(text) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def oracle():
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    assert (ROOT / "node_modules" / "twitter-text").is_dir(), "npm twitter-text missing: run npm ci (invoke test does)"
    made = Oracle()
    yield made
    made.close()


URL = "https://ledarblogg.se/2026/03/besok-hemtjansten-norra/"
FAMILY = "👨\u200d👩\u200d👧\u200d👦"

# Texts a person writes and the kit makes: here every counter must agree with the network exactly.
ORDINARY = [
    "Kaffet var slut kl. 7. I dag träffade jag Maria Svensson (undersköterska) och Ali Hassan (enhetschef) "
    f"på Hemtjänsten Norra.\n\n#äldreomsorg #PsykiskHälsa\n\n{URL}",
    f"Läs mer: {URL}.",
    f"Läs mer på {URL}?utm_source=x&utm_medium=social",
    "Vi ses på ekbacka.se/jobb och www.ekbacka.se i morgon!",
    f"Hej 👋🏽 {FAMILY} 🇸🇪 1️⃣ ❤️ {URL}",
    "Tack @anna@mastodon.nu och @bo@social.ekbacka.se för i dag.",
    "Räksmörgås, ”citat” – tankstreck… och 日本語の文 с кириллицей.",
    "\u200fمرحبا بكم\u200e i Provstad",
    "Budget 2027: 3,5 procent mer till skolan (se bilaga). Frågor? Mejla mig.",
    f"https://t.co/abcdefghij och {URL}",
]

# Written to break counters: links glued to words, hosts twitter-text rejects, odd emoji.
HOSTILE = [
    f"Läs mer{URL}",
    "Läs merhttps://ekbacka.se/nyheter och ähttps://a.se",
    "https://ledarblogg.example/inte-en-toppdomän",
    "http://" + "a" * 70 + ".se/för-lång-etikett",
    "https://" + "långt" * 40 + ".se/",
    f"(😀){URL}",
    "🇸🇪ekbacka.se och 😀.www.ekbacka.se",
    "🧑\u200d🤝\u200d🧑 🏳️\u200d⚧️ 👁️\u200d🗨️ ♾️ 1⃣ 👩🏽\u200d🤝\u200d👩🏻 🫨",
    "🇦🇦🇿🇿 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "https://t.co/" + "a" * 50,
    "http://example.com/valid?" + "#foo?" * 30,
    "@alice@" + "b" * 300 + ".com",
    "a" * 20 + "@alice@b.se x@bo@c.se =@cy@d.se",
    "ekbacka.se\".com/.com/„.xyz",
    "Läs\r\nmer\rhttps://ekbacka.se",
    "\u202ahttps://ekbacka.se\u202c",
    "www.http://😀.com/…",
]

PIECES = ["https://", "http://", "ekbacka.se", "www.", "example.com", ".se", ".xyz", ".museum", "/väg", "?q=1&r=2",
          "#ankare", ".", ",", " ", "\n", "Läs mer", "å", "日本", "t.co/abc", "bl.a.", "(", ")", "@", "@anna@ex.se",
          "#tagg", "😀", "👍🏽", FAMILY, "🇸🇪", "🏳️\u200d⚧️", "\u200d", "\ufe0f", "\u200f", "\u202a", "xn--", "☃.net",
          "-", "_", "…", "”", "a" * 30, "𝐀", "a\u0308", "©", "1⃣", "ä"]
hostile_texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), min_size=1, max_size=16).map("".join)


def test_x_counts_ordinary_texts_exactly_as_twitter_text(oracle):
    assert [x_weighted_length(t) for t in ORDINARY] == [oracle(t)["x"] for t in ORDINARY]


def test_x_never_counts_a_hostile_text_lower_than_twitter_text(oracle):
    lower = [(t, x_weighted_length(t), oracle(t)["x"]) for t in HOSTILE if x_weighted_length(t) < oracle(t)["x"]]
    assert lower == []


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_texts)
def test_x_never_counts_lower_than_twitter_text(oracle, text):
    assert x_weighted_length(text) >= oracle(text)["x"]


def test_mastodon_counts_ordinary_texts_exactly_as_its_rule(oracle):
    assert [mastodon_length(t) for t in ORDINARY] == [oracle(t)["mastodon"] for t in ORDINARY]
    assert mastodon_length("Tack @anna@mastodon.nu!") == len("Tack @anna!")


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_texts)
def test_mastodon_never_counts_lower_than_its_rule(oracle, text):
    assert mastodon_length(text) >= oracle(text)["mastodon"]


def test_mastodon_hostile_texts_never_lower(oracle):
    assert [t for t in HOSTILE if mastodon_length(t) < oracle(t)["mastodon"]] == []


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(PIECES), min_size=1, max_size=16).map("".join))
def test_graphemes_agree_with_intl_segmenter(oracle, text):
    assert graphemes(text) == oracle(text)["graphemes"]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(unit=st.sampled_from(["a", "ä", "日", "😀", FAMILY, "🇸🇪", "a\u0308", "नमस्ते"]), extra=st.integers(-3, 3))
def test_bluesky_accepts_exactly_what_fits_300_graphemes_and_3000_bytes(unit, extra):
    clusters = len(regex.findall(r"\X", unit))
    times = max(1, min(300 // clusters, 3000 // len(unit.encode("utf-8"))) + extra)
    text = unit * times
    fits = len(regex.findall(r"\X", text)) <= 300 and len(text.encode("utf-8")) <= 3000
    assert (bluesky_length(text) <= 300) == fits
    assert bluesky_length(text) >= math.ceil(len(text.encode("utf-8")) / 10)


def test_url_spans_are_twitter_texts_links_with_a_protocol():
    text = f"Läs mer: {URL}. Och ekbacka.se, merhttps://a.se"
    assert [text[start:end] for start, end in url_spans(text)] == [URL]
