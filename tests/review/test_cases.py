"""Case building: acts gathered by scope, each element of each crime with its support and gaps,
the chain of command, and the exported case file."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from sijill.review import services as review
from sijill.review.cases import case_build, case_file_html, case_file_json
from sijill.review.models import Crime

pytestmark = pytest.mark.django_db

ATTACKING_CIVILIANS_ELEMENTS = 5


def test_crimes_vocabulary_is_bilingual_with_elements(crimes):
    assert crimes.count() >= 20
    for crime in crimes:
        assert crime.title_en and crime.title_ar and crime.elements.exists(), crime.code
        for element in crime.elements.all():
            assert element.text_en and element.text_ar, element
    attacking = Crime.objects.get(code="attacking-civilians")
    assert attacking.article == "8(2)(b)(i) / 8(2)(e)(i)"
    assert [e.kind for e in attacking.elements.all()] == ["conduct", "circumstance", "mental", "contextual", "contextual"]


def test_demo_case_for_an_actor_shows_every_element_of_attacking_civilians(crimes, admin_user):
    from sijill.review.demo_data import ATTACK_TYPES, demo_case_actor, review_demo_load
    from sijill.web.demo_data import demo_load

    assert demo_load(user=admin_user, incidents=60) == 60
    case = review_demo_load(user=admin_user)
    assert case.scope == "actor" and case.actor == demo_case_actor()
    case_file = case_build(user=admin_user, case_id=case.pk)
    [finding] = case_file.crimes
    assert finding.crime.code == "attacking-civilians"
    assert [f.element.number for f in finding.elements] == list(range(1, ATTACKING_CIVILIANS_ELEMENTS + 1))

    # Every act gathered is claimed for the actor or one of its units, and qualifies by its type.
    assert finding.acts, "the demo actor has attacks on civilians"
    for row in finding.acts:
        assert row.act.violation_type.code in ATTACK_TYPES
        assert any(c.actor.path.startswith(case.actor.path) for c in row.claims)

    conduct, civilians, intent, context, awareness = finding.elements
    assert conduct.supported and {r.act.pk for r in conduct.acts} == {r.act.pk for r in finding.acts if r.sources}
    assert civilians.supported and all(any(v.person.status == "civilian" for v in r.victims) for r in civilians.acts)
    assert conduct.sources and all(s.pk for s in conduct.sources)
    # Intent, the armed-conflict context and awareness of it: nothing in the demo data supports them.
    assert [e.number for e in finding.unsupported] == [3, 4, 5]
    assert not (intent.acts or context.acts or awareness.acts)

    data = case_file_json(case_file)
    json.dumps(data, ensure_ascii=False)
    [crime] = data["crimes"]
    assert crime["unsupported_elements"] == [3, 4, 5]
    assert [e["supported"] for e in crime["elements"]] == [True, True, False, False, False]
    assert set(crime["elements"][0]["acts"]) <= {a["act"] for a in data["acts"]}
    html = case_file_html(case_file)
    assert "8(2)(b)(i) / 8(2)(e)(i)" in html and "Not supported" in html and "<script" not in html
    # A second demo run adds nothing.
    assert review_demo_load(user=admin_user).pk == case.pk


def test_linked_evidence_fills_a_gap_and_the_chain_of_command_has_sources(crimes, documenter, reviewer, make_source,
                                                                           make_incident):
    from sijill.people.services import person_create

    statement = make_source("Statement", origin="Ministry", source_type="official-statement")
    witness = make_source("Witness A", source_type="witness-testimony", origin="")
    make_incident(sources=[statement, witness], start_date="2016-05-01", acts=[{
        "violation_type": "attack-on-civilians", "method": "airstrike",
        "victims": [{"name_latin": "Sami Ali", "status": "civilian", "outcome": "killed"}],
        "claims": [{"actor": "syrian-arab-air-force", "degree": "direct", "sources": [witness.pk]}]}])
    commander = person_create(user=documenter, name_latin="Commander X")
    review.command_add(user=reviewer, unit="syrian-arab-air-force", commander=commander.pk, position="commander",
                       date_from="2015-01-01", date_to="2017-12-31", sources=[statement.pk])
    review.command_add(user=reviewer, unit="syrian-arab-air-force", commander=commander.pk, position="earlier",
                       date_from="2010-01-01", date_to="2012-12-31")
    case = review.case_create(user=reviewer, title_en="Air force", scope="unit", actor="syrian-arab-air-force",
                              crimes=["attacking-civilians"])
    finding = case_build(user=reviewer, case_id=case.pk).crimes[0]
    assert [e.number for e in finding.unsupported] == [4, 5]  # coded as a direct attack: intent indicated
    [row] = finding.acts
    assert [s.title for s in row.witnesses] == ["Witness A"]
    unit_link, party_link = row.chain
    assert [(c.position, [s.title for s in srcs]) for c, srcs in unit_link.commanders] == [("commander", ["Statement"])]
    assert unit_link.parent.slug == "syrian-government-forces" and unit_link.parent_basis == "actor hierarchy"

    context = finding.elements[3].element
    review.element_link_add(user=reviewer, case_id=case.pk, element_id=context.pk, source_id=statement.pk,
                            note="The ministry statement places the strike in the ongoing armed conflict.")
    finding = case_build(user=reviewer, case_id=case.pk).crimes[0]
    assert [e.number for e in finding.unsupported] == [5]
    assert [s.title for s in finding.elements[3].sources] == ["Statement"]
    with pytest.raises(ValidationError):
        review.element_link_add(user=reviewer, case_id=case.pk, element_id=context.pk, note="nothing linked")


def test_case_scopes_and_validation(crimes, documenter, reviewer, make_incident, make_source, coordinator):
    a = make_source("A", origin="A")
    make_incident("Detention", sources=[a], start_date="2014-01-01", acts=[{"violation_type": "arbitrary-detention",
                                                                            "claims": [{"actor": "isis"}]}])
    make_incident("Killing", sources=[a], start_date="2018-01-01", acts=[{"violation_type": "killing",
                                                                          "claims": [{"actor": "sdf"}]}])
    make_incident("Secret killing", sources=[a], start_date="2018-02-01", user=coordinator, confidentiality=3,
                  acts=[{"violation_type": "killing", "claims": [{"actor": "sdf"}]}])
    pattern = review.case_create(user=reviewer, title_en="Killings", scope="pattern", violation_types=["killing"])
    built = case_build(user=reviewer, case_id=pattern.pk)
    assert [r.incident.title_en for r in built.acts] == ["Killing"]  # the secret one is not the reviewer's to see
    assert {c.crime.code for c in built.crimes} >= {"murder-war-crime", "cah-murder"}
    with pytest.raises(ValidationError) as exc:
        review.case_create(user=reviewer, title_en="x", scope="place_period", date_from="2014-02-01", date_to="2014-01-01")
    assert {"place", "date_to"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        review.case_create(user=reviewer, title_en="x", scope="actor", actor="nobody", crimes=["made-up"])
    assert {"actor", "crimes"} <= set(exc.value.message_dict)


def test_case_export_and_origin_commands(crimes, reviewer, documenter, make_source, make_incident, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from sijill.review.models import SourceOrigin

    a = make_source("A", origin="Outlet")
    make_incident(sources=[a], acts=[{"violation_type": "killing", "claims": [{"actor": "isis", "sources": [a.pk]}]}])
    case = review.case_create(user=reviewer, title_en="ISIS killings", scope="actor", actor="isis")
    out = tmp_path / "case.json"
    call_command("case_export", case.pk, "--user", "rami", "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "sijill-case-file/1" and len(data["acts"]) == 1
    with pytest.raises(CommandError):
        call_command("case_export", case.pk, "--user", "nobody")

    SourceOrigin.objects.all().delete()  # as after a bulk import
    call_command("review_origins")
    assert SourceOrigin.objects.get(source=a).key == "name:outlet"
