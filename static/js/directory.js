/* The directory of local food: live filtering, "use my location", and the results map.

   Without JavaScript the page is a plain GET form with a submit button and a list; this file
   only adds to it. htmx (loaded by base.html) sends the form on change and swaps the results
   partial into #directory-results; after each swap the markers are redrawn from the partial's
   JSON block (#directory-map-data). */
(function () {
  "use strict";

  var state = { map: null, layer: null, markers: {} };

  if (window.htmx) {
    // Back and forward reload the page from its URL, so the form always matches the results
    // (a cached snapshot would restore the list without what was typed in the form).
    window.htmx.config.historyCacheSize = 0;
    window.htmx.config.refreshOnHistoryMiss = true;
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function refreshMarkers() {
    if (!state.map) {
      return;
    }
    state.markers = window.KetenwerkMap.setMarkers(
      state.map,
      state.layer,
      window.KetenwerkMap.readJSON("directory-map-data")
    );
  }

  function setUpMap() {
    var element = byId("directory-map");
    if (!element || !window.KetenwerkMap || !window.L) {
      return;
    }
    state.map = window.KetenwerkMap.create(element);
    if (state.map) {
      state.layer = window.L.layerGroup().addTo(state.map);
      refreshMarkers();
    }
  }

  /* Hovering or focusing a result lights up its marker, so list and map read as one. */
  function highlight(event, on) {
    var item = event.target.closest && event.target.closest("[data-result-number]");
    if (!item) {
      return;
    }
    var marker = state.markers[item.getAttribute("data-result-number")];
    var icon = marker && marker.getElement();
    if (icon) {
      icon.classList.toggle("is-active", on);
      marker.setZIndexOffset(on ? 1000 : 0);
    }
  }

  function setUpList() {
    var results = byId("directory-results");
    if (!results) {
      return;
    }
    results.addEventListener("mouseover", function (event) {
      highlight(event, true);
    });
    results.addEventListener("mouseout", function (event) {
      highlight(event, false);
    });
    results.addEventListener("focusin", function (event) {
      highlight(event, true);
    });
    results.addEventListener("focusout", function (event) {
      highlight(event, false);
    });
  }

  /* "Use my location": the browser's position goes into the hidden `near` field (rounded to
     about 100 m: enough to sort by distance, and no more precise than needed). */
  function setUpLocation(form) {
    var button = byId("locate-button");
    var near = byId("id_near");
    var place = byId("id_place");
    var status = byId("near-status");
    var message = byId("locate-message");
    if (!button || !near || !place) {
      return;
    }

    function showNear(on) {
      if (status) {
        status.hidden = !on;
      }
    }

    function submit() {
      if (form.requestSubmit) {
        form.requestSubmit();
      } else {
        form.submit();
      }
    }

    if ("geolocation" in navigator) {
      button.hidden = false;
    }
    button.addEventListener("click", function () {
      button.disabled = true;
      if (message) {
        message.textContent = button.getAttribute("data-locating") || "";
      }
      navigator.geolocation.getCurrentPosition(
        function (position) {
          near.value =
            position.coords.latitude.toFixed(3) + "," + position.coords.longitude.toFixed(3);
          place.value = "";
          showNear(true);
          button.disabled = false;
          if (message) {
            message.textContent = "";
          }
          submit();
        },
        function () {
          button.disabled = false;
          if (message) {
            message.textContent = button.getAttribute("data-failed") || "";
          }
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 }
      );
    });

    // Typing a place replaces "my location": one centre at a time.
    place.addEventListener("input", function () {
      if (near.value) {
        near.value = "";
        showNear(false);
      }
    });
    document.querySelectorAll("[data-clear-near]").forEach(function (clear) {
      clear.addEventListener("click", function () {
        near.value = "";
        showNear(false);
        submit();
      });
    });
  }

  /* Shareable URLs: leave empty fields (and a radius without a place) out of the request. */
  function pruneParameters(event) {
    var form = byId("directory-form");
    if (!form || event.detail.elt !== form || !event.detail.formData) {
      return;
    }
    var data = event.detail.formData;
    var names = [];
    data.forEach(function (value, name) {
      if (names.indexOf(name) === -1) {
        names.push(name);
      }
    });
    names.forEach(function (name) {
      var values = data.getAll(name).filter(function (value) {
        return typeof value !== "string" || value.trim() !== "";
      });
      data.delete(name);
      values.forEach(function (value) {
        data.append(name, value);
      });
    });
    if (!data.get("place") && !data.get("near")) {
      data.delete("radius_km");
    }
  }

  function updateFilterCount() {
    var count = byId("active-filter-count");
    if (count) {
      count.hidden = !Number(count.textContent);
    }
  }

  function init() {
    var form = byId("directory-form");
    if (!form) {
      return;
    }
    setUpMap();
    setUpList();
    setUpLocation(form);
    updateFilterCount();
    document.body.addEventListener("htmx:configRequest", pruneParameters);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target && event.detail.target.id === "directory-results") {
        refreshMarkers();
        updateFilterCount();
      }
    });
    document.body.addEventListener("htmx:oobAfterSwap", updateFilterCount);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
