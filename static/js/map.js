/* Ketenwerk maps: Leaflet (from django-leaflet's static files) with numbered markers.

   Pages never put executable script inline: a map element names its data, a
   <script type="application/json"> block written by Django's json_script, in `data-map-data`.
   The tile server comes from the MAP_TILES_URL setting (`data-tiles-url`). When tiles fail to
   load the markers still show on a plain background, and the page's list holds every result.

   Maps with the class `js-static-map` are set up here on load; the directory and the location
   picker use `KetenwerkMap` themselves. */
(function () {
  "use strict";

  var FLANDERS = [51.02, 4.25];
  var FLANDERS_ZOOM = 8;

  function readJSON(id) {
    var element = id && document.getElementById(id);
    if (!element) {
      return null;
    }
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return null;
    }
  }

  function showNotice(element, text) {
    if (!text || element.querySelector(".map-notice")) {
      return;
    }
    var notice = document.createElement("p");
    notice.className = "map-notice";
    notice.textContent = text;
    element.appendChild(notice);
  }

  /* A Leaflet map in `element`, its fallback text removed. Null when Leaflet did not load. */
  function create(element, options) {
    if (!window.L || !element) {
      return null;
    }
    element.textContent = "";
    element.classList.add("map-ready");
    var map = L.map(element, Object.assign({ scrollWheelZoom: false }, options || {}));
    map.setView(FLANDERS, FLANDERS_ZOOM);
    var url = element.getAttribute("data-tiles-url");
    if (url) {
      var failures = 0;
      var tiles = L.tileLayer(url, {
        attribution: element.getAttribute("data-tiles-attribution") || "",
        maxZoom: 18,
      });
      tiles.on("tileerror", function () {
        failures += 1;
        if (failures === 2) {
          element.classList.add("map-tiles-failed");
          showNotice(element, element.getAttribute("data-tiles-error"));
        }
      });
      tiles.addTo(map);
    }
    // Wheel zoom only after a click on the map, so scrolling the page never gets stuck in it.
    map.on("click focus", function () {
      map.scrollWheelZoom.enable();
    });
    map.on("mouseout blur", function () {
      map.scrollWheelZoom.disable();
    });
    return map;
  }

  function markerIcon(marker) {
    var classes = ["map-marker", "map-marker-" + (marker.kind || "default")];
    if (marker.openNow) {
      classes.push("map-marker-open");
    }
    var html = marker.number ? "<span>" + Number(marker.number) + "</span>" : "";
    return L.divIcon({
      className: classes.join(" "),
      html: html,
      iconSize: [32, 36],
      iconAnchor: [16, 36],
      popupAnchor: [0, -32],
    });
  }

  /* The popup, built from text nodes: names come from users and are never parsed as HTML. */
  function popupContent(marker) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement("strong");
    if (marker.url) {
      var link = document.createElement("a");
      link.href = marker.url;
      link.textContent = marker.name;
      title.appendChild(link);
    } else {
      title.textContent = marker.name;
    }
    box.appendChild(title);
    var details = [marker.kindLabel, marker.place, marker.distance].filter(Boolean);
    if (details.length) {
      var line = document.createElement("span");
      line.textContent = details.join(" · ");
      box.appendChild(line);
    }
    return box;
  }

  /* Replace the markers of `layer` by those of `data`; fit the view. Returns markers by number. */
  function setMarkers(map, layer, data) {
    var byNumber = {};
    if (!map || !layer) {
      return byNumber;
    }
    layer.clearLayers();
    data = data || {};
    var bounds = [];
    if (data.centre) {
      var centre = L.latLng(data.centre[0], data.centre[1]);
      if (data.radiusKm) {
        L.circle(centre, {
          radius: data.radiusKm * 1000,
          className: "map-radius",
          interactive: false,
        }).addTo(layer);
      }
      L.circleMarker(centre, { radius: 6, className: "map-centre", interactive: false }).addTo(layer);
      bounds.push(centre);
    }
    (data.markers || []).forEach(function (marker) {
      if (marker.lat === null || marker.lon === null || marker.lat === undefined) {
        return;
      }
      var point = L.latLng(marker.lat, marker.lon);
      var leafletMarker = L.marker(point, {
        icon: markerIcon(marker),
        title: marker.name,
        alt: marker.name,
        riseOnHover: true,
      });
      leafletMarker.bindPopup(popupContent(marker));
      leafletMarker.addTo(layer);
      if (marker.number) {
        byNumber[marker.number] = leafletMarker;
      }
      bounds.push(point);
    });
    if (data.centre && data.radiusKm && !(data.markers || []).length) {
      // Nothing found: show the whole search area, so a wider radius is an obvious next step.
      map.fitBounds(L.latLng(data.centre[0], data.centre[1]).toBounds(data.radiusKm * 2000));
    } else if (bounds.length === 1) {
      map.setView(bounds[0], 13);
    } else if (bounds.length > 1) {
      map.fitBounds(L.latLngBounds(bounds), { padding: [36, 36], maxZoom: 14 });
    } else {
      map.setView(FLANDERS, FLANDERS_ZOOM);
    }
    return byNumber;
  }

  window.KetenwerkMap = {
    create: create,
    markerIcon: markerIcon,
    readJSON: readJSON,
    setMarkers: setMarkers,
  };

  function initStaticMaps() {
    document.querySelectorAll(".js-static-map").forEach(function (element) {
      var map = create(element);
      if (map) {
        setMarkers(map, L.layerGroup().addTo(map), readJSON(element.getAttribute("data-map-data")));
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initStaticMaps);
  } else {
    initStaticMaps();
  }
})();
