/* The location picker of the register and sales point forms.

   Without JavaScript the place is typed as latitude and longitude (or left empty: the server
   then takes the municipality's centre). With it, a small map shows a marker that can be
   dragged or placed with a click, and writes the point into those two inputs; choosing a
   municipality, or typing a postcode that belongs to one, moves the marker to its centre. */
(function () {
  "use strict";

  function byId(id) {
    return id ? document.getElementById(id) : null;
  }

  function number(input) {
    var value = input && input.value.trim().replace(",", ".");
    return value === "" || value === undefined || isNaN(Number(value)) ? null : Number(value);
  }

  function setUp(element) {
    var KetenwerkMap = window.KetenwerkMap;
    var latInput = byId(element.getAttribute("data-latitude"));
    var lonInput = byId(element.getAttribute("data-longitude"));
    var municipality = byId(element.getAttribute("data-municipality"));
    var postcode = byId(element.getAttribute("data-postcode"));
    if (!KetenwerkMap || !window.L || !latInput || !lonInput) {
      return;
    }
    var points = KetenwerkMap.readJSON(element.getAttribute("data-points")) || [];
    var byPk = {};
    points.forEach(function (point) {
      byPk[String(point.id)] = point;
    });

    var map = KetenwerkMap.create(element, { scrollWheelZoom: false });
    if (!map) {
      return;
    }
    var marker = L.marker(map.getCenter(), {
      draggable: true,
      autoPan: true,
      icon: KetenwerkMap.markerIcon({ kind: element.getAttribute("data-kind") || "farmer" }),
      title: element.getAttribute("aria-label") || "",
      alt: element.getAttribute("aria-label") || "",
    });

    function write(latlng) {
      latInput.value = latlng.lat.toFixed(5);
      lonInput.value = latlng.lng.toFixed(5);
    }

    function place(latlng, zoom) {
      marker.setLatLng(latlng);
      if (!map.hasLayer(marker)) {
        marker.addTo(map);
      }
      map.setView(latlng, zoom || Math.max(map.getZoom(), 13));
    }

    function centreOfMunicipality() {
      var point = municipality && byPk[municipality.value];
      return point ? L.latLng(point.lat, point.lon) : null;
    }

    var lat = number(latInput);
    var lon = number(lonInput);
    if (lat !== null && lon !== null) {
      place(L.latLng(lat, lon), 15);
    } else if (centreOfMunicipality()) {
      place(centreOfMunicipality(), 13);
    }

    marker.on("dragend", function () {
      write(marker.getLatLng());
    });
    map.on("click", function (event) {
      place(event.latlng);
      write(event.latlng);
    });

    [latInput, lonInput].forEach(function (input) {
      input.addEventListener("change", function () {
        var newLat = number(latInput);
        var newLon = number(lonInput);
        if (newLat !== null && newLon !== null) {
          place(L.latLng(newLat, newLon));
        }
      });
    });

    if (municipality) {
      municipality.addEventListener("change", function () {
        var centre = centreOfMunicipality();
        if (centre) {
          place(centre, 13);
          write(centre);
        }
      });
    }

    if (postcode && municipality) {
      postcode.addEventListener("input", function () {
        var code = postcode.value.trim();
        if (!/^\d{4}$/.test(code)) {
          return;
        }
        var match = points.filter(function (point) {
          return (" " + (point.postcodes || "") + " ").indexOf(" " + code + " ") !== -1;
        })[0];
        if (match && municipality.value !== String(match.id)) {
          municipality.value = String(match.id);
          municipality.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    }
  }

  function init() {
    document.querySelectorAll("[data-location-picker]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
