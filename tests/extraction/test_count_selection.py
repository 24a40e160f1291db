"""Which killed count the draft incident proposes when a report gives several."""

from sijill.extraction import extract


def _killed(text):
    k = extract(text).incident.get("killed")
    return k and (k["min"], k["max"])


def test_a_war_long_toll_is_not_the_incident_count():
    text = ("An airstrike on a market in Douma killed 13 civilians on Monday. The war has killed more "
            "than 300,000 people since 2011.")
    assert _killed(text) == (13, 13)
    assert _killed("The conflict has killed more than 300,000 people since 2011.") is None


def test_a_written_number_is_preferred_to_a_vague_quantity():
    text = "Dozens dead in shelling of Aleppo. Residents said 19 people were killed in the shelling."
    assert _killed(text) == (19, 19)
    assert _killed("Dozens dead in shelling of Aleppo.") == (24, None)


def test_a_later_larger_count_raises_the_toll_only_when_it_says_so():
    updated = "Shelling killed 12 people in Idlib. The death toll rose to 30 on Tuesday."
    assert _killed(updated) == (30, 30)
    other = "Shelling killed 12 people in Idlib. Last month ISIS executed 48 people in Deir Ezzor."
    assert _killed(other) == (12, 12)


def test_more_than_keeps_the_written_figure_as_its_lower_bound():
    result = extract("Airstrikes killed more than 33 people in Raqqa.")
    count = next(c for c in result.casualties if c["outcome"] == "killed")
    assert (count["min"], count["max"], count["qualifier"]) == (33, None, "more_than")
