"""Bluesky repo.car files written at test time, as a PDS writes them (com.atproto.sync.getRepo).

A fixture (tests/fixtures/exports/bluesky-*/repo.json) lists an account's records in atproto's
JSON form; this module encodes each as DAG-CBOR with libipld, builds the real Merkle search tree
over their keys (fanout 4, prefix-compressed keys, subtrees where the keys' depths call for
them), signs nothing (no reader checks the signature) and frames it all as CAR v1. Blobs
(`{"$link": "photo:NAME"}`) are made here too, tiny photos with EXIF GPS and a shaped MP4, and
written to a folder named by their CIDs, as getBlob or `goat blob export` leave them.

libipld encodes no CID links (a `bytes` value becomes a byte string), so each link is encoded as
a marked byte string and then rewritten as CBOR tag 42, which is the same length-free item.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import libipld

from tests.archive_support import FIXTURES, photo, tiny_mp4

DAG_CBOR, RAW = 0x71, 0x55
MARK = b"\xfeLINK\xfe"  # 6 bytes; with a 36-byte CID a 42-byte string: header 0x58 0x2a
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
BLOB_MAKERS = {"photo": lambda name: photo(name, "PNG" if name.endswith(".png") else "JPEG"),
               "video": lambda name: tiny_mp4(payload=name.encode())}


@dataclass(frozen=True)
class Link:
    cid: bytes


def cid_of(data: bytes, codec: int = DAG_CBOR) -> bytes:
    """Binary CIDv1 with a sha-256 multihash: version, codec, 0x12, 32, digest."""
    return bytes([1, codec, 0x12, 0x20]) + hashlib.sha256(data).digest()


def _marked(value: Any) -> Any:
    if isinstance(value, Link):
        return MARK + value.cid
    if isinstance(value, dict):
        return {k: _marked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_marked(v) for v in value]
    return value


def encode(value: Any) -> bytes:
    """DAG-CBOR of value, each Link as tag 42 (a byte string of 0x00 + the binary CID)."""
    data = libipld.encode_dag_cbor(_marked(value))
    head = bytes([0x58, len(MARK) + 36]) + MARK
    while (at := data.find(head)) >= 0:
        cid = data[at + len(head):at + len(head) + 36]
        data = data[:at] + b"\xd8\x2a\x58\x25\x00" + cid + data[at + len(head) + 36:]
    return data


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def tid(n: int) -> str:
    """A TID (13 base32-sortable characters) for filler records."""
    value = ((1_730_000_000_000_000 + n * 1_000_003) << 10) | 7
    return "".join(TID_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(13)))


@dataclass
class Repo:
    blocks: dict[bytes, bytes] = field(default_factory=dict)  # CID → block bytes, in write order
    blobs: dict[str, bytes] = field(default_factory=dict)  # CID string → file bytes
    nodes: list[dict[str, Any]] = field(default_factory=list)  # the MST nodes, for tests to inspect

    def put(self, value: Any) -> bytes:
        data = encode(value)
        cid = cid_of(data)
        self.blocks[cid] = data
        return cid


def key_depth(key: str) -> int:
    """atproto's MST layer of a key: leading zero bits of sha-256(key), two per layer (fanout 4)."""
    digest = int.from_bytes(hashlib.sha256(key.encode()).digest(), "big")
    return (256 - digest.bit_length()) // 2


def build_mst(repo: Repo, leaves: dict[str, bytes]) -> bytes:
    """The tree's root CID over sorted keys → record CIDs."""
    keys = sorted(leaves)
    top = max((key_depth(k) for k in keys), default=0)
    return _node(repo, keys, leaves, top)


def _node(repo: Repo, keys: list[str], leaves: dict[str, bytes], layer: int) -> bytes:
    here = [k for k in keys if key_depth(k) == layer]
    groups: list[list[str]] = [[]]
    for key in keys:
        if key in here:
            groups.append([])
        else:
            groups[-1].append(key)

    def subtree(group: list[str]) -> Link | None:
        return Link(_node(repo, group, leaves, layer - 1)) if group else None

    entries, previous = [], b""
    for key, group in zip(here, groups[1:]):
        raw = key.encode()
        shared = next((i for i, (a, b) in enumerate(zip(raw, previous)) if a != b), min(len(raw), len(previous)))
        entries.append({"p": shared, "k": raw[shared:], "v": Link(leaves[key]), "t": subtree(group)})
        previous = raw
    node = {"l": subtree(groups[0]), "e": entries}
    repo.nodes.append(node)
    return repo.put(node)


def from_json(value: Any, repo: Repo) -> Any:
    """atproto JSON → the values to encode: {"$link"} a CID link (a made blob for photo:/video:)."""
    if isinstance(value, dict):
        if set(value) == {"$link"}:
            link = value["$link"]
            kind, _, name = link.partition(":")
            if kind in BLOB_MAKERS:
                data = BLOB_MAKERS[kind](name)
                cid = cid_of(data, RAW)
                repo.blobs[libipld.encode_cid(cid)] = data
                return Link(cid)
            return Link(_binary(link))
        converted = {k: from_json(v, repo) for k, v in value.items()}
        made = repo.blobs.get(libipld.encode_cid(converted["ref"].cid)) if isinstance(converted.get("ref"), Link) else None
        if converted.get("$type") == "blob" and made is not None:
            converted["size"] = len(made)
        return converted
    if isinstance(value, list):
        return [from_json(v, repo) for v in value]
    return value


def _binary(cid: str) -> bytes:
    parts = libipld.decode_cid(cid)
    return bytes([1, parts["codec"], parts["hash"]["code"], parts["hash"]["size"]]) + parts["hash"]["digest"]


def repository(description: dict[str, Any]) -> tuple[bytes, Repo]:
    """repo.car's bytes for a fixture's description, and what went into it."""
    repo = Repo()
    records = dict(description["records"])
    for collection, count in description.get("filler", {}).items():
        for n in range(count):
            records[f"{collection}/{tid(n)}"] = {"$type": collection, "createdAt": "2024-10-27T03:36:40Z",
                "subject": f"did:plc:filler{n:04d}" if "graph" in collection else
                {"uri": f"at://did:plc:other/app.bsky.feed.post/{tid(n + 500)}", "cid": "x"}}
    leaves = {key: repo.put(from_json(record, repo)) for key, record in records.items()}
    return finish(repo, leaves, description["did"], description.get("version", 3)), repo


def finish(repo: Repo, leaves: dict[str, bytes], did: str, version: int = 3) -> bytes:
    """The tree over the records' CIDs, the commit and the CAR around them."""
    commit = {"did": did, "version": version, "data": Link(build_mst(repo, leaves)),
              "rev": "3lrajpxmd222b", "prev": None, "sig": b"\x00" * 64}
    return car_bytes(repo.put(commit), repo.blocks)


def car_bytes(root: bytes, blocks: dict[bytes, bytes]) -> bytes:
    """CAR v1: varint-framed header {roots, version: 1}, then varint-framed CID + block."""
    header = encode({"version": 1, "roots": [Link(root)]})
    frames = [varint(len(header)) + header]
    # The commit first, as a PDS writes it; the order of the rest does not matter to a reader.
    for cid in sorted(blocks, key=lambda c: c != root):
        frames.append(varint(len(cid) + len(blocks[cid])) + cid + blocks[cid])
    return b"".join(frames)


def description(case: str) -> dict[str, Any]:
    return json.loads((FIXTURES / case / "repo.json").read_text(encoding="utf-8"))


def write_export(case: str, tmp_path: Path, blobs: bool = True) -> tuple[Path, Path, Repo]:
    """tmp_path/<case>/repo.car and, beside it, bilder/ with every blob named by its CID."""
    data, repo = repository(description(case))
    folder = tmp_path / case
    (folder / "bilder").mkdir(parents=True)
    (folder / "repo.car").write_bytes(data)
    for cid, content in repo.blobs.items() if blobs else ():
        (folder / "bilder" / cid).write_bytes(content)
    return folder / "repo.car", folder / "bilder", repo


def deep_chain(depth: int, did: str = "did:plc:djup") -> bytes:
    """A CAR whose tree is `depth` nodes of only a left subtree, above one post: valid hashes."""
    repo = Repo()
    record = repo.put({"$type": "app.bsky.feed.post", "text": "djupt", "createdAt": "2025-01-01T00:00:00Z"})
    node = repo.put({"l": None, "e": [{"p": 0, "k": b"app.bsky.feed.post/3lo3x356d222b", "v": Link(record), "t": None}]})
    for _ in range(depth):
        node = repo.put({"l": Link(node), "e": []})
    commit = repo.put({"did": did, "version": 3, "data": Link(node), "rev": "x", "prev": None, "sig": b""})
    return car_bytes(commit, repo.blocks)


def looping(did: str = "did:plc:slinga") -> bytes:
    """A CAR whose tree node names itself as its left subtree: only possible with a block whose
    bytes do not match its CID, since a CID is the hash of the bytes that hold it."""
    repo = Repo()
    fake = cid_of(b"the loop")
    node = encode({"l": Link(fake), "e": []})
    repo.blocks[fake] = node
    commit = repo.put({"did": did, "version": 3, "data": Link(fake), "rev": "x", "prev": None, "sig": b""})
    return car_bytes(commit, repo.blocks)
