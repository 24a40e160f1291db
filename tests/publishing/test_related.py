"""Related reports: shared linked records and TF-IDF text similarity, with the reasons shown."""

from __future__ import annotations

import pytest
from real_data import shared_data

from sijill.publishing import similarity
from sijill.publishing.loading import report_load
from sijill.publishing.selectors import related_reports

from .reports_text import AIRSTRIKES_EN, DETENTION_EN, FAMILIES_AR

Doc = similarity.Document


def test_text_similarity_folds_arabic_letter_forms_and_articles():
    vectors = similarity.tfidf_vectors([
        Doc(1, "ar", "قصف الطيران مدينة الرقة"), Doc(2, "ar", "قصف طيران مدينة رقه"), Doc(3, "ar", "اعتقال في درعا"),
    ])
    assert similarity.cosine(vectors[1], vectors[2]) == pytest.approx(1.0)
    assert similarity.cosine(vectors[1], vectors[3]) == 0.0


def test_function_words_alone_do_not_make_reports_related():
    found = similarity.related(Doc(1, "en", "the and of in to a"), [Doc(2, "en", "the and of in to a")])
    assert found == []


def test_the_score_is_the_weighted_sum_of_entities_and_text_and_says_what_is_shared():
    target = Doc(1, "en", "airstrikes on raqqa", frozenset({"actor:isis", "place:SY11"}))
    other = Doc(2, "ar", "غارات على الرقة", frozenset({"actor:isis", "place:SY09"}))
    (found,) = similarity.related(target, [other])
    assert found.entity_score == pytest.approx(1 / 3, abs=1e-3) and found.text_score == 0.0  # other language
    assert found.score == pytest.approx(0.6 / 3, abs=1e-3) and found.shared == ("actor:isis",)


@pytest.mark.django_db
def test_related_reports_of_the_raqqa_report(editor):
    from sijill.places.services import gazetteer_load

    gazetteer_load()
    raqqa = report_load(user=editor, text=shared_data("reports/raqqa_caliphate_capital_en.txt").read_text(),
                        title="Al-Raqqa, the caliphate capital", publish=True)
    airstrikes = report_load(user=editor, text=AIRSTRIKES_EN, title="Airstrikes on al-Raqqa", publish=True)
    families = report_load(user=editor, text=FAMILIES_AR, title="نقل عائلات المقاتلين الأجانب", publish=True)
    detention = report_load(user=editor, text=DETENTION_EN, title="Detentions in Daraa", publish=True)
    found = related_reports(raqqa)
    ranked = [r.report for r in found]
    assert ranked[:2] == [airstrikes, families]
    assert detention not in ranked
    best = found[0]
    assert best.text_score > 0.2 and best.entity_score > 0.3
    assert "Islamic State (ISIS)" in best.shared and "Ar-Raqqa" in best.shared
    assert found[1].text_score == 0.0 and "Islamic State (ISIS)" in found[1].shared  # Arabic: entities only
