"""How Arabic and English news words a toll: singular nouns, verbs after the noun, mixed figures,
tallies over a period, and plurals with no number."""

from sijill.extraction import extract


def _killed(text):
    k = extract(text).incident.get("killed")
    return k and (k["min"], k["max"])


def test_a_singular_noun_with_its_verb_counts_one():
    assert _killed("وذكرت مصادر محلية أن شخصاً على الأقل قتل وأصيب ثلاثة آخرون") == (1, 1)
    assert _killed("قال الدفاع المدني إن امرأة قتلت وأصيب أحد أطفالها") == (1, 1)
    assert _killed("طفل استشهد اليوم بقصف قوات النظام على بلدة سرمين") == (1, 1)
    assert _killed("A civilian was killed when a shell hit his house in Daraa.") == (1, 1)


def test_the_verb_before_a_dual_and_martyrdom_in_english_count():
    assert _killed("استشهد مدنيان بينهم رجل مسن بقصف صاروخي") == (2, 2)
    assert _killed("أدى إلى استشهاد مدنيين اثنين") == (2, 2)
    assert _killed("Two civilians were martyred due to an Israeli aggression.") == (2, 2)
    assert _killed("ما أدى إلى وقوع مجزرة راح ضحيتها 5 مدنيين") == (5, 5)


def test_one_figure_for_killed_and_injured_together_is_neither():
    assert _killed("37 مدنياً بين قتيل وجريح في ريفي إدلب وحلب") is None
    assert _killed("12 killed and wounded in shelling of Afrin") is None
    assert _killed("57 civilians killed 150 injured in rocket attacks on Aleppo") == (57, 57)


def test_a_tally_over_a_period_is_not_the_incident_count():
    assert _killed("أدت لمقتل 35 مدنياً منذ بداية العام بينهم 14 طفلاً") is None
    assert _killed("مقتل 16 شخصاً في 5 أيام بمحافظة درعا") is None


def test_a_plural_with_no_number_is_at_least_its_grammatical_minimum():
    assert _killed("شهداء وجرحى بينهم أطفال بغارات جوية على إدلب") == (3, None)
    assert _killed("غارات تستهدف المدينة وسقوط شهداء") == (3, None)
    assert _killed("استشهد عدد من المدنيين وأصيب آخرون") == (3, None)
    # a written number wins over the plural
    assert _killed("شهداء وجرحى بقصف على سرمين، واستشهد 4 مدنيين") == (4, 4)
    # generic praise of martyrs is no toll
    assert _killed("رحم الله الشهداء") is None


def test_the_dead_in_a_partys_ranks_are_fighters_and_a_months_tally_is_no_incident_toll():
    result = extract("أدى القصف إلى مقتل ثلاثة من عناصرها وإصابة سبعة")
    assert [(c["group"], c["min"]) for c in result.casualties if c["outcome"] == "killed"] == [("combatants", 3)]
    assert _killed("فضلاً عن قتلى وجرحى في صفوف القوات") is None
    assert _killed("5 قتلى و4 مصابين في استهدافات لمرتزقة داعش خلال تموز") is None
    assert _killed("20 قتيلاً وجريحاً ضحايا 16 غارة روسية في إدلب") is None


def test_singular_nouns_joined_after_one_outcome_word_are_added():
    assert _killed("استشهاد الطفلة روعة نصر الزين وامرأة هيفاء رضوان وإصابة 4 آخرين") == (2, 2)
    assert _killed("مقتل طفل وإصابة امرأة بجروح") == (1, 1)


def test_one_person_written_without_a_number_counts_one():
    # the participle, the name given to the person, and "being"
    assert _killed("There were reports of a child being killed by the shooting in the camp.") == (1, 1)
    assert _killed("Turkistan child killed in Russian air strikes on Idlib countryside") == (1, 1)
    assert _killed("On Nov 29, a man named Abdullah Fahim died of wounds sustained in an air attack.") == (1, 1)
    # the death or the body of a person
    assert _killed("SOHR activists have reported the death of a child from the village.") == (1, 1)
    assert _killed("Rescuers recovered the body of a woman from the rubble of her house.") == (1, 1)
    assert _killed("انتشلت فرقنا جثمان امرأة من ضحايا قصف الطائرات الحربية على حي الجزماتي") == (1, 1)
    assert _killed("سلمت ميليشيا قسد جثة المدني محمد الصالح لذويه بعد وفاته متأثراً بإصابته") == (1, 1)


def test_every_child_killed_counts_nobody():
    assert _killed("Every child killed in the war deserves justice, said the envoy.") is None
    assert _killed("The children killed were all from one family") is None


def test_the_groups_a_count_includes_stand_between_it_and_its_outcome():
    assert _killed("At least 16 civilians including women and children were killed Friday in Aleppo") == (16, None)
    assert _killed("At least 10 people including women and children have been killed on Friday") == (10, None)


def test_an_outcome_word_followed_by_its_own_number_is_not_the_counts_before_it():
    # the missing comma: "killed 30 people [,] injured 90"
    assert _killed("A suicide bomber killed 30 people injured 90 on Monday at a wedding") == (30, 30)
    assert _killed("A car bomb killed at least 26 people and injured 30 others near Deir el-Zour") == (26, None)
    assert _killed("5 killed 3 injured in shelling on Idlib") == (5, 5)


def test_a_count_among_a_larger_one_is_part_of_it():
    assert _killed("Two medics were among at least 31 people killed on Saturday in shelling of the town") == (31, None)
    assert _killed("2 medics among 31 dead in Syria army reprisal") == (31, 31)
    assert _killed("Two medics were among the dead, the monitor said") == (2, 2)  # no larger count written


def test_the_day_of_a_date_before_its_year_counts_nobody():
    # a post's date glued to the text of a reply: "Mar 25, 2025تقبل الله مع الشهداء"
    assert _killed("Free Syria @sosoh1997Mar 25, 2025تقبل الله مع الشهداء والصالحين") is None
    assert _killed("Posted on March 3, 2021: 5 civilians were killed in the shelling of Ariha") == (5, 5)
    assert _killed("قتل 5، 2 منهم أطفال، في قصف على أريحا") == (5, 5)
