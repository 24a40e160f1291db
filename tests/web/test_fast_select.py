"""The filter form's fast <select> says exactly what Django's own Select says."""

import re

from django import forms

from sijill.web.forms import FastSelect

CHOICES = [("", "—"), ("isis", "ISIS"), ("sdf", "قوات سوريا الديمقراطية"), ("x<y", 'a "quoted" & <odd> label'), (2, "two")]


def _options(html: str) -> list[tuple[str, bool, str]]:
    found = re.findall(r'<option value="([^"]*)"( selected)?>(.*?)</option>', html, re.S)
    return [(value, bool(selected), label.strip()) for value, selected, label in found]


def test_options_selection_and_escaping_match_django():
    for value in ("", "sdf", "x<y", 2, None, "absent"):
        ours = FastSelect(choices=CHOICES).render("actor", value, attrs={"id": "id_actor"})
        theirs = forms.Select(choices=CHOICES).render("actor", value, attrs={"id": "id_actor"})
        assert _options(ours) == _options(theirs), value
        assert 'name="actor"' in ours and 'id="id_actor"' in ours
    assert "<odd>" not in FastSelect(choices=CHOICES).render("actor", "")
