"""Pages of the cooperation app (under the language prefix)."""

app_name = "cooperation"

urlpatterns = []
