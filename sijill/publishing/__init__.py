"""Publishing: reports' editorial workflow, the public portal and public submissions."""
