"""FastSelect writes the same <select> as Django's Select, without a template per option."""

import pytest
from django import forms
from django.test.html import parse_html

from network.models import Municipality
from network.widgets import FastSelect

CHOICES = [
    ("", "---------"),
    ("a", "Aardappelen & <ui>"),
    ('Groep "1"', [("b", "Bieten"), ("c", "Courgettes")]),
    (3, "Drie"),
]


@pytest.mark.parametrize("value", [None, "", "a", "c", 3, "unknown"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_x"}, {"id": "id_x", "required": True, "disabled": False}]
)
def test_the_markup_is_that_of_django_select(value, attrs):
    ours = FastSelect(choices=CHOICES).render("x", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("x", value, attrs=attrs)

    assert parse_html(ours) == parse_html(django)


def test_labels_and_values_are_escaped():
    html = FastSelect(choices=[('"><script>', "<b>bold</b>")]).render("x", None)

    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.django_db
def test_a_model_choice_field_keeps_the_chosen_value_selected():
    gent = Municipality.objects.create(
        nis_code="44021", slug="gent-w", name_nl="Gent", latitude=51.05, longitude=3.72
    )
    Municipality.objects.create(
        nis_code="44084", slug="melle-w", name_nl="Melle", latitude=51.0, longitude=3.8
    )

    class Form(forms.Form):
        municipality = forms.ModelChoiceField(
            Municipality.objects.order_by("name_nl"), to_field_name="nis_code", widget=FastSelect
        )

    form = Form({"municipality": gent.nis_code})
    html = str(form["municipality"])
    reference = forms.Select(choices=form.fields["municipality"].choices).render(
        "municipality", gent.nis_code, attrs={"id": "id_municipality", "required": True}
    )

    assert '<option value="44021" selected>Gent</option>' in html
    assert parse_html(html) == parse_html(reference)
