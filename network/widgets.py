"""Form widgets of our own, where Django's cost more than the page around them."""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """Django's django/forms/widgets/attrs.html, in Python: ` name="value"`, ` flag` for True,
    nothing for False."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def options_html(choices, selected=()) -> str:
    """The <option>s of a select from (value, label) pairs, the values in `selected` (strings)
    selected. A pair whose label is a list is an <optgroup>: (group label, [(value, label)…]).
    Every value and label is escaped. Used by `FastSelect` and by pages that write their
    selects themselves (the directory's `select_options` tag)."""
    escape = conditional_escape
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            parts.append(f'<optgroup label="{escape(value)}">')
            parts.append(options_html(label, selected))
            parts.append("</optgroup>")
        else:
            mark = " selected" if str(value) in selected else ""
            parts.append(f'<option value="{escape(str(value))}"{mark}>{escape(label)}</option>')
    return "".join(parts)


class FastSelect(forms.Select):
    """A <select> whose options are written in Python instead of one template each.

    Django renders every <option> by including select_option.html and attrs.html: for the
    ~300 municipalities of a filter form that was 60 % of the support-action list's time at
    Flanders scale. The context is Django's own (`get_context`: the same ids, attributes,
    selected options and groups) and the markup is that of Django's templates.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        choices, selected = [], set()
        for group_name, options, _index in widget["optgroups"]:
            pairs = [(option["value"], option["label"]) for option in options]
            selected.update(str(option["value"]) for option in options if option["selected"])
            choices.extend([(group_name, pairs)] if group_name else pairs)
        name = conditional_escape(widget["name"])
        return mark_safe(  # noqa: S308 — the name, every value and every label is escaped
            f'<select name="{name}"{_attrs(widget["attrs"])}>'
            f"{options_html(choices, selected)}</select>"
        )
