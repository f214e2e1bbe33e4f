"""Pages of the actors app (under the language prefix)."""

app_name = "actors"

urlpatterns = []
