"""Small presentation helpers of the actors pages: kind icons, distances, select options."""

from django import template
from django.utils.formats import number_format
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe

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


def _option(value, label, selected) -> str:
    mark = " selected" if selected is not None and str(value) == selected else ""
    return f'<option value="{escape(value)}"{mark}>{escape(label)}</option>'


@register.simple_tag
def select_options(choices, selected=None):
    """The <option>s of a select, from (value, label) pairs, with the chosen value selected.

    Instead of a template loop (several variable lookups per option) or Django's widget
    templates (one template render per option): the directory's selects list ~300
    municipalities and every product category on each request. A pair whose second item is a
    list is an <optgroup>: (group label, [(value, label), …]). Values and labels are escaped.
    """
    selected = None if selected is None else str(selected)
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            parts.append(f'<optgroup label="{escape(value)}">')
            parts.extend(_option(v, lab, selected) for v, lab in label)
            parts.append("</optgroup>")
        else:
            parts.append(_option(value, label, selected))
    return mark_safe("".join(parts))  # noqa: S308 — every value and label is escaped above


@register.simple_tag
def datalist_options(values):
    """<option value="…"></option> for each value, escaped: a datalist's suggestions."""
    return mark_safe(  # noqa: S308 — every value is escaped
        "".join(f'<option value="{escape(value)}"></option>' for value in values)
    )
