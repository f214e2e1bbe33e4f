"""Template tags through which other apps' pages show cooperation data.

`actors` may not import `cooperation` (dependencies point one way), so the actor page asks for
its cooperations through this tag, resolved when the template renders.
"""

from django import template

from cooperation.selectors import memberships_of_actor_visible_to

register = template.Library()


@register.inclusion_tag("cooperation/includes/actor_cooperations.html", takes_context=True)
def actor_cooperations(context, actor):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"memberships": list(memberships_of_actor_visible_to(user, actor))}
