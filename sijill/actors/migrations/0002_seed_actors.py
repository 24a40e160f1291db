"""Seed the parties to the conflicts in Syria, their units, and their names in Arabic and English.

Every party gets the same shape: bilingual names, an actor type, an ACLED inter code (1 state
forces, 2 rebel groups, 3 political militias, 4 identity militias, 8 external/other forces, which
ACLED also uses for state forces acting outside their own country), its units, and the aliases
that reports, media, Airwars and UCDP use for it, including former names. An alias is a name
others use; it is recorded so documents can be matched, not as this project's own description.

Reversible: unapplying removes the actors with the seeded slugs (units first) and their aliases.
Records that refer to a seeded actor (claims, user-made units) block the reversal, as they should.
"""

from django.db import migrations

from sijill.text.normalise import normalise

# (slug, parent slug, actor_type code, ACLED inter code, name_en, name_ar, description,
#  English aliases, Arabic aliases)
ACTORS = [
    # Syrian government forces until the fall of the government on 8 December 2024.
    (
        "syrian-government-forces", None, "state-force", 1,
        "Syrian government forces", "قوات النظام السوري",
        "Armed, security and intelligence forces of the Syrian government under Bashar al-Assad, "
        "until 8 December 2024.",
        ["Syrian Arab Army", "SAA", "Assad regime", "the regime", "regime forces",
         "Syrian regime forces", "Syrian regime", "Assad forces", "pro-Assad forces",
         "Syrian Armed Forces", "Syrian army", "Syrian government", "Government of Syria",
         "Military Forces of Syria", "government forces"],
        ["قوات النظام", "النظام السوري", "قوات الأسد", "جيش النظام", "الجيش العربي السوري",
         "النظام", "نظام الأسد", "الجيش السوري", "قوات الحكومة السورية", "القوات الحكومية",
         "القوات المسلحة السورية", "الحكومة السورية"],
    ),
    (
        "syrian-arab-air-force", "syrian-government-forces", "unit", 1,
        "Syrian Arab Air Force", "سلاح الجو السوري",
        "Fixed-wing and helicopter forces of the Syrian government, until December 2024.",
        ["Syrian Air Force", "SyAAF", "Syrian regime air force", "regime air force",
         "regime warplanes", "regime helicopters", "Syrian government aircraft"],
        ["الطيران الحربي التابع للنظام", "طيران النظام", "الطيران الحربي السوري",
         "القوى الجوية العربية السورية", "الطيران المروحي التابع للنظام", "مروحيات النظام",
         "الطيران الحربي للنظام", "سلاح الجو التابع للنظام"],
    ),
    (
        "4th-armoured-division", "syrian-government-forces", "unit", 1,
        "4th Armoured Division", "الفرقة الرابعة",
        "Elite armoured division of the Syrian Arab Army, commanded by Maher al-Assad.",
        ["4th Division", "Fourth Division", "4th Armored Division", "Fourth Armoured Division"],
        ["الفرقة الرابعة مدرعات", "الفرقة الرابعة المدرعة", "الفرقة 4"],
    ),
    (
        "tiger-forces", "syrian-government-forces", "unit", 1,
        "Tiger Forces", "قوات النمر",
        "Special forces of the Syrian Arab Army led by Suheil al-Hassan, renamed the 25th Special "
        "Mission Forces Division in 2019.",
        ["25th Special Mission Forces Division", "25th Division", "Qawat al-Nimr"],
        ["الفرقة 25 مهام خاصة", "الفرقة الخامسة والعشرون", "قوات سهيل الحسن"],
    ),
    (
        "republican-guard", "syrian-government-forces", "unit", 1,
        "Republican Guard", "الحرس الجمهوري",
        "Syrian Arab Army division charged with the security of the capital and the government.",
        ["Syrian Republican Guard"],
        ["الحرس الجمهوري السوري"],
    ),
    (
        "national-defence-forces", "syrian-government-forces", "militia", 3,
        "National Defence Forces", "قوات الدفاع الوطني",
        "Pro-government militia organised from 2012 under the Syrian government.",
        ["National Defense Forces", "NDF"],
        ["الدفاع الوطني", "ميليشيا الدفاع الوطني", "ميليشيات الدفاع الوطني"],
    ),
    (
        "air-force-intelligence", "syrian-government-forces", "unit", 1,
        "Air Force Intelligence", "المخابرات الجوية",
        "Syrian Air Force Intelligence Directorate; ran detention facilities.",
        ["Air Force Intelligence Directorate", "Syrian Air Force Intelligence", "AFID"],
        ["إدارة المخابرات الجوية", "فرع المخابرات الجوية", "الاستخبارات الجوية"],
    ),
    (
        "military-intelligence", "syrian-government-forces", "unit", 1,
        "Military Intelligence Directorate", "شعبة المخابرات العسكرية",
        "Syrian Military Intelligence (Military Security); ran detention branches such as 215 "
        "and 227.",
        ["Military Intelligence", "Military Security", "Syrian Military Intelligence"],
        ["المخابرات العسكرية", "الأمن العسكري", "الاستخبارات العسكرية"],
    ),
    (
        "general-intelligence", "syrian-government-forces", "unit", 1,
        "General Intelligence Directorate", "إدارة المخابرات العامة",
        "Syrian General Intelligence (State Security); ran detention branches.",
        ["General Intelligence", "State Security", "Syrian State Security"],
        ["المخابرات العامة", "أمن الدولة"],
    ),
    (
        "political-security", "syrian-government-forces", "unit", 1,
        "Political Security Directorate", "شعبة الأمن السياسي",
        "Syrian Political Security; ran detention branches.",
        ["Political Security", "Political Security Branch"],
        ["الأمن السياسي", "فرع الأمن السياسي"],
    ),
    # Forces of the Syrian transitional authorities from 8 December 2024.
    (
        "syrian-transitional-government-forces", None, "state-force", 1,
        "Syrian transitional government forces", "قوات الحكومة السورية الانتقالية",
        "Armed and security forces of the Syrian authorities formed after 8 December 2024 "
        "(Ministry of Defence, Ministry of Interior).",
        ["Syrian caretaker government forces", "Syrian transitional government",
         "Syrian Ministry of Defence forces", "Syrian Ministry of Defense"],
        ["قوات الحكومة الانتقالية", "الحكومة السورية الانتقالية", "قوات وزارة الدفاع السورية",
         "وزارة الدفاع السورية", "الحكومة السورية المؤقتة"],
    ),
    (
        "general-security-service", "syrian-transitional-government-forces", "unit", 1,
        "General Security Service", "جهاز الأمن العام",
        "Internal security force of the Syrian transitional authorities (from December 2024); "
        "earlier the security service of the Salvation Government in Idlib.",
        ["General Security", "Public Security", "General Security forces"],
        ["الأمن العام", "قوات الأمن العام", "إدارة الأمن العام"],
    ),
    # Russia
    (
        "russian-forces", None, "foreign-state-force", 8,
        "Russian forces", "القوات الروسية",
        "Armed forces of the Russian Federation in Syria (from September 2015).",
        ["Russian Armed Forces", "Russian military", "Russian Military", "Russian army",
         "Military Forces of Russia", "Government of Russia"],
        ["الجيش الروسي", "القوات المسلحة الروسية"],
    ),
    (
        "russian-air-force", "russian-forces", "unit", 8,
        "Russian Air Force", "الطيران الروسي",
        "Russian Aerospace Forces (VKS) operating over Syria.",
        ["Russian Aerospace Forces", "VKS", "Russian warplanes", "Russian aircraft",
         "Russian jets"],
        ["سلاح الجو الروسي", "الطيران الحربي الروسي", "القوات الجوية الروسية",
         "الطائرات الروسية", "المقاتلات الروسية", "القوات الجوفضائية الروسية"],
    ),
    (
        "wagner-group", "russian-forces", "unit", 8,
        "Wagner Group", "مجموعة فاغنر",
        "Russian private military company deployed alongside Syrian government forces.",
        ["Wagner", "PMC Wagner"],
        ["فاغنر", "مرتزقة فاغنر", "شركة فاغنر"],
    ),
    # Iran and the forces it backs
    (
        "iranian-forces", None, "foreign-state-force", 8,
        "Iranian and Iranian-backed forces", "القوات الإيرانية والميليشيات المدعومة من إيران",
        "Forces of the Islamic Republic of Iran in Syria and the foreign and Syrian militias "
        "it backs, grouped for analysis.",
        ["Iranian forces", "Iranian military", "Iranian Military", "Government of Iran",
         "Iran-backed forces", "Iranian-backed forces"],
        ["القوات الإيرانية", "الجيش الإيراني"],
    ),
    (
        "irgc", "iranian-forces", "unit", 8,
        "Islamic Revolutionary Guard Corps", "الحرس الثوري الإيراني",
        "Iran's Islamic Revolutionary Guard Corps, including its Quds Force.",
        ["IRGC", "Revolutionary Guards", "Iranian Revolutionary Guard", "Quds Force",
         "IRGC Quds Force"],
        ["الحرس الثوري", "فيلق القدس", "الحرس الثوري الإيراني"],
    ),
    (
        "hezbollah", "iranian-forces", "non-state-armed-group", 3,
        "Hezbollah", "حزب الله",
        "Lebanese Hezbollah, fighting in Syria alongside government forces from 2012.",
        ["Hizbullah", "Hizballah", "Hizbollah", "Lebanese Hezbollah"],
        ["حزب الله اللبناني", "ميليشيا حزب الله", "ميليشيات حزب الله"],
    ),
    (
        "iranian-backed-militias", "iranian-forces", "militia", 3,
        "Iranian-backed militias", "الميليشيات الإيرانية",
        "Foreign and Syrian militias backed by Iran (Fatemiyoun, Zainabiyoun, Iraqi groups and "
        "others) where reports do not name the group.",
        ["Iran-backed militias", "pro-Iranian militias", "Iranian militias"],
        ["الميليشيات المدعومة من إيران", "الميليشيات الموالية لإيران",
         "ميليشيات إيران"],
    ),
    (
        "fatemiyoun", "iranian-backed-militias", "militia", 3,
        "Fatemiyoun Brigade", "لواء فاطميون",
        "Afghan militia recruited and commanded by the IRGC.",
        ["Liwa Fatemiyoun", "Fatemiyoun", "Fatemiyoun Division"],
        ["فاطميون", "ميليشيا فاطميون"],
    ),
    (
        "zainabiyoun", "iranian-backed-militias", "militia", 3,
        "Zainabiyoun Brigade", "لواء زينبيون",
        "Pakistani militia recruited and commanded by the IRGC.",
        ["Liwa Zainabiyoun", "Zainabiyoun"],
        ["زينبيون", "ميليشيا زينبيون"],
    ),
    # The US-led coalition against ISIS
    (
        "international-coalition", None, "coalition", 8,
        "International Coalition", "التحالف الدولي",
        "The US-led coalition against ISIS, Combined Joint Task Force - Operation Inherent "
        "Resolve (from September 2014 in Syria).",
        ["US-led coalition", "U.S.-led Coalition", "Coalition", "the Coalition",
         "CJTF-OIR", "Operation Inherent Resolve", "Combined Joint Task Force Operation Inherent Resolve",
         "Global Coalition against Daesh", "Coalition forces", "International Coalition forces",
         "anti-ISIS coalition"],
        ["طيران التحالف", "التحالف الدولي بقيادة الولايات المتحدة", "التحالف بقيادة الولايات المتحدة",
         "قوات التحالف", "قوات التحالف الدولي", "طيران التحالف الدولي", "التحالف",
         "التحالف الدولي لمحاربة داعش", "التحالف الدولي ضد داعش", "عملية العزم الصلب"],
    ),
    (
        "us-forces", "international-coalition", "foreign-state-force", 8,
        "US forces", "القوات الأمريكية",
        "Armed forces of the United States in Syria.",
        ["United States forces", "U.S. forces", "US military", "American forces",
         "US Army", "US Air Force", "Government of United States of America"],
        ["القوات الأميركية", "الجيش الأمريكي", "الجيش الأميركي", "الطيران الأمريكي",
         "القوات الأمريكية في سوريا"],
    ),
    (
        "uk-forces", "international-coalition", "foreign-state-force", 8,
        "UK forces", "القوات البريطانية",
        "Armed forces of the United Kingdom (Operation Shader).",
        ["British forces", "United Kingdom forces", "Royal Air Force", "RAF", "British military"],
        ["الجيش البريطاني", "سلاح الجو الملكي البريطاني", "الطيران البريطاني"],
    ),
    (
        "french-forces", "international-coalition", "foreign-state-force", 8,
        "French forces", "القوات الفرنسية",
        "Armed forces of France (Operation Chammal).",
        ["French Air Force", "French military"],
        ["الجيش الفرنسي", "الطيران الفرنسي"],
    ),
    (
        "australian-forces", "international-coalition", "foreign-state-force", 8,
        "Australian forces", "القوات الأسترالية",
        "Armed forces of Australia (Operation Okra).",
        ["Royal Australian Air Force", "RAAF", "Australian military"],
        ["الطيران الأسترالي", "الجيش الأسترالي"],
    ),
    (
        "jordanian-forces", "international-coalition", "foreign-state-force", 8,
        "Jordanian forces", "القوات الأردنية",
        "Armed forces of Jordan, a coalition member that has also struck in southern Syria on "
        "its own account.",
        ["Jordanian military", "Jordanian Military", "Royal Jordanian Air Force", "Jordanian army"],
        ["الجيش الأردني", "الطيران الأردني", "سلاح الجو الملكي الأردني"],
    ),
    (
        "dutch-forces", "international-coalition", "foreign-state-force", 8,
        "Dutch forces", "القوات الهولندية",
        "Armed forces of the Netherlands.",
        ["Netherlands forces", "Royal Netherlands Air Force", "Dutch military"],
        ["الجيش الهولندي", "الطيران الهولندي"],
    ),
    (
        "belgian-forces", "international-coalition", "foreign-state-force", 8,
        "Belgian forces", "القوات البلجيكية",
        "Armed forces of Belgium.",
        ["Belgian Air Component", "Belgian military"],
        ["الجيش البلجيكي", "الطيران البلجيكي"],
    ),
    (
        "danish-forces", "international-coalition", "foreign-state-force", 8,
        "Danish forces", "القوات الدنماركية",
        "Armed forces of Denmark.",
        ["Royal Danish Air Force", "Danish military"],
        ["الجيش الدنماركي", "الطيران الدنماركي"],
    ),
    (
        "canadian-forces", "international-coalition", "foreign-state-force", 8,
        "Canadian forces", "القوات الكندية",
        "Armed forces of Canada (Operation Impact).",
        ["Royal Canadian Air Force", "Canadian military"],
        ["الجيش الكندي", "الطيران الكندي"],
    ),
    # Syrian Democratic Forces
    (
        "sdf", None, "non-state-armed-group", 2,
        "Syrian Democratic Forces", "قوات سوريا الديمقراطية",
        "Alliance formed in 2015 around the YPG/YPJ with Arab, Syriac and other groups; armed "
        "force of the Autonomous Administration of North and East Syria.",
        ["SDF", "QSD"],
        ["قسد", "قوات سوريا الديموقراطية", "قوات سورية الديمقراطية"],
    ),
    (
        "ypg", "sdf", "unit", 2,
        "People's Protection Units", "وحدات حماية الشعب",
        "Kurdish People's Protection Units, the core of the SDF.",
        ["YPG", "Kurdish People's Protection Units", "Yekineyen Parastina Gel",
         "Kurdish YPG", "YPG militia"],
        ["وحدات حماية الشعب الكردية", "الوحدات الكردية", "وحدات الحماية الكردية"],
    ),
    (
        "ypj", "sdf", "unit", 2,
        "Women's Protection Units", "وحدات حماية المرأة",
        "Kurdish Women's Protection Units, part of the SDF.",
        ["YPJ", "Yekineyen Parastina Jin", "Kurdish Women's Protection Units"],
        ["وحدات حماية المرأة الكردية"],
    ),
    (
        "asayish", "sdf", "unit", 2,
        "Asayish (Internal Security Forces)", "الأسايش",
        "Internal Security Forces of the Autonomous Administration of North and East Syria.",
        ["Asayish", "Asayesh", "Internal Security Forces of North and East Syria"],
        ["قوى الأمن الداخلي", "قوى الأمن الداخلي الكردية", "الآسايش"],
    ),
    # Hay'at Tahrir al-Sham and its predecessors
    (
        "hts", None, "non-state-armed-group", 2,
        "Hayat Tahrir al-Sham", "هيئة تحرير الشام",
        "Formed in January 2017 from Jabhat Fatah al-Sham (formerly Jabhat al-Nusra, 2012-2016) "
        "and other groups; announced its dissolution into the new Syrian army in January 2025.",
        ["HTS", "Hay'at Tahrir al-Sham", "Tahrir al-Sham", "Hayat Tahrir ash-Sham",
         "Jabhat al-Nusra", "Nusra Front", "al-Nusra Front", "al-Nusra", "Jabhat al-Nusra li-Ahl al-Sham",
         "Jabhat Fatah al-Sham", "Jabhat Fateh al-Sham", "JFS", "Nusra"],
        ["تحرير الشام", "هيئة تحرير الشام", "جبهة النصرة", "النصرة", "جبهة فتح الشام",
         "جبهة النصرة لأهل الشام"],
    ),
    (
        "hurras-al-din", None, "non-state-armed-group", 2,
        "Hurras al-Din", "تنظيم حراس الدين",
        "Al-Qaeda affiliate formed in 2018 by former Nusra members; announced its dissolution in "
        "January 2025.",
        ["Tanzim Hurras ad-Din", "Guardians of Religion", "Hurras ad-Din", "Huras al-Din"],
        ["حراس الدين"],
    ),
    # ISIS
    (
        "isis", None, "non-state-armed-group", 2,
        "Islamic State (ISIS)", "تنظيم الدولة الإسلامية (داعش)",
        "The Islamic State of Iraq and al-Sham; proclaimed a caliphate in June 2014, lost its last "
        "territory in Syria at Baghouz in March 2019, and goes on as an insurgency.",
        ["ISIS", "ISIL", "IS", "Islamic State", "Daesh", "Da'esh", "Daish",
         "Islamic State of Iraq and the Levant", "Islamic State of Iraq and Syria",
         "Islamic State of Iraq and al-Sham", "ISIS cells", "Islamic State cells"],
        ["داعش", "تنظيم الدولة الإسلامية", "تنظيم الدولة", "الدولة الإسلامية في العراق والشام",
         "الدولة الإسلامية", "تنظيم داعش", "خلايا داعش", "خلايا تنظيم الدولة",
         "الدولة الإسلامية في العراق والشام (داعش)"],
    ),
    (
        "isis-hisbah", "isis", "unit", 2,
        "ISIS Hisbah (religious police)", "ديوان الحسبة",
        "The religious police of the Islamic State.",
        ["Hisbah", "Hisba", "ISIS religious police", "Diwan al-Hisbah"],
        ["الحسبة", "شرطة الحسبة", "حسبة داعش"],
    ),
    (
        "isis-amniyat", "isis", "unit", 2,
        "ISIS security service (Amniyat)", "الجهاز الأمني لتنظيم الدولة",
        "The security and intelligence service of the Islamic State; ran its prisons.",
        ["Amniyat", "ISIS security office", "ISIS intelligence"],
        ["أمنيي داعش", "الجهاز الأمني لداعش"],
    ),
    # Armed opposition
    (
        "free-syrian-army", None, "non-state-armed-group", 2,
        "Free Syrian Army", "الجيش السوري الحر",
        "Umbrella name for the armed opposition factions formed from 2011; many FSA factions later "
        "joined the Syrian National Army.",
        ["FSA", "Free Army"],
        ["الجيش الحر"],
    ),
    (
        "armed-opposition", None, "non-state-armed-group", 2,
        "Armed opposition factions", "فصائل المعارضة المسلحة",
        "Armed opposition factions where reports do not name the faction.",
        ["armed opposition", "opposition factions", "rebel factions", "rebels",
         "Syrian insurgents", "armed opposition groups"],
        ["المعارضة المسلحة", "فصائل المعارضة", "الفصائل المسلحة", "فصائل المعارضة السورية",
         "الفصائل المعارضة", "الثوار"],
    ),
    (
        "sna", None, "non-state-armed-group", 2,
        "Syrian National Army", "الجيش الوطني السوري",
        "Turkish-backed coalition of armed opposition factions formed in 2017 in northern Syria "
        "(merged with the National Front for Liberation in 2019).",
        ["SNA", "Turkish-backed Syrian National Army", "Turkish-backed factions",
         "Turkish-backed opposition", "TFSA", "Turkish-backed Free Syrian Army"],
        ["الجيش الوطني", "فصائل الجيش الوطني", "الفصائل الموالية لتركيا",
         "الفصائل المدعومة من تركيا", "الجيش الوطني السوري المدعوم من تركيا"],
    ),
    (
        "sultan-murad-division", "sna", "unit", 2,
        "Sultan Murad Division", "فرقة السلطان مراد",
        "Faction of the Syrian National Army.",
        ["Liwa al-Sultan Murad", "Sultan Murad Brigade", "Sultan Murad"],
        ["لواء السلطان مراد", "السلطان مراد"],
    ),
    (
        "hamza-division", "sna", "unit", 2,
        "Hamza Division", "فرقة الحمزة",
        "Faction of the Syrian National Army.",
        ["al-Hamza Division", "Firqat al-Hamza", "Hamzat"],
        ["الحمزات", "فرقة الحمزات"],
    ),
    (
        "sultan-suleiman-shah-division", "sna", "unit", 2,
        "Sultan Suleiman Shah Division", "فرقة السلطان سليمان شاه",
        "Faction of the Syrian National Army.",
        ["Amshat", "Suleiman Shah Brigade"],
        ["العمشات", "لواء السلطان سليمان شاه"],
    ),
    (
        "ahrar-al-sham", "sna", "unit", 2,
        "Ahrar al-Sham", "حركة أحرار الشام الإسلامية",
        "Islamist faction founded in 2011; part of the National Front for Liberation and, from "
        "2019, of the Syrian National Army.",
        ["Harakat Ahrar al-Sham al-Islamiyya", "Ahrar ash-Sham", "Islamic Movement of Ahrar al-Sham"],
        ["أحرار الشام", "حركة أحرار الشام"],
    ),
    (
        "ahrar-al-sharqiya", "sna", "unit", 2,
        "Ahrar al-Sharqiya", "أحرار الشرقية",
        "Faction of the Syrian National Army.",
        ["Ahrar al-Sharqiyah", "Ahrar ash-Sharqiya"],
        ["تجمع أحرار الشرقية"],
    ),
    (
        "levant-front", "sna", "unit", 2,
        "Levant Front", "الجبهة الشامية",
        "Faction of the Syrian National Army.",
        ["al-Jabha al-Shamiya", "Al-Jabha al-Shamiyyah", "Shamiya Front"],
        ["الجبهة الشامية"],
    ),
    (
        "jaysh-al-islam", "sna", "unit", 2,
        "Jaysh al-Islam", "جيش الإسلام",
        "Faction that held Eastern Ghouta until 2018, later part of the Syrian National Army.",
        ["Army of Islam", "Jaish al-Islam"],
        ["فصيل جيش الإسلام"],
    ),
    (
        "faylaq-al-sham", "sna", "unit", 2,
        "Sham Legion", "فيلق الشام",
        "Faction of the National Front for Liberation and the Syrian National Army.",
        ["Faylaq al-Sham", "Failaq al-Sham"],
        ["فيلق الشام"],
    ),
    # Turkey
    (
        "turkish-forces", None, "foreign-state-force", 8,
        "Turkish forces", "القوات التركية",
        "Armed forces of Turkey in Syria (operations Euphrates Shield, Olive Branch, Peace Spring, "
        "Spring Shield and later strikes).",
        ["Turkish Armed Forces", "TAF", "Turkish army", "Turkish military", "Turkish Military",
         "Government of Turkey", "Military Forces of Turkey"],
        ["الجيش التركي", "القوات المسلحة التركية"],
    ),
    (
        "turkish-air-force", "turkish-forces", "unit", 8,
        "Turkish Air Force", "الطيران التركي",
        "Aircraft and armed drones of the Turkish forces.",
        ["Turkish warplanes", "Turkish drones", "Turkish aircraft"],
        ["سلاح الجو التركي", "الطيران الحربي التركي", "المسيرات التركية", "الطائرات المسيرة التركية"],
    ),
    # Israel
    (
        "israeli-forces", None, "foreign-state-force", 8,
        "Israeli forces", "القوات الإسرائيلية",
        "Armed forces of Israel (strikes in Syria; incursions in the south-west from December 2024).",
        ["Israel Defense Forces", "IDF", "Israeli army", "Israeli military", "Israeli Military",
         "Government of Israel"],
        ["الجيش الإسرائيلي", "الاحتلال الإسرائيلي", "قوات الاحتلال الإسرائيلي",
         "جيش الاحتلال الإسرائيلي"],
    ),
    (
        "israeli-air-force", "israeli-forces", "unit", 8,
        "Israeli Air Force", "الطيران الإسرائيلي",
        "Aircraft and armed drones of the Israeli forces.",
        ["IAF", "Israeli warplanes", "Israeli aircraft", "Israeli jets"],
        ["سلاح الجو الإسرائيلي", "الطيران الحربي الإسرائيلي", "طيران الاحتلال الإسرائيلي"],
    ),
    # Unknown
    (
        "unknown", None, "unknown", None,
        "Unknown perpetrator", "جهة مجهولة",
        "The perpetrator is not known or the sources do not name one.",
        ["unidentified", "unknown perpetrator", "unidentified perpetrator", "unknown perpetrators",
         "unidentified gunmen", "unidentified armed group", "unknown party", "unidentified aircraft"],
        ["مجهول", "مجهولون", "جهات مجهولة", "مسلحون مجهولون", "طرف مجهول", "طيران مجهول",
         "مجهولي الهوية", "جهة مجهولة"],
    ),
]

SLUGS = [row[0] for row in ACTORS]


def seed(apps, schema_editor):
    Actor = apps.get_model("actors", "Actor")
    ActorAlias = apps.get_model("actors", "ActorAlias")
    Term = apps.get_model("vocabularies", "Term")
    types = {t.code: t for t in Term.objects.filter(kind="actor_type")}
    by_slug = {}
    # Parents come before their units in ACTORS, so each parent's path is known first.
    for slug, parent_slug, type_code, acled, name_en, name_ar, description, en, ar in ACTORS:
        parent = by_slug[parent_slug] if parent_slug else None
        actor, _ = Actor.objects.update_or_create(
            slug=slug,
            defaults={
                "name_en": name_en, "name_ar": name_ar, "description": description,
                "actor_type": types.get(type_code), "acled_inter_code": acled, "parent": parent,
            },
        )
        actor.path = f"{parent.path if parent else '/'}{actor.pk}/"
        actor.save(update_fields=["path"])
        by_slug[slug] = actor
        existing = set(ActorAlias.objects.filter(actor=actor).values_list("normalised", flat=True))
        rows = [(name_en, "en"), *((n, "en") for n in en), (name_ar, "ar"), *((n, "ar") for n in ar)]
        new = []
        for name, language in rows:
            normalised = normalise(name)
            if normalised and normalised not in existing:
                existing.add(normalised)
                new.append(ActorAlias(actor=actor, name=name, language=language, normalised=normalised))
        ActorAlias.objects.bulk_create(new)


def unseed(apps, schema_editor):
    Actor = apps.get_model("actors", "Actor")
    ActorAlias = apps.get_model("actors", "ActorAlias")
    actors = list(Actor.objects.filter(slug__in=SLUGS))
    ActorAlias.objects.filter(actor__in=actors).delete()
    # Units before the parties they belong to: parent is PROTECTed.
    for actor in sorted(actors, key=lambda a: a.path.count("/"), reverse=True):
        actor.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0001_initial"),
        ("vocabularies", "0002_seed_terms"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
