"""Pages of the municipality app (under the language prefix)."""

app_name = "municipality"

urlpatterns = []
