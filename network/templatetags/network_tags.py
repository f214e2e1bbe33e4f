"""Template tags shared by every page."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the current page in each language: plain links, so no JavaScript is needed."""
    request = context.get("request")
    current = get_language()
    path = request.get_full_path() if request else "/"
    items = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        attrs = ' aria-current="true"' if code == current else ""
        items.append((url, code, str(name), code.upper(), attrs))
    return format_html(
        '<ul class="language-list">{}</ul>',
        format_html_join(
            "",
            '<li><a href="{}" hreflang="{}" lang="{}" title="{}"{}>{}</a></li>',
            ((url, code, code, name, format_html(attrs), label) for url, code, name, label, attrs in items),
        ),
    )
