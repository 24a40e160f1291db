"""Words the benchmark generator builds incidents and persons from, in Arabic and English.

Parallel lists: each entry is one idea in both languages. The shares the measurements rely on
are constants here so `generate.py`, `measure.py` and the small test agree on them.
"""

from __future__ import annotations

# Share of incidents whose text mentions a hospital ("hospital" / "مستشفى"): the common word.
HOSPITAL_SHARE = 0.7
COMMON_WORDS = ("مستشفى", "hospital")

# A family name given only to a handful of victims: the rare word.
RARE_FAMILY = ("القطرنجي", "al-Qatranji")
RARE_WORDS = ("القطرنجي", "Qatranji")
RARE_PER_INCIDENTS = 20_000  # one rare victim per this many incidents, at least MIN_RARE
MIN_RARE = 3

# A two-word Arabic person name (given + family) for the "Arabic name" search.
NAME_QUERY = "خالد الحلبي"

# (weapon term code, violation term code, English, Arabic)
ATTACKS = [
    ("airstrike", "indiscriminate-attack", "Airstrike", "غارة جوية"),
    ("barrel-bomb", "indiscriminate-attack", "Barrel bomb attack", "هجوم بالبراميل المتفجرة"),
    ("artillery", "indiscriminate-attack", "Artillery shelling", "قصف مدفعي"),
    ("rocket", "indiscriminate-attack", "Rocket attack", "قصف صاروخي"),
    ("mortar", "indiscriminate-attack", "Mortar shelling", "قصف بقذائف الهاون"),
    ("drone", "attack-on-civilians", "Drone strike", "غارة بطائرة مسيرة"),
    ("car-bomb", "attack-on-civilians", "Car bomb explosion", "انفجار سيارة مفخخة"),
    ("sniper", "killing", "Sniper fire", "إطلاق نار من قناص"),
    ("small-arms", "arbitrary-detention", "Raid and arrests", "مداهمة واعتقالات"),
    ("cluster", "prohibited-weapons", "Cluster munitions attack", "هجوم بالذخائر العنقودية"),
    ("chemical", "prohibited-weapons", "Chemical attack", "هجوم كيميائي"),
    ("landmine", "killing", "Landmine explosion", "انفجار لغم أرضي"),
]
ATTACK_WEIGHTS = [30, 14, 14, 8, 8, 5, 4, 4, 6, 2, 1, 4]

# (English, Arabic) of what was hit
TARGETS = [
    ("market", "سوق شعبي"),
    ("school", "مدرسة"),
    ("bakery", "فرن"),
    ("mosque", "مسجد"),
    ("residential building", "مبنى سكني"),
    ("camp for displaced people", "مخيم للنازحين"),
    ("water station", "محطة مياه"),
    ("civil defence centre", "مركز للدفاع المدني"),
    ("farm", "مزرعة"),
    ("main road", "الطريق الرئيسي"),
    ("fuel station", "محطة وقود"),
    ("town centre", "وسط البلدة"),
    ("family house", "منزل عائلة"),
    ("checkpoint", "حاجز"),
]

# Sentences naming a hospital, {place} filled with the incident's place.
HOSPITAL_SENTENCES = [
    ("The wounded were taken to a field hospital nearby.", "ونقل الجرحى إلى مستشفى ميداني قريب."),
    ("Rescuers carried the injured to the hospital in {place}.", "وأسعف المصابون إلى مستشفى {place}."),
    ("The attack also damaged the {place} hospital.", "وتضرر مستشفى {place} جراء القصف."),
    ("Medical staff at the hospital reported a shortage of blood.", "وأفاد الكادر الطبي في المستشفى بنقص في الدم."),
]
OTHER_SENTENCES = [
    ("Civil defence teams searched the rubble for survivors.", "وبحثت فرق الدفاع المدني بين الأنقاض عن ناجين."),
    ("Residents fled towards nearby villages.", "ونزح الأهالي باتجاه القرى المجاورة."),
    ("A witness described heavy damage to shops and homes.", "ووصف شاهد عيان دمارا كبيرا في المحال والمنازل."),
    ("Local activists published photographs of the site.", "ونشر ناشطون محليون صورا للموقع."),
    ("The area had no military positions according to residents.", "ولم تكن في المنطقة مواقع عسكرية بحسب الأهالي."),
]
TAGS = ["airstrike", "shelling", "detention", "displacement", "medical", "education", "children"]

# (Arabic, Latin spellings) of given and family names common in Syria
MALE_GIVEN = [
    ("محمد", ["Mohammad", "Muhammad", "Mohamed"]), ("أحمد", ["Ahmad", "Ahmed"]),
    ("خالد", ["Khaled", "Khalid"]), ("علي", ["Ali"]), ("حسن", ["Hassan", "Hasan"]),
    ("حسين", ["Hussein", "Husayn"]), ("عمر", ["Omar", "Umar"]), ("محمود", ["Mahmoud", "Mahmud"]),
    ("مصطفى", ["Mustafa", "Moustafa"]), ("إبراهيم", ["Ibrahim"]), ("يوسف", ["Yousef", "Yusuf"]),
    ("عبد الله", ["Abdullah", "Abdallah"]), ("عبد الرحمن", ["Abdulrahman", "Abd al-Rahman"]),
    ("سامر", ["Samer"]), ("ماهر", ["Maher"]), ("بشار", ["Bashar"]), ("فراس", ["Firas"]),
    ("وائل", ["Wael", "Wa'el"]), ("عمار", ["Ammar"]), ("ياسر", ["Yaser", "Yasser"]),
    ("حمزة", ["Hamza", "Hamzah"]), ("أنس", ["Anas"]), ("زياد", ["Ziad", "Ziyad"]),
    ("رامي", ["Rami"]), ("طارق", ["Tareq", "Tariq"]), ("فادي", ["Fadi"]), ("جمال", ["Jamal"]),
    ("سليمان", ["Suleiman", "Sulayman"]), ("عيسى", ["Issa", "Isa"]), ("نبيل", ["Nabil"]),
    ("صالح", ["Saleh", "Salih"]), ("منير", ["Munir", "Mounir"]), ("هيثم", ["Haitham"]),
    ("باسل", ["Basel", "Basil"]), ("كريم", ["Karim", "Kareem"]), ("معاذ", ["Muath", "Moaz"]),
    ("عدنان", ["Adnan"]), ("جهاد", ["Jihad"]), ("بلال", ["Bilal"]), ("عثمان", ["Othman", "Uthman"]),
]
FEMALE_GIVEN = [
    ("فاطمة", ["Fatima", "Fatma"]), ("مريم", ["Maryam", "Mariam"]), ("عائشة", ["Aisha", "Aysha"]),
    ("زينب", ["Zeinab", "Zaynab"]), ("خديجة", ["Khadija"]), ("سارة", ["Sara", "Sarah"]),
    ("رهف", ["Rahaf"]), ("نور", ["Nour", "Noor"]), ("هبة", ["Heba", "Hiba"]), ("رنا", ["Rana"]),
    ("لينا", ["Lina"]), ("سلمى", ["Salma"]), ("هدى", ["Huda", "Houda"]), ("أمل", ["Amal"]),
    ("آمنة", ["Amina", "Aminah"]), ("رزان", ["Razan"]), ("دعاء", ["Duaa", "Doaa"]),
    ("ياسمين", ["Yasmin", "Yasmine"]), ("حلا", ["Hala"]), ("بتول", ["Batoul", "Batul"]),
    ("جنى", ["Jana"]), ("غزل", ["Ghazal"]), ("ريم", ["Reem", "Rim"]), ("سعاد", ["Souad", "Suad"]),
]
FAMILY = [
    ("الحلبي", ["al-Halabi", "Halabi"]), ("الأحمد", ["al-Ahmad"]), ("المحمد", ["al-Mohammad"]),
    ("العلي", ["al-Ali"]), ("الحسن", ["al-Hasan", "al-Hassan"]), ("الخطيب", ["al-Khatib", "Khatib"]),
    ("الشامي", ["al-Shami", "Shami"]), ("الحمصي", ["al-Homsi", "Homsi"]), ("الإدلبي", ["al-Idlibi"]),
    ("الديري", ["al-Deiri"]), ("الرقاوي", ["al-Raqqawi"]), ("الحوراني", ["al-Hourani", "Hourani"]),
    ("العمر", ["al-Omar"]), ("الخليل", ["al-Khalil"]), ("السعيد", ["al-Saeed", "al-Said"]),
    ("النجار", ["al-Najjar", "Najjar"]), ("الحداد", ["al-Haddad", "Haddad"]), ("العبد الله", ["al-Abdullah"]),
    ("الزعبي", ["al-Zoubi", "Zoubi"]), ("المصري", ["al-Masri", "Masri"]), ("الكردي", ["al-Kurdi", "Kurdi"]),
    ("حمدان", ["Hamdan"]), ("عثمان", ["Othman"]), ("سليمان", ["Suleiman"]), ("درويش", ["Darwish"]),
    ("شحادة", ["Shehadeh", "Shahada"]), ("قاسم", ["Qasem", "Kassem"]), ("يوسف", ["Youssef"]),
    ("الأسعد", ["al-Asaad"]), ("البكور", ["al-Bakour"]), ("الجاسم", ["al-Jasem"]),
    ("الحمود", ["al-Hamoud"]), ("العيسى", ["al-Issa"]), ("الموسى", ["al-Mousa"]),
    ("الصالح", ["al-Saleh"]), ("العثمان", ["al-Othman"]), ("الفارس", ["al-Fares"]),
    ("الشيخ", ["al-Sheikh"]), ("الدرويش", ["al-Darwish"]), ("السيد", ["al-Sayed"]),
    ("عبيد", ["Obeid"]), ("خليفة", ["Khalifa"]), ("الطويل", ["al-Tawil"]), ("الحاج", ["al-Hajj"]),
    ("الجبوري", ["al-Jubouri"]), ("العاني", ["al-Ani"]), ("الدندل", ["al-Dandal"]),
    ("العكيدي", ["al-Okaidi"]), ("البرازي", ["al-Barazi"]), ("الأتاسي", ["al-Atassi"]),
]

# Actors that claims name more often; every other seeded actor gets weight 1.
ACTOR_WEIGHTS = {
    "syrian-arab-air-force": 25, "syrian-government-forces": 20, "russian-air-force": 12,
    "isis": 8, "hts": 4, "sdf": 4, "sna": 4, "turkish-forces": 3, "international-coalition": 3,
    "us-forces": 3, "national-defence-forces": 3, "iranian-backed-militias": 2,
}

# Incidents per year, roughly the shape of the conflict's documented violence.
YEAR_WEIGHTS = {
    2011: 3, 2012: 12, 2013: 14, 2014: 13, 2015: 13, 2016: 14, 2017: 9, 2018: 7,
    2019: 5, 2020: 3, 2021: 2, 2022: 2, 2023: 1.5, 2024: 1.5, 2025: 1,
}

# Confidentiality mix: public, internal, restricted, secret (a clearance-2 user sees ~90%).
CONFIDENTIALITY_WEIGHTS = [20, 50, 20, 10]
DELETED_SHARE = 0.01
