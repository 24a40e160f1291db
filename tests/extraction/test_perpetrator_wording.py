"""Which party the draft proposes as perpetrator: the one whose weapon struck, not the one whose
ground was struck or who was named in passing."""

from sijill.extraction import extract


def _perpetrator(text):
    p = extract(text).incident.get("perpetrator")
    return p and p["actor"]


def test_an_attack_named_by_a_states_adjective_is_that_states():
    assert _perpetrator("Ten Russian raids hit the Islamic State-held city of Raqqa, killing 30 people. "
                        "IS controls the city. IS fighters were also hit.") == "russian-forces"
    assert _perpetrator("غارات روسية تستهدف مدينة إدلب وتوقع ضحايا") == "russian-forces"
    assert _perpetrator("استهداف سيارة بمسيرة تركية في ريف الحسكة") == "turkish-forces"
    assert _perpetrator("قصف طيران الاحتلال الروسي على أريحا") == "russian-forces"
    assert _perpetrator("Government air strikes on opposition-held towns killed 32 people. Rebels "
                        "fighting the government said the Islamic State group was not in the area.") \
        == "syrian-government-forces"


def test_the_party_whose_ground_was_struck_is_not_the_perpetrator():
    text = ("At least 17 civilians were killed in a market in al-Asharah, a town held by the Islamic State "
            "group. The raid was most likely carried out by Russian warplanes. IS controls the province.")
    assert _perpetrator(text) == "russian-forces"


def test_a_year_before_a_party_is_a_dateline_not_a_count_of_its_members():
    text = "Monday 2 Feb 2015 Syrian government air strikes on opposition-held towns killed 32 people."
    assert _perpetrator(text) == "syrian-government-forces"


def test_an_attack_named_by_a_partys_adjective_in_lower_case_is_that_partys():
    text = ("Twelve civilians were killed in a rebel mortar attack on regime-held districts of Aleppo, "
            "the regime said. Rebel fire also hit a school.")
    assert _perpetrator(text) == "armed-opposition"
    # a fighter of a party is one of its members, not its jet
    text = "An opposition fighter was killed when Syrian government warplanes bombed the village."
    assert _perpetrator(text) == "syrian-government-forces"


def test_ground_seized_or_captured_by_a_party_is_its_ground_not_its_attack():
    text = ("A hospital in a district captured by rebels last month was hit, killing nine people. "
            "The Syrian regime denied it.")
    assert _perpetrator(text) == "syrian-government-forces"


def test_members_doing_the_deed_make_their_party_the_agent():
    text = ("Islamic State militants stormed a village near Deir Ezzor, killing 20 people, a day after "
            "Syrian government forces left it.")
    assert _perpetrator(text) == "isis"


def test_an_air_base_named_by_a_states_adjective_is_no_attack():
    text = "Islamic State fighters overran a Syrian air base, killing dozens of soldiers."
    assert _perpetrator(text) == "isis"


def test_targets_after_a_party_is_its_verb_when_a_name_follows():
    assert _perpetrator("Syrian Air Force Targets ISIS in Deir ez-Zor, 25 Killed") == "syrian-government-forces"
