"""Tolls written without a number: the dead named one by one, kin joined to a victim, "lost his
life", duals in the nominative; and words glued across scripts by copied pages."""

from sijill.extraction import extract
from sijill.extraction.words import words


def _killed(text):
    k = extract(text).incident.get("killed")
    return k and (k["min"], k["max"])


def test_arabic_glued_to_a_latin_handle_or_a_digit_is_a_word_of_its_own():
    assert [w.norm for w in words("الدفاع المدني@CivilDefenceمقتل مدني")] == [
        "الدفاع", "المدني", "civildefence", "مقتل", "مدني"]
    assert [w.norm for w in words("مقتل مدنيين اثنين و4 عناصر")][-3:] == ["و", "4", "عناصر"]
    assert _killed("Shared with Publicاستشهاد طفلة بقصف مدفعي على بلدة في ريف إدلب") == (1, 1)


def test_a_number_inside_a_handle_counts_nothing():
    assert _killed("خبر عاجل @news_24ضحايا القصف على المدينة") is None


def test_each_person_named_after_a_death_word_counts_one_at_least():
    assert _killed('مقتل "سليم العمر" برصاص مجهولين قرب منزله') == (1, None)
    assert _killed("استشهاد الحاج نبيل حداد جراء قصف استهدف العيادة") == (1, None)
    assert _killed("استشهاد الطبيب نبيل حداد جراء قصف استهدف العيادة") == (1, 1)  # a counted noun
    assert _killed("الشهيد مصطفى وضاح العلي استشهد خلال القصف على البلدة") == (1, None)
    # two people named; the same man named twice, in a short and a long form, is one
    assert _killed("الشهيد سعيد الأحمد والشهيد عمر الحسن قضيا بالقصف") == (2, None)
    assert _killed("توفي خالد عبد العزيز السالم متأثراً بجراحه. وفاة خالد السالم أحزنت أهله") == (1, None)


def test_a_written_number_wins_over_names_and_praise_names_no_one():
    assert _killed("استشهاد 3 مدنيين بينهم الشهيد أحمد الخطيب") == (3, 3)
    assert _killed("الله يرحمهم ويتقبلهم من الشهداء والصديقين") is None
    assert _killed("حلب الشهيدة في قلوبنا") is None


def test_kin_joined_right_after_one_victim_are_counted():
    assert _killed("استشهاد امرأة وطفلها بقصف مدفعي على القرية") == (2, 2)
    assert _killed("مقتل رجل وابنه وإصابة آخرين في مدينة السويداء") == (2, 2)
    assert _killed("استشهاد سيدة وأطفالها الثلاثة في غارة جوية") == (4, 4)
    assert _killed('مقتل جاسم ووالدته ثم أخذت جثتيهما') == (2, None)
    # kin that explain a dual are not more people
    assert _killed("استشهد مدنيان هما أب وابنه بالقصف") == (2, 2)


def test_lost_his_life_claimed_the_lives_and_nominative_duals():
    assert _killed("فقد مدني حياته جراء القصف المدفعي على قرية") == (1, 1)
    assert _killed("أسفر القصف عن فقدان طفل لحياته مع وقوع إصابات") == (1, 1)
    assert _killed("القصف أودى بحياة 9 مدنيين حتى اللحظة") == (9, 9)
    assert _killed("والحصيلة الأولى شهيدان و12 جريحاً") == (2, 2)
    assert _killed("غارات روسية تقتل مدنياً غرب إدلب") == (1, 1)
    assert _killed("مجزرة راح ضحيتها في حصيلة أولية 12 وأصيب 23 آخرون") == (12, 12)


def test_one_figure_for_a_death_and_injuries_is_neither():
    assert _killed("ارتفع عدد ضحايا الاستهداف إلى 3 أشخاص بين شهيد وإصابتين") is None


def test_a_list_of_the_dead_after_its_heading_counts_its_names():
    text = ("أسماء الشهداء نتيجة القصف الذي استهدف البلدة\n1- سلمى أحمد العلي\n2- خالد محمود الحسن\n"
            "3- يوسف عمر السعيد\n\nتعليقات")
    assert _killed(text) == (3, None)
    assert _killed("الشهداء هم -هدى سالم العمر (٤٠ عاماً) -مازن فؤاد الخطيب (٢٢ عاماً) وهم مدنيون") == (2, None)
    # "the victims are civilians" is no list
    assert _killed("وقال إن الضحايا هم من المدنيين") is None


def test_a_tally_since_the_start_of_a_period_is_no_incident_toll():
    assert _killed("منذ مطلع العام الجاري، تسببت الهجمات بمقتل 78 شخصاً في المنطقة") is None
    assert _killed("أكثر من 125 قتيلاً بعمليات التنظيم في سوريا خلال شهرين") is None
    text = "Since the start of the year, 35 civilians were killed in the province. On Monday a strike killed 4 people."
    assert _killed(text) == (4, 4)
    # "منذ قليل" is "a while ago", not "since"
    assert _killed("استشهاد 3 مدنيين بقصف على البلدة منذ قليل") == (3, 3)


def test_people_killed_along_with_a_victim_are_added():
    assert _killed('مقتل "فادي الحسن" وهو معلم مدرسة بالإضافة إلى اثنين من أبنائه بغارة') == (3, None)
    assert _killed("استشهاد شاب برفقة 3 أشخاص بقصف على البلدة") == (4, 4)


def test_a_written_count_of_a_group_outweighs_a_vague_total():
    assert _killed("قُتل عدد من الأطفال وأصيب آخرون بجروح. وأكد الدفاع المدني مقتل 4 أطفال في القصف") == (4, 4)


def test_more_ways_arabic_news_words_a_toll():
    assert _killed("بأن عدد الشهداء ارتفع إلى 5 والجرحى إلى 15 جراء القصف") == (5, 5)
    assert _killed("بيان حول جريمة النظام بقتل تسعة مدنيين بينهم أطفال") == (9, 9)
    assert _killed("مصادر محلية: قوات تعدم الشاب بعد اقتحام منزله") == (1, 1)
    # a hashtag line between the heading and the list
    text = "أسماء الشهداء نتيجة القصف على المدينة\n#تحديث\n1- سلمى أحمد العلي\n2- خالد محمود الحسن"
    assert _killed(text) == (2, None)


def test_someone_who_died_counts_one_when_no_one_is_named_or_numbered():
    assert _killed("ينعى الدفاع المدني المتطوع الذي استشهد أثناء قيامه بمهامه الإنسانية") == (1, None)
    # the same person named and referred to is one
    assert _killed("الشهيد ورد طارق العلي الذي استشهد مع أبيه") == (1, None)
    # "the shelling that killed" is no person
    assert _killed("القصف الذي قتل 5 مدنيين في البلدة") == (5, 5)


def test_the_dead_of_road_accidents_are_no_toll_of_an_attack():
    assert _killed("81 قتيلاً ونحو 1300 إصابة في أكثر من 1400 حادث سير بسوريا") is None
    assert _killed("Five people were killed in a traffic accident near Homs.") is None
    # "سير المعارك" (the course of the battles) is no road
    assert _killed("استشهاد 3 مدنيين بقصف على البلدة وسير المعارك مستمر") == (3, 3)
