"""Real SIJILL_HOME folders driven through the `sijill` CLI, for backup and crash tests."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIJILL = str(ROOT / ".venv" / "bin" / "sijill")
PASSPHRASE = "four words of passphrase"

def run(home: Path, *args, check=True, env=None, **kwargs):
    environment = {**os.environ, "SIJILL_HOME": str(home), "SIJILL_BACKUP_PASSPHRASE": PASSPHRASE,
                   "DJANGO_SETTINGS_MODULE": "sijill.settings", **(env or {})}
    environment.pop("DATABASE_URL", None)
    result = subprocess.run([SIJILL, *args], env=environment, capture_output=True, text=True, timeout=300, **kwargs)
    if check and result.returncode:
        raise AssertionError(f"sijill {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


PROBE = """
import hashlib, io, json
from pathlib import Path
from django.conf import settings
from django.core.management import call_command
from sijill.security.backup import record_counts
from sijill.evidence.models import EvidenceItem
from sijill.sources.models import Source
root = Path(settings.SIJILL_EVIDENCE_ROOT)
files = {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob('*') if p.is_file()}
verified = []
for command in (("audit", "verify"), ("evidence", "verify")):
    out = io.StringIO()
    call_command(*command, stdout=out)  # raises (exit 1) when anything fails
    verified.append(out.getvalue())
print(json.dumps({"counts": record_counts(), "files": files, "verified": verified,
                  "items": sorted(EvidenceItem.objects.values_list('sha256', flat=True)),
                  "witnesses": sorted(s.witness_name for s in Source.objects.all())}, ensure_ascii=False))
"""


def probe(home: Path) -> dict:
    """Record counts, evidence file hashes, witness names, and `sijill audit verify` and
    `sijill evidence verify` output, from one process."""
    out = run(home, "shell", "-c", PROBE).stdout
    return json.loads(out.strip().splitlines()[-1])


