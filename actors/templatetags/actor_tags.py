"""Small presentation helpers of the actors pages: kind icons, distances, select options."""

from django import template
from django.utils.formats import number_format
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe

from network.widgets import options_html

register = template.Library()

# Icons of static/img/icons.svg for each actor kind; kinds without their own icon share one.
KIND_ICONS = {
    "farmer": "farmer",
    "processor": "processor",
    "trader": "trader",
    "shop": "shop",
    "kitchen": "kitchen",
    "citizens_initiative": "citizen",
    "knowledge_institution": "school",
    "adviser": "user",
}


@register.filter
def kind_icon(kind: str) -> str:
    return KIND_ICONS.get(kind, "farmer")


@register.filter
def km(value) -> str:
    """3.24 → "3.2 km" ("3,2 km" in Dutch and French); under 1 km with one decimal too."""
    if value is None or value == "":
        return ""
    return f"{number_format(float(value), 1)}\u00a0km"


@register.simple_tag
def select_options(choices, selected=None):
    """The <option>s of a select the page writes itself, from (value, label) pairs (a list as
    label makes an <optgroup>), with the chosen value selected: `network.widgets.options_html`.

    Instead of a template loop (several variable lookups per option) or Django's widget
    templates (one template render per option): the directory's selects list ~300
    municipalities and every product category on each request.
    """
    chosen = () if selected is None else {str(selected)}
    return mark_safe(options_html(choices, chosen))  # noqa: S308 — escaped by options_html


@register.simple_tag
def datalist_options(values):
    """<option value="…"></option> for each value, escaped: a datalist's suggestions."""
    return mark_safe(  # noqa: S308 — every value is escaped
        "".join(f'<option value="{escape(value)}"></option>' for value in values)
    )
