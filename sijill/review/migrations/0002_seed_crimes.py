"""Seed the crimes vocabulary: Rome Statute war crimes (art. 8) and crimes against humanity
(art. 7) with their elements in the ICC Elements of Crimes wording (shortened), and customary IHL
rules (ICRC study), in English and Arabic.

Each element may carry an `indicator`: the structured data that can support it (see
review/cases.py). Elements without one (intent, the armed-conflict context, awareness) are
supported only by evidence an analyst links, and show as gaps until then.

Reversible: unapplying removes the seeded crimes (and their elements) that no case uses.
"""

from django.db import migrations

IAC_CONTEXT = (
    "The conduct took place in the context of and was associated with an international armed conflict.",
    "وقع السلوك في سياق نزاع مسلح دولي وكان مقترناً به.",
)
NIAC_CONTEXT = (
    "The conduct took place in the context of and was associated with an armed conflict not of an "
    "international character.",
    "وقع السلوك في سياق نزاع مسلح غير ذي طابع دولي وكان مقترناً به.",
)
BOTH_CONTEXT = (
    "The conduct took place in the context of and was associated with an armed conflict (international: "
    "art. 8(2)(b); not of an international character: art. 8(2)(e)).",
    "وقع السلوك في سياق نزاع مسلح وكان مقترناً به (دولي: المادة 8(2)(ب)؛ غير ذي طابع دولي: المادة 8(2)(هـ)).",
)
AWARE_CONFLICT = (
    "The perpetrator was aware of factual circumstances that established the existence of an armed conflict.",
    "كان مرتكب الجريمة على علم بالظروف الواقعية التي تثبت وجود نزاع مسلح.",
)
CAH_PART = (
    "The conduct was committed as part of a widespread or systematic attack directed against a civilian "
    "population.",
    "ارتُكب السلوك كجزء من هجوم واسع النطاق أو منهجي موجه ضد سكان مدنيين.",
)
CAH_KNEW = (
    "The perpetrator knew that the conduct was part of or intended the conduct to be part of a widespread "
    "or systematic attack against a civilian population.",
    "كان مرتكب الجريمة يعلم بأن السلوك جزء من هجوم واسع النطاق أو منهجي موجه ضد سكان مدنيين، "
    "أو نوى أن يكون جزءاً منه.",
)
DIRECTED_ATTACK = ("The perpetrator directed an attack.", "وجّه مرتكب الجريمة هجوماً.")
PROTECTED_STATUS = (
    "Such person or persons were either hors de combat, or were civilians, medical personnel or religious "
    "personnel taking no active part in the hostilities.",
    "كان هذا الشخص أو الأشخاص إما عاجزين عن القتال، أو مدنيين أو مسعفين أو رجال دين لا يشاركون فعلياً في "
    "الأعمال الحربية.",
)
AWARE_STATUS = (
    "The perpetrator was aware of the factual circumstances that established this status.",
    "كان مرتكب الجريمة على علم بالظروف الواقعية التي تثبت هذا الوضع.",
)


def _war(conduct, *middle, context=BOTH_CONTEXT):
    """Elements of a war crime: conduct, the crime's own elements, context, awareness."""
    return [conduct, *middle, ("contextual", *context, ""), ("contextual", *AWARE_CONFLICT, "")]


def _cah(conduct, *middle):
    return [conduct, *middle, ("contextual", *CAH_PART, "pattern"), ("contextual", *CAH_KNEW, "")]


# (code, framework, article, title_en, title_ar, violation types, elements)
# element: (kind, text_en, text_ar, indicator)
CRIMES = [
    (
        "attacking-civilians", "war-crime", "8(2)(b)(i) / 8(2)(e)(i)",
        "War crime of attacking civilians", "جريمة الحرب المتمثلة في الهجوم على المدنيين",
        ["attack-on-civilians", "indiscriminate-attack", "prohibited-weapons"],
        _war(
            ("conduct", *DIRECTED_ATTACK, "act"),
            ("circumstance",
             "The object of the attack was a civilian population as such or individual civilians not taking "
             "direct part in hostilities.",
             "كان هدف الهجوم سكاناً مدنيين بصفتهم هذه أو أفراداً مدنيين لا يشاركون مباشرة في الأعمال الحربية.",
             "civilian_victims"),
            ("mental",
             "The perpetrator intended the civilian population as such or individual civilians not taking "
             "direct part in hostilities to be the object of the attack.",
             "تعمّد مرتكب الجريمة أن يكون السكان المدنيون بصفتهم هذه أو الأفراد المدنيون الذين لا يشاركون "
             "مباشرة في الأعمال الحربية هدفاً للهجوم.",
             "direct_attack"),
        ),
    ),
    (
        "attacking-civilian-objects", "war-crime", "8(2)(b)(ii)",
        "War crime of attacking civilian objects", "جريمة الحرب المتمثلة في الهجوم على أعيان مدنية",
        ["attack-on-civilian-object", "attack-on-school", "attack-on-medical", "property-destruction"],
        _war(
            ("conduct", *DIRECTED_ATTACK, "act"),
            ("circumstance",
             "The object of the attack was civilian objects, that is, objects which are not military objectives.",
             "كان هدف الهجوم أعياناً مدنية، أي أعياناً لا تشكل أهدافاً عسكرية.",
             "civilian_object"),
            ("mental", "The perpetrator intended such civilian objects to be the object of the attack.",
             "تعمّد مرتكب الجريمة أن تكون هذه الأعيان المدنية هدفاً للهجوم.", ""),
            context=IAC_CONTEXT,
        ),
    ),
    (
        "attacking-protected-objects", "war-crime", "8(2)(b)(ix) / 8(2)(e)(iv)",
        "War crime of attacking protected objects (hospitals, schools, places of worship)",
        "جريمة الحرب المتمثلة في الهجوم على أعيان محمية (مستشفيات، مدارس، دور عبادة)",
        ["attack-on-medical", "attack-on-school"],
        _war(
            ("conduct", *DIRECTED_ATTACK, "act"),
            ("circumstance",
             "The object of the attack was one or more buildings dedicated to religion, education, art, science "
             "or charitable purposes, historic monuments, hospitals or places where the sick and wounded are "
             "collected, which were not military objectives.",
             "كان هدف الهجوم مبنى أو أكثر مخصصاً للأغراض الدينية أو التعليمية أو الفنية أو العلمية أو الخيرية، "
             "أو آثاراً تاريخية، أو مستشفيات أو أماكن تجمّع المرضى والجرحى، ولم تكن أهدافاً عسكرية.",
             "protected_building"),
            ("mental", "The perpetrator intended such building or buildings to be the object of the attack.",
             "تعمّد مرتكب الجريمة أن يكون هذا المبنى أو المباني هدفاً للهجوم.", ""),
        ),
    ),
    (
        "murder-war-crime", "war-crime", "8(2)(a)(i) / 8(2)(c)(i)",
        "War crime of wilful killing / murder", "جريمة الحرب المتمثلة في القتل العمد",
        ["killing", "execution", "death-under-torture"],
        _war(
            ("conduct", "The perpetrator killed one or more persons.", "قتل مرتكب الجريمة شخصاً واحداً أو أكثر.",
             "act"),
            ("circumstance", *PROTECTED_STATUS, "civilian_victims"),
            ("mental", *AWARE_STATUS, ""),
        ),
    ),
    (
        "torture-war-crime", "war-crime", "8(2)(a)(ii) / 8(2)(c)(i)",
        "War crime of torture", "جريمة الحرب المتمثلة في التعذيب",
        ["torture", "death-under-torture"],
        _war(
            ("conduct", "The perpetrator inflicted severe physical or mental pain or suffering upon one or more "
                        "persons.",
             "ألحق مرتكب الجريمة ألماً أو معاناة شديدين، بدنياً أو نفسياً، بشخص واحد أو أكثر.", "act"),
            ("mental", "The perpetrator inflicted the pain or suffering for such purposes as obtaining "
                       "information or a confession, punishment, intimidation or coercion or for any reason "
                       "based on discrimination of any kind.",
             "ألحق مرتكب الجريمة الألم أو المعاناة لأغراض مثل الحصول على معلومات أو اعتراف، أو العقاب، أو "
             "التخويف أو الإكراه، أو لأي سبب يقوم على التمييز أياً كان نوعه.", ""),
            ("circumstance", *PROTECTED_STATUS, "civilian_victims"),
        ),
    ),
    (
        "hostage-taking", "war-crime", "8(2)(a)(viii) / 8(2)(c)(iii)",
        "War crime of taking hostages", "جريمة الحرب المتمثلة في أخذ الرهائن",
        ["kidnapping"],
        _war(
            ("conduct", "The perpetrator seized, detained or otherwise held hostage one or more persons.",
             "قبض مرتكب الجريمة على شخص أو أكثر أو احتجزه أو أخذه رهينة بأي شكل آخر.", "act"),
            ("circumstance", "The perpetrator threatened to kill, injure or continue to detain such person or "
                             "persons.",
             "هدّد مرتكب الجريمة بقتل هذا الشخص أو الأشخاص أو إيذائهم أو مواصلة احتجازهم.", ""),
            ("mental", "The perpetrator intended to compel a State, an international organization, a person or "
                       "a group of persons to act or refrain from acting as a condition for their safety or "
                       "release.",
             "تعمّد مرتكب الجريمة إرغام دولة أو منظمة دولية أو شخص أو مجموعة أشخاص على القيام بفعل أو "
             "الامتناع عنه شرطاً لسلامة هؤلاء أو للإفراج عنهم.", ""),
        ),
    ),
    (
        "pillage", "war-crime", "8(2)(b)(xvi) / 8(2)(e)(v)",
        "War crime of pillaging", "جريمة الحرب المتمثلة في النهب",
        ["pillage"],
        _war(
            ("conduct", "The perpetrator appropriated certain property.", "استولى مرتكب الجريمة على ممتلكات معينة.",
             "act"),
            ("mental", "The perpetrator intended to deprive the owner of the property and to appropriate it for "
                       "private or personal use, without the consent of the owner.",
             "تعمّد مرتكب الجريمة حرمان المالك من الممتلكات والاستيلاء عليها للاستعمال الخاص أو الشخصي، "
             "دون موافقة المالك.", ""),
        ),
    ),
    (
        "using-poison-gas", "war-crime", "8(2)(b)(xviii) / 8(2)(e)(xiv)",
        "War crime of employing prohibited gases", "جريمة الحرب المتمثلة في استخدام الغازات المحظورة",
        ["prohibited-weapons"],
        _war(
            ("conduct", "The perpetrator employed a gas or other analogous substance or device.",
             "استخدم مرتكب الجريمة غازاً أو مادة أو أداة مماثلة.", "chemical_weapon"),
            ("circumstance", "The gas, substance or device was such that it causes death or serious damage to "
                             "health in the ordinary course of events, through its asphyxiating or toxic "
                             "properties.",
             "كان الغاز أو المادة أو الأداة مما يسبب الموت أو ضرراً جسيماً بالصحة في الظروف العادية، بفعل "
             "خصائصه الخانقة أو السامة.", "chemical_weapon"),
        ),
    ),
    (
        "conscripting-children", "war-crime", "8(2)(b)(xxvi) / 8(2)(e)(vii)",
        "War crime of using, conscripting or enlisting children",
        "جريمة الحرب المتمثلة في تجنيد الأطفال أو استخدامهم",
        ["child-recruitment"],
        _war(
            ("conduct", "The perpetrator conscripted or enlisted one or more persons into an armed force or "
                        "group or used one or more persons to participate actively in hostilities.",
             "جنّد مرتكب الجريمة شخصاً أو أكثر في قوة أو جماعة مسلحة، أو استخدم شخصاً أو أكثر للمشاركة "
             "فعلياً في الأعمال الحربية.", "act"),
            ("circumstance", "Such person or persons were under the age of 15 years.",
             "كان هذا الشخص أو الأشخاص دون سن الخامسة عشرة.", "child_victims"),
            ("mental", "The perpetrator knew or should have known that such person or persons were under the "
                       "age of 15 years.",
             "كان مرتكب الجريمة يعلم، أو يفترض أن يعلم، أن هذا الشخص أو الأشخاص دون سن الخامسة عشرة.", ""),
        ),
    ),
    (
        "starvation", "war-crime", "8(2)(b)(xxv) / 8(2)(e)(xix)",
        "War crime of starvation as a method of warfare", "جريمة الحرب المتمثلة في التجويع كأسلوب من أساليب الحرب",
        ["siege", "denial-of-aid"],
        _war(
            ("conduct", "The perpetrator deprived civilians of objects indispensable to their survival.",
             "حرم مرتكب الجريمة المدنيين من مواد لا غنى عنها لبقائهم.", "act"),
            ("mental", "The perpetrator intended to starve civilians as a method of warfare.",
             "تعمّد مرتكب الجريمة تجويع المدنيين كأسلوب من أساليب الحرب.", ""),
        ),
    ),
    (
        "displacing-civilians", "war-crime", "8(2)(e)(viii)",
        "War crime of displacing civilians", "جريمة الحرب المتمثلة في تهجير المدنيين",
        ["forced-displacement"],
        _war(
            ("conduct", "The perpetrator ordered a displacement of a civilian population.",
             "أمر مرتكب الجريمة بتهجير سكان مدنيين.", "act"),
            ("circumstance", "Such order was not justified by the security of the civilians involved or by "
                             "military necessity.",
             "لم يكن هذا الأمر مبرراً بأمن المدنيين المعنيين أو بضرورة عسكرية.", ""),
            context=NIAC_CONTEXT,
        ),
    ),
    (
        "cah-murder", "cah", "7(1)(a)", "Crime against humanity of murder", "الجريمة ضد الإنسانية المتمثلة في القتل العمد",
        ["killing", "execution", "death-under-torture"],
        _cah(("conduct", "The perpetrator killed one or more persons.", "قتل مرتكب الجريمة شخصاً واحداً أو أكثر.",
              "act")),
    ),
    (
        "cah-imprisonment", "cah", "7(1)(e)",
        "Crime against humanity of imprisonment or other severe deprivation of physical liberty",
        "الجريمة ضد الإنسانية المتمثلة في السجن أو الحرمان الشديد من الحرية البدنية",
        ["arbitrary-detention"],
        _cah(
            ("conduct", "The perpetrator imprisoned one or more persons or otherwise severely deprived one or "
                        "more persons of physical liberty.",
             "سجن مرتكب الجريمة شخصاً أو أكثر أو حرمه حرماناً شديداً من حريته البدنية بصورة أخرى.", "act"),
            ("circumstance", "The gravity of the conduct was such that it was in violation of fundamental rules "
                             "of international law.",
             "بلغت خطورة السلوك حداً يشكل انتهاكاً للقواعد الأساسية للقانون الدولي.", ""),
        ),
    ),
    (
        "cah-torture", "cah", "7(1)(f)", "Crime against humanity of torture", "الجريمة ضد الإنسانية المتمثلة في التعذيب",
        ["torture", "death-under-torture"],
        _cah(
            ("conduct", "The perpetrator inflicted severe physical or mental pain or suffering upon one or more "
                        "persons.",
             "ألحق مرتكب الجريمة ألماً أو معاناة شديدين، بدنياً أو نفسياً، بشخص واحد أو أكثر.", "act"),
            ("circumstance", "Such person or persons were in the custody or under the control of the perpetrator.",
             "كان هذا الشخص أو الأشخاص محتجزين لدى مرتكب الجريمة أو تحت سيطرته.", ""),
        ),
    ),
    (
        "cah-enforced-disappearance", "cah", "7(1)(i)",
        "Crime against humanity of enforced disappearance of persons",
        "الجريمة ضد الإنسانية المتمثلة في الاختفاء القسري للأشخاص",
        ["enforced-disappearance"],
        _cah(
            ("conduct", "The perpetrator arrested, detained or abducted one or more persons.",
             "قبض مرتكب الجريمة على شخص أو أكثر أو احتجزه أو اختطفه.", "act"),
            ("circumstance", "The arrest, detention or abduction was followed by a refusal to acknowledge that "
                             "deprivation of freedom or to give information on the fate or whereabouts of such "
                             "person or persons.",
             "أعقب القبض أو الاحتجاز أو الاختطاف رفضٌ للإقرار بحرمان هذا الشخص أو الأشخاص من حريتهم أو "
             "لإعطاء معلومات عن مصيرهم أو أماكن وجودهم.", ""),
        ),
    ),
    (
        "cah-forcible-transfer", "cah", "7(1)(d)",
        "Crime against humanity of deportation or forcible transfer of population",
        "الجريمة ضد الإنسانية المتمثلة في إبعاد السكان أو النقل القسري للسكان",
        ["forced-displacement"],
        _cah(
            ("conduct", "The perpetrator deported or forcibly transferred one or more persons, by expulsion or "
                        "other coercive acts, from an area in which they were lawfully present.",
             "أبعد مرتكب الجريمة شخصاً أو أكثر أو نقله قسراً، بالطرد أو بأفعال قسرية أخرى، من منطقة كان "
             "موجوداً فيها بصفة مشروعة.", "act"),
        ),
    ),
    (
        "cah-sexual-violence", "cah", "7(1)(g)",
        "Crime against humanity of rape and other sexual violence",
        "الجريمة ضد الإنسانية المتمثلة في الاغتصاب وسائر أشكال العنف الجنسي",
        ["sexual-violence"],
        _cah(
            ("conduct", "The perpetrator committed an act of a sexual nature against one or more persons by "
                        "force, threat of force or coercion.",
             "ارتكب مرتكب الجريمة فعلاً ذا طبيعة جنسية ضد شخص أو أكثر باستعمال القوة أو التهديد بها أو "
             "الإكراه.", "act"),
        ),
    ),
    (
        "ihl-rule-1-11", "ihl-rule", "CIHL Rules 1, 11, 12",
        "Distinction; indiscriminate attacks are prohibited", "مبدأ التمييز؛ حظر الهجمات العشوائية",
        ["indiscriminate-attack", "attack-on-civilians"],
        [
            ("conduct", "An attack was carried out.", "نُفّذ هجوم.", "act"),
            ("circumstance", "It was not directed at a specific military objective, or employed a method or "
                             "means of combat which cannot be so directed or whose effects cannot be limited.",
             "لم يوجَّه إلى هدف عسكري محدد، أو استُخدمت فيه طريقة أو وسيلة قتال لا يمكن توجيهها إلى هدف "
             "محدد أو لا يمكن حصر آثارها.", "civilian_victims"),
        ],
    ),
    (
        "ihl-rule-25-28", "ihl-rule", "CIHL Rules 25, 28",
        "Medical personnel and units must be respected and protected",
        "وجوب احترام وحماية أفراد الخدمات الطبية ووحداتها",
        ["attack-on-medical"],
        [
            ("conduct", "Medical personnel or a medical unit were attacked.", "تعرّض أفراد أو وحدة طبية لهجوم.",
             "act"),
            ("circumstance", "They were exclusively assigned to medical duties and did not commit, outside their "
                             "humanitarian function, acts harmful to the enemy.",
             "كانوا مكلّفين حصراً بمهام طبية ولم يرتكبوا، خارج وظيفتهم الإنسانية، أعمالاً ضارة بالعدو.",
             "protected_building"),
        ],
    ),
    (
        "ihl-rule-74", "ihl-rule", "CIHL Rule 74", "The use of chemical weapons is prohibited",
        "حظر استخدام الأسلحة الكيميائية",
        ["prohibited-weapons"],
        [("conduct", "Chemical weapons were used.", "استُخدمت أسلحة كيميائية.", "chemical_weapon")],
    ),
    (
        "ihl-rule-89-90", "ihl-rule", "CIHL Rules 89, 90",
        "Murder, torture and cruel treatment are prohibited", "حظر القتل والتعذيب والمعاملة القاسية",
        ["killing", "execution", "torture", "death-under-torture"],
        [
            ("conduct", "A person was killed, tortured or cruelly treated.", "قُتل شخص أو عُذّب أو عومل بقسوة.",
             "act"),
            ("circumstance", *PROTECTED_STATUS, "civilian_victims"),
        ],
    ),
    (
        "ihl-rule-98-99", "ihl-rule", "CIHL Rules 98, 99",
        "Enforced disappearance and arbitrary deprivation of liberty are prohibited",
        "حظر الاختفاء القسري والحرمان التعسفي من الحرية",
        ["enforced-disappearance", "arbitrary-detention", "kidnapping"],
        [
            ("conduct", "A person was deprived of liberty.", "حُرم شخص من حريته.", "act"),
            ("circumstance", "The deprivation of liberty was arbitrary or followed by a refusal to acknowledge it "
                             "or to disclose the person's fate or whereabouts.",
             "كان الحرمان من الحرية تعسفياً أو أعقبه رفض الإقرار به أو الكشف عن مصير الشخص أو مكان وجوده.", ""),
        ],
    ),
]


def seed(apps, schema_editor):
    Crime = apps.get_model("review", "Crime")
    CrimeElement = apps.get_model("review", "CrimeElement")
    for position, (code, framework, article, title_en, title_ar, types, elements) in enumerate(CRIMES):
        crime, _ = Crime.objects.update_or_create(
            code=code,
            defaults={"framework": framework, "article": article, "title_en": title_en, "title_ar": title_ar,
                      "violation_types": types, "position": position},
        )
        for number, (kind, text_en, text_ar, indicator) in enumerate(elements, start=1):
            CrimeElement.objects.update_or_create(
                crime=crime, number=number,
                defaults={"kind": kind, "text_en": text_en, "text_ar": text_ar, "indicator": indicator},
            )


def unseed(apps, schema_editor):
    Crime = apps.get_model("review", "Crime")
    Crime.objects.filter(code__in=[c[0] for c in CRIMES], cases__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("review", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
