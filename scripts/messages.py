"""Regenerate the Arabic catalogues from the code, keeping every translation, and compile them.

    .venv/bin/python scripts/messages.py            # update sijill/**/locale/ar, then compile
    .venv/bin/python scripts/messages.py --check    # fail if any message in the code is untranslated

An app with its own `locale/` folder carries its own messages (`sijill/<app>/locale/ar`); every
other message of the package is in the main catalogue (`sijill/locale/ar`). `--check` regenerates
the catalogues in a temporary copy of the package and lists every message that has no Arabic
translation there, so a string added to the code without one fails the test suite.
Needs GNU gettext (the Makefile installs it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "sijill"
DJANGO_ADMIN = Path(sys.executable).with_name("django-admin")


def _makemessages(cwd: Path, ignore: list[str]) -> None:
    args = [str(DJANGO_ADMIN), "makemessages", "-l", "ar", "--no-obsolete", "--no-location"]
    args += [f"--ignore={pattern}" for pattern in ignore]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sijill.settings"}
    env.setdefault("SIJILL_HOME", tempfile.mkdtemp(prefix="sijill-messages-"))
    subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def regenerate(package: Path) -> list[Path]:
    """Update every catalogue under `package` from its code; return the catalogues."""
    apps = sorted(p.parent for p in package.glob("*/locale") if p.is_dir())
    _makemessages(package, ignore=[f"{app.name}/*" for app in apps] + ["static/*", "*/static/*"])
    for app in apps:
        _makemessages(app, ignore=["static/*"])
    return sorted(package.glob("**/locale/ar/LC_MESSAGES/django.po"))


def untranslated(po_path: Path) -> list[str]:
    """Message ids of a catalogue with an empty or fuzzy translation."""
    out = subprocess.run(["msgattrib", "--untranslated", "--no-wrap", str(po_path)],
                         capture_output=True, text=True, check=True).stdout
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", "--no-wrap", str(po_path)],
                           capture_output=True, text=True, check=True).stdout
    ids = []
    for text in (out, fuzzy):
        ids += [line[7:-1] for line in text.splitlines() if line.startswith('msgid "') and line != 'msgid ""']
    return ids


def check() -> dict[str, list[str]]:
    """Regenerate in a temporary copy; the untranslated messages of each catalogue."""
    with tempfile.TemporaryDirectory(prefix="sijill-messages-") as tmp:
        copy = Path(tmp) / "sijill"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.csv.gz", "*.geojson",
                                                                       "vendor", "*.mo"))
        missing = {}
        for po_path in regenerate(copy):
            ids = untranslated(po_path)
            if ids:
                missing[str(po_path.relative_to(copy))] = ids
        return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report untranslated messages")
    args = parser.parse_args()
    if args.check:
        missing = check()
        for path, ids in missing.items():
            print(f"{path}: {len(ids)} untranslated", *[f"  {i}" for i in ids], sep="\n")
        sys.exit(1 if missing else 0)
    for po_path in regenerate(PACKAGE):
        subprocess.run(["msgfmt", "--check", "-o", str(po_path.with_suffix(".mo")), str(po_path)], check=True)
        left = untranslated(po_path)
        print(f"{po_path.relative_to(PACKAGE.parent)}: {len(left)} untranslated")


if __name__ == "__main__":
    main()
