"""Pages of the accounts app (under the language prefix)."""

app_name = "accounts"

urlpatterns = []
