"""Seed a SIJILL_HOME with records that carry witness names, incidents and evidence files.

Run as a script (`python tests/security/seed.py N`) with SIJILL_HOME (and DATABASE_URL) set;
used by the backup/restore tests and by bench/load_security.py. Prints the witness names.
"""

from __future__ import annotations

import io
import json
import os
import sys
from datetime import date

# Names found nowhere else in the database (the gazetteer and actor list hold many common names).
WITNESSES = ["رهف الماردينلي", "Tammam Shaykhani", "وفاء القوتلي", "Nizar Qabbanji", "سلافة العجيلي"]
# Notes on victims (sealed at rest), each with words found nowhere else: where the victim was
# held and who in the family can be reached. The victims' names are stored in clear.
VICTIM_NOTES = [
    "محتجز في فرع الخطيب، أخوه يامن الدباغ على الرقم 0944712233",
    "Last seen at the Kafr Sousa branch; cousin Yamen Dabbagh knows the family",
    "Held in Sednaya wing B with Qutaiba Shaalan; mother reachable via Ghofran Tellawi",
    "أفرج عنه بكفالة، زوجته نسرين الجلبي تتابع القضية",
    "Wounded at the Bustan al-Qasr crossing; uncle Marwan Kurdzada took him to Gaziantep",
]
# One phrase of each note found nowhere else in the database: what the grep tests look for.
VICTIM_NOTE_MARKERS = ["0944712233", "Kafr Sousa branch", "Qutaiba Shaalan", "نسرين الجلبي", "Marwan Kurdzada"]


def seed(n: int = 5) -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from sijill.accounts.services import user_create
    from sijill.evidence.services import evidence_add
    from sijill.incidents.services import incident_create
    from sijill.people.services import person_create
    from sijill.sources.services import source_create

    user = user_create(username="seeder", password="a long seeding password 3", role="admin", clearance=3)
    names = []
    for i in range(n):
        name = WITNESSES[i % len(WITNESSES)] + (f" {i}" if i >= len(WITNESSES) else "")
        names.append(name)
        source = source_create(user=user, title=f"Witness statement {i}", source_type="witness-testimony",
                               witness_name=name, witness_contact=f"+963 9{i:02d} 555 0{i:02d}")
        incident = incident_create(user=user, title_en=f"Shelling of a market {i}", title_ar=f"قصف سوق {i}",
                                   start_date=date(2016, 1 + i % 12, 1 + i % 27), sources=[source.pk])
        evidence_add(user=user, stream=io.BytesIO(f"field note {i}\n".encode() * (i + 1)),
                     filename=f"note-{i}.txt", incidents=[incident.pk], source=source.pk)
        person_create(user=user, name_latin=f"Victim of the market shelling {i}",
                      notes=VICTIM_NOTES[i % len(VICTIM_NOTES)])
    return {"witnesses": names, "user": user.username}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sijill.settings")
    import django

    django.setup()
    print(json.dumps(seed(int(sys.argv[1]) if len(sys.argv) > 1 else 5), ensure_ascii=False))
