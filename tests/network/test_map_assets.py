"""Every page with a map loads the shared map styles: without them markers are invisible."""

from pathlib import Path

from django.conf import settings


def test_every_template_with_a_leaflet_map_also_loads_the_marker_styles():
    templates = Path(settings.BASE_DIR, "templates").rglob("*.html")
    with_maps = [path for path in templates if "leaflet/leaflet.css" in path.read_text()]

    missing = [str(path) for path in with_maps if "css/map.css" not in path.read_text()]

    assert len(with_maps) >= 5
    assert missing == []
