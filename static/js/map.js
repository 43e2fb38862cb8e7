/* The maps of cases: an enhancement of pages that work without them (the table beside the map
 * of cases, the two number fields of a case's location, the numbers in the case page's section).
 *
 * Every map element carries its settings as data attributes, set by the server:
 *   data-tiles-url, data-tiles-projection, data-tiles-attribution: a background of map tiles, only
 *     when the municipality configured one (EPSG:28992 through proj4leaflet, or Web Mercator);
 *   data-shapes-url: the neighbourhoods' shapes (GeoJSON), the base layer when that address answers;
 *   data-features-url (the map of cases): the cases as GeoJSON, paged (the `next` links are followed);
 *   data-latitude-input, data-longitude-input (a location picker): the ids of the two fields that a
 *     click on the map fills in, and that move the marker when typed in;
 *   data-latitude, data-longitude (a point): one case's point, shown.
 * Texts the map shows are set as text, never as HTML.
 */
(function () {
  "use strict";

  if (typeof L === "undefined") {
    return;
  }

  /* The Netherlands (RD New's area of use): where a map without anything on it looks. */
  var NETHERLANDS = L.latLngBounds([50.75, 3.2], [53.7, 7.22]);
  var DECIMALS = 6;
  /* PDOK's tile matrix for RD New (EPSG:28992), as the Dutch tile services publish it. */
  var RD_RESOLUTIONS = [3440.64, 1720.32, 860.16, 430.08, 215.04, 107.52, 53.76, 26.88, 13.44, 6.72, 3.36, 1.68, 0.84, 0.42, 0.21];
  var RD_DEFINITION =
    "+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 " +
    "+y_0=463000 +ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 " +
    "+units=m +no_defs";

  function rdProjection() {
    if (typeof L.Proj === "undefined") {
      return null;
    }
    return new L.Proj.CRS("EPSG:28992", RD_DEFINITION, {
      resolutions: RD_RESOLUTIONS,
      origin: [-285401.92, 903401.92],
      bounds: L.bounds([-285401.92, 22598.08], [595401.92, 903401.92])
    });
  }

  function makeMap(element) {
    var tiles = element.getAttribute("data-tiles-url");
    var rd = tiles && element.getAttribute("data-tiles-projection") === "EPSG:28992" ? rdProjection() : null;
    /* Clustering needs the map's highest zoom, also without tiles. */
    var options = { scrollWheelZoom: false, maxBounds: NETHERLANDS.pad(0.5), maxZoom: rd ? RD_RESOLUTIONS.length - 1 : 18 };
    if (rd) {
      options.crs = rd;
    }
    element.classList.add("case-map--ready"); /* shown first: a map measures its box */
    var map = L.map(element, options);
    map.fitBounds(NETHERLANDS);
    if (tiles) {
      L.tileLayer(tiles, {
        attribution: element.getAttribute("data-tiles-attribution") || "",
        maxZoom: rd ? RD_RESOLUTIONS.length - 1 : 19,
        minZoom: rd ? 1 : 6
      }).addTo(map);
    }
    return map;
  }

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } }).then(
      function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      }
    );
  }

  /* The neighbourhoods' shapes, when their address answers; without them, no base layer. */
  function addShapes(map, element, fitToThem) {
    var url = element.getAttribute("data-shapes-url");
    if (!url) {
      return Promise.resolve(null);
    }
    return fetchJson(url)
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          interactive: false,
          style: function () {
            return { className: "case-map__shape", weight: 1, fillOpacity: 0.08 };
          }
        }).addTo(map);
        layer.bringToBack();
        if (fitToThem && layer.getBounds().isValid()) {
          map.fitBounds(layer.getBounds());
        }
        return layer;
      })
      .catch(function () {
        return null;
      });
  }

  function popupFor(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.className = "utrecht-link";
    link.href = properties.url;
    link.textContent = properties.title;
    box.appendChild(link);
    var details = document.createElement("p");
    details.className = "case-map__popup-details";
    details.textContent = [properties.stage_title, properties.neighbourhood_name].filter(Boolean).join(" · ");
    box.appendChild(details);
    return box;
  }

  /* The map of cases: every page of features, as clustered markers. */
  function caseMap(element) {
    var map = makeMap(element);
    var clusters = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.featureGroup();
    map.addLayer(clusters);
    var shapes = addShapes(map, element, false);
    var pagesLeft = 20;

    function load(url) {
      return fetchJson(url).then(function (collection) {
        var markers = collection.features.map(function (feature) {
          var coordinates = feature.geometry.coordinates;
          var marker = L.marker([coordinates[1], coordinates[0]], {
            title: feature.properties.title,
            alt: feature.properties.title
          });
          marker.bindPopup(popupFor(feature.properties));
          return marker;
        });
        if (clusters.addLayers) {
          clusters.addLayers(markers);
        } else {
          markers.forEach(function (marker) {
            clusters.addLayer(marker);
          });
        }
        var next = (collection.links || []).filter(function (link) {
          return link.rel === "next";
        })[0];
        pagesLeft -= 1;
        return next && pagesLeft > 0 ? load(next.href) : null;
      });
    }

    load(element.getAttribute("data-features-url"))
      .then(function () {
        var bounds = clusters.getBounds();
        if (bounds.isValid()) {
          map.fitBounds(bounds.pad(0.1), { maxZoom: 16, animate: false });
          element.setAttribute("data-markers", String(clusters.getLayers().length));
        } else {
          return shapes.then(function (layer) {
            if (layer && layer.getBounds().isValid()) {
              map.fitBounds(layer.getBounds());
            }
            element.setAttribute("data-markers", "0");
          });
        }
      })
      .catch(function () {
        element.setAttribute("data-markers", "failed");
      });
  }

  function pointOf(element) {
    var latitude = parseFloat(element.getAttribute("data-latitude"));
    var longitude = parseFloat(element.getAttribute("data-longitude"));
    return isNaN(latitude) || isNaN(longitude) ? null : L.latLng(latitude, longitude);
  }

  /* One case's point, shown (the case page's section). */
  function pointMap(element) {
    var map = makeMap(element);
    var point = pointOf(element);
    addShapes(map, element, !point);
    if (point) {
      L.marker(point, { alt: element.getAttribute("data-title") || "" }).addTo(map);
      map.setView(point, 15);
    }
  }

  function parseDegrees(text) {
    var value = parseFloat(String(text || "").trim().replace(",", "."));
    return isNaN(value) ? null : value;
  }

  /* A location picker: a click sets the point in the two fields; typing in them moves the marker. */
  function locationPicker(element) {
    var latitudeInput = document.getElementById(element.getAttribute("data-latitude-input"));
    var longitudeInput = document.getElementById(element.getAttribute("data-longitude-input"));
    if (!latitudeInput || !longitudeInput) {
      return;
    }
    var map = makeMap(element);
    var marker = null;
    var hint = element.parentNode.querySelector("[data-shown-with-map]");
    if (hint) {
      hint.hidden = false;
    }

    function fieldsPoint() {
      var latitude = parseDegrees(latitudeInput.value);
      var longitude = parseDegrees(longitudeInput.value);
      return latitude === null || longitude === null ? null : L.latLng(latitude, longitude);
    }

    function place(point) {
      if (!point) {
        if (marker) {
          map.removeLayer(marker);
          marker = null;
        }
        return;
      }
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = L.marker(point, { alt: element.getAttribute("data-marker-label") || "" }).addTo(map);
      }
    }

    var start = fieldsPoint();
    addShapes(map, element, !start);
    if (start) {
      place(start);
      map.setView(start, 15);
    }
    map.on("click", function (event) {
      latitudeInput.value = event.latlng.lat.toFixed(DECIMALS);
      longitudeInput.value = event.latlng.lng.toFixed(DECIMALS);
      place(event.latlng);
      element.setAttribute("data-clicked", "true");
    });
    [latitudeInput, longitudeInput].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = fieldsPoint();
        place(point);
        if (point) {
          map.panTo(point);
        }
      });
    });
  }

  document.querySelectorAll("[data-case-map]").forEach(caseMap);
  document.querySelectorAll("[data-point-map]").forEach(pointMap);
  document.querySelectorAll("[data-location-picker]").forEach(locationPicker);
})();
