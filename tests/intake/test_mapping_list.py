"""The mappings `sijill import` offers: every usable one listed, the retired Sijill CSV mapping
pointing to the command that reads Sijill's CSV export today."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sijill.incidents.models import Incident
from sijill.intake.mappings import BUILTIN


def test_list_mappings_names_every_usable_mapping_and_says_which_is_retired(db):
    out = StringIO()
    call_command("import", list_mappings=True, stdout=out)
    lines = out.getvalue().splitlines()
    assert {line.split()[0] for line in lines} == {*BUILTIN, "sijill-incidents"}
    assert "sijill-incidents" not in BUILTIN
    [retired] = [line for line in lines if line.startswith("sijill-incidents")]
    assert "retired" in retired and "import_sijill_csv" in retired


def test_importing_with_the_retired_mapping_says_to_use_import_sijill_csv(importer, write_csv):
    path = write_csv("export.csv", ["incident_id", "act_id", "victim_id"], [["1", "1", "1"]])
    with pytest.raises(CommandError, match="import_sijill_csv") as refused:
        call_command("import", str(path), mapping="sijill-incidents", user=importer.username, no_progress=True)
    assert "sijill-incidents" in str(refused.value)
    assert not Incident.objects.exists()
