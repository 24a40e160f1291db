#!/usr/bin/env python3
"""Verify a Sijill evidence package with nothing but Python 3.8+ and this file.

    python3 verify_package.py PACKAGE.zip

Checks, without any database or Sijill install:
  1. every file in the ZIP is listed in SHA256SUMS with the right SHA-256, and none is missing
     or added (SHA256SUMS also works with `sha256sum -c` after unzipping);
  2. every original's SHA-256 and SHA-512 equal those in manifest.json;
  3. every item's custody log is an unbroken hash chain (each event's hash covers the one before).
Exit status 0 when all hold; otherwise 1, naming each file, item and event that fails.

This file is also the one implementation of the custody-event hash inside Sijill
(sijill/evidence/package_verify.py), so the package is checked by the same code that wrote it.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile

GENESIS = "0" * 64
SUMS = "SHA256SUMS"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def custody_event_hash(*, prev_hash: str, item: str, seq: int, at: str, actor: str, action: str, details: dict) -> str:
    """SHA-256 of the previous event's hash and this event's canonical JSON."""
    body = canonical({"item": item, "seq": seq, "at": at, "actor": actor, "action": action, "details": details})
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def chain_problems(item: str, events: list) -> list:
    """What is wrong with one item's custody log (events as dicts in stored order); [] when intact."""
    problems = []
    prev_hash = GENESIS
    for position, event in enumerate(events, start=1):
        seq = event.get("seq")
        where = f"item {item}, custody event #{seq}"
        if seq != position:
            problems.append(f"{where}: out of order or missing (expected #{position})")
        if event.get("prev_hash") != prev_hash:
            problems.append(f"{where}: does not link to the event before it")
        digest = custody_event_hash(
            prev_hash=event.get("prev_hash", ""), item=item, seq=seq, at=event.get("at"),
            actor=event.get("actor", ""), action=event.get("action"), details=event.get("details") or {},
        )
        if digest != event.get("hash"):
            problems.append(f"{where}: content was changed after it was written")
        prev_hash = event.get("hash")
    return problems


def _digests(archive: zipfile.ZipFile, name: str) -> tuple:
    sha256, sha512 = hashlib.sha256(), hashlib.sha512()
    with archive.open(name) as fh:
        while chunk := fh.read(CHUNK):
            sha256.update(chunk)
            sha512.update(chunk)
    return sha256.hexdigest(), sha512.hexdigest()


def verify_package(path: str) -> tuple:
    """(items checked, problems): an empty list of problems means the package is intact."""
    problems = []
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        return 0, [f"{path}: not a readable ZIP ({exc})"]
    with archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        if len(names) != len(set(names)):
            problems.append("the ZIP holds two entries with the same name")
        if SUMS not in names:
            return 0, [f"{SUMS} is missing"]
        listed = {}
        for line in archive.read(SUMS).decode("utf-8", "replace").splitlines():
            digest, sep, name = line.partition("  ")
            if not sep:
                problems.append(f"{SUMS}: unreadable line {line!r}")
                continue
            listed[name] = digest
        computed = {}
        for name in names:
            if name == SUMS:
                continue
            if name not in listed:
                problems.append(f"{name}: in the ZIP but not listed in {SUMS} (added)")
                continue
            try:
                computed[name] = _digests(archive, name)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                problems.append(f"{name}: cannot be read ({exc})")
                continue
            if computed[name][0] != listed[name]:
                problems.append(f"{name}: SHA-256 differs from {SUMS} (changed)")
        for name in listed:
            if name not in names:
                problems.append(f"{name}: listed in {SUMS} but missing from the ZIP")
        if MANIFEST not in names:
            return 0, problems + [f"{MANIFEST} is missing"]
        try:
            manifest = json.loads(archive.read(MANIFEST))
        except ValueError as exc:
            return 0, problems + [f"{MANIFEST} is not valid JSON ({exc})"]
        items = manifest.get("items", [])
        for item in items:
            uid = item.get("uid", "?")
            label = f"item {uid}"
            original = item.get("file")
            if original not in computed:
                problems.append(f"{label}: its original {original!r} is missing or unreadable")
            else:
                sha256, sha512 = computed[original]
                if sha256 != item.get("sha256"):
                    problems.append(f"{label}: original's SHA-256 differs from the manifest")
                if sha512 != item.get("sha512"):
                    problems.append(f"{label}: original's SHA-512 differs from the manifest")
            problems.extend(chain_problems(uid, item.get("custody", [])))
    return len(items), problems


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python3 verify_package.py PACKAGE.zip", file=sys.stderr)
        return 2
    checked, problems = verify_package(argv[0])
    for problem in problems:
        print(f"FAIL {problem}")
    if problems:
        print(f"Package NOT intact: {len(problems)} problem(s).")
        return 1
    print(f"Package intact: {checked} item(s), every file, hash and custody chain verified.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
