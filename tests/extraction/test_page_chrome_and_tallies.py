"""Copied web pages: the story's toll, not the tolls of the other articles listed around it; running
tallies are never one incident's count; the outcome word may stand between number and group."""

from sijill.extraction import extract
from sijill.extraction.casualties import find_casualties
from sijill.extraction.layout import chrome_spans
from sijill.extraction.words import words

STORY_AR = ("قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم بالمدفعية الثقيلة، ما أدى إلى مقتل "
            "مدنيين اثنين وإصابة خمسة آخرين بجروح متفاوتة، وفق ما أفاد به مراسلنا في المنطقة نقلاً عن الدفاع "
            "المدني السوري الذي انتشل الضحايا من تحت الأنقاض.")
STORY_EN = ("Government artillery shelled the town of Kafranbel in southern Idlib on Monday morning, killing "
            "two civilians and wounding five others, the Syrian Civil Defence said after its teams pulled the "
            "victims from the rubble of a house on the edge of the town.")


def _killed(text):
    k = extract(text).incident.get("killed")
    return k and (k["min"], k["max"])


def _counts(text):
    return [(c.outcome, c.min, c.qualifier) for c in find_casualties(text, words(text))]


def test_a_related_list_around_the_story_is_chrome_arabic():
    page = ("اقرأ أيضاً\n\nمقتل 10 في قصف على بيت لاهيا بشمال غزة\n\nتشييع 100 عنصر أمن قتلوا خلال الاحتجاجات\n\n"
            f"{STORY_AR}\n")
    spans = chrome_spans(page)
    assert any(page[a:b].startswith("مقتل 10") for a, b in spans)
    assert not any(a <= page.index(STORY_AR) < b for a, b in spans)
    assert _killed(page) == (2, 2)


def test_a_list_of_headlines_after_the_story_is_chrome_english():
    story = STORY_EN.replace("killing two civilians", "killing civilians")
    page = (f"Civilians killed in Idlib shelling\n\n{story}\n\n"
            "Israeli strike kills 10 in northern Gaza\nFlood damages 300 tents in camps\n"
            "Minister visits Aleppo\nMarket prices rise again\n")
    spans = chrome_spans(page)
    assert any(page[a:b].startswith("Israeli strike kills 10") for a, b in spans)
    assert _killed(page) == (2, None)  # "killing civilians": at least two, not the 10 of another story
    # the same headlines are the text's own when there is no story of prose around them
    assert chrome_spans("Israeli strike kills 10 in northern Gaza\nMinister visits Aleppo\nPrices rise") == []


def test_lines_of_a_story_that_end_in_full_stops_are_not_a_list():
    page = (f"{STORY_EN}\nThe town was shelled again at noon.\nTwo houses were destroyed.\n"
            "Residents fled to the fields.\n")
    assert chrome_spans(page) == []
    page_ar = f"{STORY_AR}\nوتعرضت البلدة لقصف جديد ظهراً.\nودمر منزلان.\nونزح الأهالي إلى الحقول.\n"
    assert chrome_spans(page_ar) == []


def test_the_list_counts_only_when_the_story_gives_no_toll():
    page = (f"{STORY_EN.replace('killing two civilians and wounding five others', 'damaging houses')}\n\n"
            "Related\n\nShelling kills 4 in Hama\n")
    assert _killed(page) == (4, 4)


def test_a_running_tally_is_not_a_count_of_the_incident():
    assert _counts("وبذلك يرتفع إلى 124 تعداد العسكريين والمدنيين الذين قتلوا") == [("killed", 124, "period")]
    assert _counts("وبذلك ترتفع الحصيلة الإجمالية للقتلى إلى 166 قتيلاً")[0][2] == "period"
    assert _counts("The overall death toll rose to 166.")[0][2] == "period"
    assert _counts("The death toll rose to 16.")[0][2] == "exact"
    text = "قتل 3 مدنيين بقصف على إدلب. وبذلك يرتفع إلى 40 تعداد المدنيين الذين قتلوا بقصف النظام"
    assert _killed(text) == (3, 3)


def test_the_outcome_word_between_number_and_group():
    assert _counts("ارتفاع ضحايا المجزرة إلى 6 قتلى مدنيين (طفلان وسيدتان)")[0][:2] == ("killed", 6)
    assert _counts("خلف القصف 3 شهداء مدنيين")[0][:2] == ("killed", 3)
    assert _counts("The strike left 4 dead civilians.")[0][:2] == ("killed", 4)
    assert _counts("The strike hit 4 civilian houses.") == []


def test_the_outcome_word_before_the_group_wins_over_a_later_one():
    assert _counts("4 شهداء أطفال و 5 جرحى من عائلة واحدة") == [("killed", 4, "exact"), ("injured", 5, "exact")]
    assert _counts("5 قتلى مدنيين و 30 جريح")[:2] == [("killed", 5, "exact"), ("injured", 30, "exact")]
    assert _counts("3 dead civilians and 12 wounded")[:2] == [("killed", 3, "exact"), ("injured", 12, "exact")]


def test_a_dead_one_joined_to_the_injured_and_a_headline_after_a_dated_line():
    assert ("killed", 1, "exact") in _counts("عاجل || 4 إصابات وشهيد جراء استهداف البلدة")
    assert _counts("09 شباط 2022\n\nقتيل وجرحى خلال حملة دهم") == [("killed", 1, "exact")]
    assert _counts("Girl killed in a regime attack on western Aleppo") == [("killed", 1, "exact")]
    assert _counts("The Girl Scouts met in Aleppo.") == []


def test_plural_nouns_of_people_after_an_outcome_word():
    assert _counts("مقتل نازحين بغارات روسية على ريف إدلب") == [("killed", 2, "plural")]
    assert _counts("استشهاد صحفيين في هجوم بمسيرة") == [("killed", 2, "plural")]


FILLER_AR = "وتعرضت المنطقة لقصف متقطع طوال اليوم بحسب ناشطين محليين. " * 9
FILLER_EN = "The area was shelled on and off during the day, local activists said. " * 8


def test_the_opening_count_of_a_group_wins_over_a_later_larger_total():
    text = (f"مقتل 4 أطفال بقصف مدفعي على قرية قسطون. {FILLER_AR}"
            "ووثق فريق منسقو الاستجابة مقتل 65 مدنياً في شمال غربي سوريا.")
    assert _killed(text) == (4, 4)
    text = (f"Shelling killed four children in Qastoun. {FILLER_EN}"
            "Response teams documented the deaths of 65 civilians in the northwest.")
    assert _killed(text) == (4, 4)


def test_a_later_total_still_wins_when_it_is_near_includes_the_group_or_raises_the_toll():
    near = "Airstrikes killed nine children and 14 others in Mayadin. The strikes killed 23 civilians."
    assert _killed(near) == (23, 23)
    part = f"The raids killed civilians including three children in Idlib. {FILLER_EN}At least 19 civilians were killed."
    assert _killed(part) == (19, None)
    raised = f"قتل 4 أطفال بقصف على قسطون. {FILLER_AR}وارتفعت حصيلة القتلى إلى 9 مدنيين."
    assert _killed(raised) == (9, 9)


def test_the_dead_listed_after_each_of():
    text = "غارة على محيط قرية كفردريان أدت لاستشهاد كل من\nحسن خليل بكريش\nجهاد سعيد ديب\nونفوق أعداد كبيرة من الطيور"
    assert _counts(text) == [("killed", 2, "named")]
    assert _killed(text) == (2, None)
    quoted = 'مقتل كل من "صابر سنجار الفهد" و"سامي دكليس العون" إثر عملية الإنزال'
    assert _counts(quoted) == [("killed", 2, "named")]
    assert _counts("وصل كل من الوفدين إلى دمشق") == []


def test_an_english_singular_after_the_verb_and_its_article():
    assert _counts("A Russian air attack killed a woman in southern Idlib.") == [("killed", 1, "exact")]
    assert _counts("Artillery shelled the town, killing a man named Ahmad al-Ali.") == [("killed", 1, "exact")]
    assert _counts("The raid wounded a child.") == [("injured", 1, "exact")]
    assert _counts("The army said a man was seen near the checkpoint.") == []


def test_an_update_of_the_toll_wins_wherever_the_story_gives_it():
    text = (f"Shelling killed 5 people in Ariha on Monday. {FILLER_EN}Another strike killed 2 people in Idlib. "
            f"{FILLER_EN}The death toll rose to 9 in Ariha on Tuesday.")
    assert _killed(text) == (9, 9)
    text = (f"قتل 5 مدنيين بقصف على أريحا. {FILLER_AR}وقتل شخصان بقصف على إدلب. {FILLER_AR}"
            "وارتفعت حصيلة الضحايا إلى 9 في أريحا.")
    assert _killed(text) == (9, 9)
    no_update = f"Shelling killed 5 people in Ariha. {FILLER_EN}Last year a strike killed 40 people in Idlib."
    assert _killed(no_update) == (5, 5)


def test_the_toll_word_a_few_words_before_rose_to():
    assert _counts("The death toll in Ariha rose to 9 on Tuesday.") == [("killed", 9, "exact")]
    assert _counts("وارتفعت حصيلة ضحايا القصف على أريحا إلى 9 قتلى") == [("killed", 9, "exact")]
    assert _counts("ارتفعت حصيلة القصف إلى 12 جريحاً") == [("injured", 12, "exact")]
    assert _counts("The number of strikes on the town rose to 9.") == []
    text = (f"قتل 5 مدنيين بقصف على أريحا. {FILLER_AR}وقتل شخصان بقصف على إدلب. {FILLER_AR}"
            "وارتفعت حصيلة ضحايا القصف على أريحا إلى 9 قتلى.")
    assert _killed(text) == (9, 9)


def test_and_joins_a_range_only_after_between():
    assert _counts("مقتل مدنيين اثنين و4 عناصر من الفصائل")[0][:2] == ("killed", 2)
    assert [c.max for c in find_casualties("مقتل مدنيين اثنين و4 عناصر", words("مقتل مدنيين اثنين و4 عناصر"))][0] == 2
    text = "Between 5 and 10 people were killed."
    assert [(c.min, c.max, c.qualifier) for c in find_casualties(text, words(text))] == [(5, 10, "range")]
    text = "The strike killed 2 civilians and 4 fighters."
    assert [(c.min, c.max) for c in find_casualties(text, words(text))][0] == (2, 2)


def test_numbers_of_hours_and_handles_are_not_counts():
    assert _counts("صعدت قوات النظام خلال الساعات الـ 24 الماضية وأسفر ذلك عن ضحايا") == []
    assert _counts("العربية 24@alarabiya_24ضحايا في دول الجوار.. 4 قتلى بصاروخ") == [("killed", 4, "exact")]
    assert _counts("Channel 24@channel24 dead? 4 people were killed in the strike.") == [("killed", 4, "exact")]
    assert _counts("مقتل 24 مدنيا") == [("killed", 24, "exact")]


def test_a_post_stamp_or_a_time_is_not_a_count():
    assert _counts("Sara February 28 · Shared with Publicأحد القتـ.ـلى في الانفجار") == []
    assert _counts("وقوع عدد من القتلى.\n--------\n212:53 PM · Nov 30, 2024")[0][1:] == (3, "vague")
    assert _counts("Reports of dead.\n12:53 PM · Nov 30, 2024") == []


def test_one_person_named_by_an_office():
    assert _counts("وتؤكد مقتل قيادي في التنظيم يدعى رحيم بويف") == [("killed", 1, "exact")]
    assert _counts("مقتل المسؤول في المجلس المدني سامر العبدالله") == [("killed", 1, "exact")]
    assert _counts("قال رئيس المجلس إن القصف مستمر") == []
    assert _counts("A US strike killed an official of the group in Idlib.") == [("killed", 1, "exact")]
    assert _counts("The leader said the talks had failed.") == []
