"""Template tags shared by every page: language links, navigation state and icons."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, get_language_info, override

register = template.Library()


def _language_name(code: str) -> str:
    """The language in its own name ("Nederlands", "Français"), so a reader finds their own."""
    name = get_language_info(code)["name_local"]
    return name[:1].upper() + name[1:]


def _page_in(path: str, code: str, current: str) -> str:
    """The same page in language `code`; its home page when the path has no translation.

    `translate_url` hands back the path unchanged when it cannot resolve it (a 404 page, for
    one). Every page lives under a language prefix, so an unchanged path for another language
    means "no such page there": the home page is the useful place to go instead.
    """
    url = translate_url(path, code)
    if url == path and code != current:
        with override(code):
            url = reverse("network:home")
    return url


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the current page in each language: plain links, so no JavaScript is needed."""
    request = context.get("request")
    current = get_language()
    path = request.get_full_path() if request else "/"
    items = [
        (
            _page_in(path, code, current),
            code,
            code,
            format_html(' aria-current="{}"', "true") if code == current else "",
            _language_name(code),
        )
        for code, _name in settings.LANGUAGES
    ]
    return format_html(
        '<ul class="language-list">{}</ul>',
        format_html_join("", '<li><a href="{}" hreflang="{}" lang="{}"{}>{}</a></li>', items),
    )


@register.simple_tag(takes_context=True)
def nav_current(context, url_name: str):
    """` aria-current="page"` on the link to this page, `"true"` on the link to its section.

    Usage: `<a href="{% url 'network:about' %}"{% nav_current 'network:about' %}>`. A section
    is every path below the link's own (an actor's page is inside the directory); the home
    page is only ever "page", or it would be current everywhere.
    """
    request = context.get("request")
    if request is None:
        return ""
    try:
        target = reverse(url_name)
    except NoReverseMatch:
        return ""
    if request.path == target:
        return format_html(' aria-current="{}"', "page")
    if target != reverse("network:home") and request.path.startswith(target):
        return format_html(' aria-current="{}"', "true")
    return ""


@register.simple_tag
def icon(name: str, css_class: str = ""):
    """A decorative icon from our SVG sprite (static/img/icons.svg); screen readers skip it.

    It takes the text colour (`currentColor`), so it follows links, buttons and badges.
    """
    classes = f"icon {css_class}".strip()
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        classes,
        static("img/icons.svg"),
        name,
    )


SITE_NAME = "Ketenwerk"


class PageTitleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        page = self.nodelist.render(context).strip()
        return f"{page} · {SITE_NAME}" if page else SITE_NAME


@register.tag
def page_title(parser, token):
    """`{% page_title %}{% block title %}{% endblock %}{% endpage_title %}` → "Page · Ketenwerk".

    Pages fill only `{% block title %}` with their own name; the site name and separator are
    added here, and the home page (an empty block) is plainly "Ketenwerk".
    """
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return PageTitleNode(nodelist)
