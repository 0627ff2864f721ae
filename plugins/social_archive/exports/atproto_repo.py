"""An atproto repository as Bluesky exports it (repo.car): its blocks, its commit and its record keys.

A CAR v1 file is a varint-framed DAG-CBOR header `{version: 1, roots: [commit CID]}`, then
`(varint length, CID, block)` frames. The root is the commit `{did, version: 3 (or 2, which real
repositories still carry), data}`; `data` is the root of the Merkle search tree. Records do not
hold their own key (`<collection>/<rkey>`), so the tree is walked from `commit.data`: each node
`{l, e: [{p, k, v, t}]}` has a left subtree `l`, then entries whose key is the first `p` bytes
of the node's previous key + `k`, with the record's CID `v` and a right subtree `t`. Blocks the
walk does not reach (old revisions) are ignored.

Why by hand: no maintained library in our lock walks the tree on libipld (atproto's SDK reads
only the CAR; atmst needs cbrrr), and the walk is small. The framing is split here too, not by
`libipld.decode_car`, because decode_car checks no block against its CID and decodes every block
(each like and follow); here only the blocks asked for are decoded, each checked against its
sha-256 first. The walk keeps its own stack and a bound on depth, so a tree that loops or goes
thousands of levels deep is one Swedish line, never a crash. libipld gives CID links and byte
strings alike as `bytes` (a CID without its multibase 0 byte); the schema says which is which.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

import libipld

from ..export_files import ExportError

CARV2_PRAGMA = bytes.fromhex("0aa16776657273696f6e02")
DID = re.compile(r"^did:[a-z]+:[A-Za-z0-9._:%-]{1,2048}$")
MAX_DEPTH = 64  # a real tree of millions of keys is ~12 deep (fanout 4)
SHA256_CID = (1, 0x71, 0x12, 32)  # CIDv1, dag-cbor, sha-256: every block of a repository
RAW_CID = (1, 0x55, 0x12, 32)  # CIDv1, raw, sha-256: every blob (image, video)

EXPORT_AGAIN = "Inställningar → Konto → Exportera mina data"
GARBLED = "CAR-filen är skadad eller inte hel ({}); ladda ned exporten igen (" + EXPORT_AGAIN + ")"
NOT_A_COMMIT = "CAR-filens rot är ingen commit från Bluesky (did och version 3); det är ingen export av ett konto"


def head_kind(data: bytes) -> str:
    """"car", "carv2", "json" (a dump of records) or "" (something else), from a file's first bytes."""
    if data.startswith(CARV2_PRAGMA):
        return "carv2"
    length = position = 0
    for shift in (0, 7):  # a CAR v1 header is a short DAG-CBOR map {roots, version}
        if position < len(data):
            length |= (data[position] & 0x7F) << shift
            position += 1
            if not data[position - 1] & 0x80:
                break
    header = data[position:position + length]
    if 0 < length < 4096 and header[:1] in (b"\xa1", b"\xa2") and b"roots" in header and b"version" in header:
        return "car"
    if data.lstrip()[:1] in (b"{", b"[") and (b'"did:' in data or b"app.bsky." in data or b'"at://' in data):
        return "json"
    return ""


def varint(data: bytes, position: int, member: str) -> tuple[int, int]:
    """An unsigned LEB128 varint at position → (value, position after it)."""
    value = 0
    for shift in range(0, 63, 7):
        if position >= len(data):
            raise ExportError(member, GARBLED.format("filen tar slut mitt i ett block"))
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
    raise ExportError(member, GARBLED.format("ett längdfält är för långt"))


class Repository:
    """A repository's blocks by CID, each decoded and checked against its CID only when asked for."""

    def __init__(self, member: str, data: bytes) -> None:
        self.member = member
        self.view = memoryview(data)
        self.frames: dict[bytes, tuple[int, int]] = {}  # CID bytes → (start, end) of its block
        length, position = varint(data, 0, member)
        header = self.decode(self.view[position:position + length], "huvudet")
        position += length
        roots = header.get("roots") if isinstance(header, dict) else None
        if not isinstance(header, dict) or header.get("version") != 1:
            raise ExportError(member, GARBLED.format("huvudet anger inte CAR version 1"))
        if not isinstance(roots, list) or len(roots) != 1 or not isinstance(roots[0], bytes):
            raise ExportError(member, GARBLED.format("huvudet har inte en rot"))
        while position < len(data):
            length, position = varint(data, position, member)
            end = position + length
            if end > len(data):
                raise ExportError(member, GARBLED.format("filen tar slut mitt i ett block"))
            cid_end = cid_length(data, position, end, member)
            self.frames.setdefault(bytes(data[position:cid_end]), (cid_end, end))
            position = end
        self.commit = self.block(roots[0], "commit")
        commit = self.commit
        if (
            not isinstance(commit, dict)
            or commit.get("version") not in (2, 3)
            or not isinstance(commit.get("did"), str)
            or not DID.match(commit["did"])
            or not isinstance(commit.get("data"), bytes)
        ):
            raise ExportError(member, NOT_A_COMMIT)
        self.did: str = commit["did"]

    def decode(self, block: memoryview, what: str) -> Any:
        try:
            return libipld.decode_dag_cbor(bytes(block))
        except ValueError as error:
            raise ExportError(self.member, GARBLED.format(f"{what} går inte att avkoda: {error}")) from None
        except RecursionError:
            raise ExportError(self.member, GARBLED.format(f"{what} är nästlat för djupt")) from None

    def block(self, cid: bytes, what: str) -> Any:
        """The decoded block, after checking that its bytes are what its CID says."""
        if cid not in self.frames:
            raise ExportError(self.member, GARBLED.format(f"{what} saknas i filen"))
        start, end = self.frames[cid]
        if cid_parts(cid) != SHA256_CID or hashlib.sha256(self.view[start:end]).digest() != cid[4:]:
            raise ExportError(self.member, GARBLED.format(f"{what} stämmer inte med sitt CID"))
        return self.decode(self.view[start:end], what)

    def records(self) -> Iterator[tuple[str, bytes]]:
        """Every (key, record CID) of the tree, in key order: an in-order walk with its own stack,
        so a deep or looping tree is refused with a message instead of crashing Python."""
        todo: list[tuple[bytes, int] | tuple[str, bytes]] = [(self.commit["data"], 1)]
        seen: set[bytes] = set()
        previous = ""
        while todo:
            item = todo.pop()
            if isinstance(item[0], str):  # an entry whose left side has been walked
                key, cid = item
                if key <= previous:
                    raise ExportError(self.member, GARBLED.format("nycklarna i trädet ligger i fel ordning"))
                previous = key
                yield key, cid
                continue
            cid, depth = item
            if cid in seen:
                raise ExportError(self.member, GARBLED.format("trädet pekar i en slinga"))
            if depth > MAX_DEPTH:
                raise ExportError(self.member, GARBLED.format(f"trädet är djupare än {MAX_DEPTH} nivåer"))
            seen.add(cid)
            todo.extend(reversed(list(self.node(cid, depth))))

    def node(self, cid: bytes, depth: int) -> Iterator[tuple[bytes, int] | tuple[str, bytes]]:
        """One tree node as work in order: its left subtree, then each entry and its right subtree."""
        node = self.block(cid, "en nod i trädet")
        entries = node.get("e") if isinstance(node, dict) else None
        if not isinstance(entries, list) or not isinstance(node.get("l"), (bytes, type(None))):
            raise ExportError(self.member, GARBLED.format("en nod i trädet har fel form"))
        if node["l"] is not None:
            yield node["l"], depth + 1
        key = b""
        for entry in entries:
            if not (
                isinstance(entry, dict)
                and isinstance(entry.get("p"), int)
                and 0 <= entry["p"] <= len(key)
                and isinstance(entry.get("k"), bytes)
                and isinstance(entry.get("v"), bytes)
                and isinstance(entry.get("t"), (bytes, type(None)))
            ):
                raise ExportError(self.member, GARBLED.format("en nyckel i trädet har fel form"))
            key = key[: entry["p"]] + entry["k"]
            try:
                yield key.decode("utf-8"), entry["v"]
            except UnicodeDecodeError:
                raise ExportError(self.member, GARBLED.format("en nyckel i trädet är inte UTF-8")) from None
            if entry["t"] is not None:
                yield entry["t"], depth + 1


def cid_length(data: bytes, position: int, end: int, member: str) -> int:
    """Where the binary CIDv1 at position ends (version, codec, multihash code and length, digest)."""
    after = position
    for _ in range(3):
        _, after = varint(data, after, member)
    size, after = varint(data, after, member)
    if data[position] != 1 or after + size > end:
        raise ExportError(member, GARBLED.format("ett block har inget giltigt CID"))
    return after + size


def cid_parts(cid: bytes) -> tuple[int, int, int, int] | None:
    try:
        parts = libipld.decode_cid(cid)
    except ValueError:
        return None
    return parts["version"], parts["codec"], parts["hash"]["code"], parts["hash"]["size"]
