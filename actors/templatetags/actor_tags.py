"""Small presentation helpers of the actors pages: kind icons and distances."""

from django import template
from django.utils.formats import number_format

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
