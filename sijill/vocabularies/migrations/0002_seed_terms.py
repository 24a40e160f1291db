"""Seed the controlled vocabularies with bilingual terms. Admins may edit or add to them later.

Reversible: unapplying removes only terms with the seeded codes that nothing refers to.
"""

from django.db import migrations

TERMS = {
    "violation_type": [
        ("killing", "Killing", "قتل"),
        ("indiscriminate-attack", "Indiscriminate attack", "هجوم عشوائي"),
        ("attack-on-civilians", "Direct attack on civilians", "استهداف مباشر للمدنيين"),
        ("attack-on-medical", "Attack on medical facility or personnel", "استهداف منشأة أو كادر طبي"),
        ("attack-on-school", "Attack on school", "استهداف مدرسة"),
        ("attack-on-civilian-object", "Attack on civilian object", "استهداف منشأة مدنية"),
        ("arbitrary-detention", "Arbitrary detention", "اعتقال تعسفي"),
        ("enforced-disappearance", "Enforced disappearance", "إخفاء قسري"),
        ("torture", "Torture", "تعذيب"),
        ("death-under-torture", "Death under torture", "وفاة تحت التعذيب"),
        ("sexual-violence", "Sexual violence", "عنف جنسي"),
        ("execution", "Extrajudicial execution", "إعدام خارج نطاق القضاء"),
        ("kidnapping", "Kidnapping / hostage taking", "خطف / أخذ رهائن"),
        ("forced-displacement", "Forced displacement", "تهجير قسري"),
        ("child-recruitment", "Child recruitment", "تجنيد أطفال"),
        ("pillage", "Pillage / looting", "نهب"),
        ("property-destruction", "Destruction or seizure of property", "تدمير أو استيلاء على ممتلكات"),
        ("prohibited-weapons", "Use of prohibited weapons", "استخدام أسلحة محرمة"),
        ("siege", "Siege / starvation", "حصار / تجويع"),
        ("denial-of-aid", "Denial of humanitarian access", "منع وصول المساعدات الإنسانية"),
        ("other", "Other", "أخرى"),
    ],
    "weapon": [
        ("airstrike", "Airstrike", "غارة جوية"),
        ("barrel-bomb", "Barrel bomb", "برميل متفجر"),
        ("artillery", "Artillery shelling", "قصف مدفعي"),
        ("mortar", "Mortar", "قذائف هاون"),
        ("rocket", "Rockets (incl. MLRS)", "صواريخ"),
        ("ballistic-missile", "Ballistic missile", "صاروخ باليستي"),
        ("drone", "Drone strike", "طائرة مسيرة"),
        ("chemical", "Chemical weapon", "سلاح كيميائي"),
        ("cluster", "Cluster munition", "ذخائر عنقودية"),
        ("incendiary", "Incendiary weapon", "سلاح حارق"),
        ("landmine", "Landmine / IED", "لغم / عبوة ناسفة"),
        ("car-bomb", "Car bomb / VBIED", "سيارة مفخخة"),
        ("suicide-attack", "Suicide attack", "هجوم انتحاري"),
        ("small-arms", "Small arms / shooting", "أسلحة خفيفة / إطلاق نار"),
        ("sniper", "Sniper", "قناص"),
        ("knife", "Knife / beheading", "سكين / ذبح"),
        ("beating", "Beating", "ضرب"),
        ("starvation", "Starvation", "تجويع"),
        ("unknown", "Unknown", "غير معروف"),
    ],
    "actor_type": [
        ("state-force", "State armed force", "قوات حكومية"),
        ("foreign-state-force", "Foreign state force", "قوات دولة أجنبية"),
        ("coalition", "International coalition", "تحالف دولي"),
        ("non-state-armed-group", "Non-state armed group", "جماعة مسلحة من غير الدول"),
        ("militia", "Militia", "ميليشيا"),
        ("unit", "Unit", "وحدة"),
        ("unknown", "Unknown", "غير معروف"),
    ],
    "grading": [
        ("confirmed", "Confirmed", "مؤكد"),
        ("fair", "Fair", "مقبول"),
        ("weak", "Weak", "ضعيف"),
        ("contested", "Contested", "متنازع عليه"),
        ("discounted", "Discounted", "مستبعد"),
    ],
    "verification_status": [
        ("received", "Received", "مستلم"),
        ("under-review", "Under review", "قيد المراجعة"),
        ("verified", "Verified", "متحقق منه"),
        ("rejected", "Rejected", "مرفوض"),
    ],
    "source_type": [
        ("witness-testimony", "Witness testimony", "شهادة شاهد"),
        ("field-report", "Field report", "تقرير ميداني"),
        ("media-article", "Media article", "مقال إعلامي"),
        ("social-media-post", "Social-media post", "منشور على وسائل التواصل"),
        ("official-statement", "Official statement", "بيان رسمي"),
        ("organisation-dataset", "Another organisation's dataset", "بيانات منظمة أخرى"),
        ("photo-video", "Photo or video", "صورة أو فيديو"),
        ("other", "Other", "أخرى"),
    ],
    # NATO / Admiralty scale: reliability of the source (A-F) and credibility of the information (1-6).
    "reliability": [
        ("a", "A - Completely reliable", "أ - موثوق تماماً"),
        ("b", "B - Usually reliable", "ب - موثوق عادةً"),
        ("c", "C - Fairly reliable", "ج - موثوق إلى حد ما"),
        ("d", "D - Not usually reliable", "د - غير موثوق عادةً"),
        ("e", "E - Unreliable", "هـ - غير موثوق"),
        ("f", "F - Reliability cannot be judged", "و - لا يمكن تقدير الموثوقية"),
    ],
    "credibility": [
        ("1", "1 - Confirmed by other sources", "1 - مؤكدة من مصادر أخرى"),
        ("2", "2 - Probably true", "2 - صحيحة على الأرجح"),
        ("3", "3 - Possibly true", "3 - ربما صحيحة"),
        ("4", "4 - Doubtful", "4 - مشكوك فيها"),
        ("5", "5 - Improbable", "5 - غير محتملة"),
        ("6", "6 - Truth cannot be judged", "6 - لا يمكن الحكم على صحتها"),
    ],
}


def seed(apps, schema_editor):
    Term = apps.get_model("vocabularies", "Term")
    for kind, rows in TERMS.items():
        for position, (code, label_en, label_ar) in enumerate(rows):
            Term.objects.update_or_create(
                kind=kind, code=code,
                defaults={"label_en": label_en, "label_ar": label_ar, "position": position},
            )


def unseed(apps, schema_editor):
    Term = apps.get_model("vocabularies", "Term")
    for kind, rows in TERMS.items():
        Term.objects.filter(kind=kind, code__in=[r[0] for r in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [("vocabularies", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
