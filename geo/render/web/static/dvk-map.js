/* The behaviour of every map of the app (web page, presentation view, offline file), in one
   file served by the app: the chrome around the data (`dvk.chrome`), the units layer
   (`dvk.polygons`), and the restyling a filter change sends (`dvk.restyle` and its extras). */
(function () {
  "use strict";
  var dvk = window.dvk = window.dvk || {};

  /* Names the map and its units on `window` for the data layers; the credit in the attribution
     control (collapsible on narrow maps); wheel zoom only with Ctrl/Cmd (a hint otherwise, so
     the page scrolls); a whole-province button; the province fitted inside the space the
     controls leave free, at every size. */
  /* A control that a click works acts on Enter and Space too, and says whether it is open. */
  function pressable(el, name, act) {
    el.setAttribute("role", "button");
    el.tabIndex = 0;
    if (name) { el.setAttribute("aria-label", name); }
    L.DomEvent.on(el, "keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { L.DomEvent.preventDefault(e); act(); }
    });
    L.DomEvent.on(el, "click", act);
  }

  dvk.chrome = function (map, layer, t) {
    window.dvkMap = map;
    if (t.lang) { document.documentElement.lang = t.lang; }
    // units and flows are out of the Tab order (hundreds of stops before the controls): the
    // keyboard reads them in the table under the map and picks one from the list there
    function untabbed(layer) {
      var el = layer instanceof L.Path && layer.getElement ? layer.getElement() : null;
      if (el) { el.setAttribute("tabindex", "-1"); }
    }
    map.eachLayer(untabbed);
    map.on("layeradd", function (e) { untabbed(e.layer); });
    window.dvkUnits = layer;
    L.control.scale({imperial: false}).addTo(map);  // kilometres only: no one here uses miles
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(t.credit);
    var box = map.getContainer();
    var narrow = function () { return box.clientWidth < 600; };
    var attribution = map.attributionControl.getContainer();
    attribution.title = t.creditTitle;
    if (narrow()) {  // folded to an (i) that opens on a click, Enter or Space
      attribution.classList.add("dvk-collapsed");
      pressable(attribution, "", function () {
        attribution.classList.toggle("dvk-collapsed");
        attribution.setAttribute("aria-expanded", !attribution.classList.contains("dvk-collapsed"));
        window.dvkFit();
      });
      attribution.setAttribute("aria-expanded", "false");
    }

    var moved = false;
    map.on("dragstart", function () { moved = true; });
    var hint = L.DomUtil.create("div", "dvk-wheel-hint", box);
    hint.textContent = t.wheelHint;
    var hintTimer = null;
    box.addEventListener("wheel", function (e) {
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        moved = true;
        map.setZoomAround(map.mouseEventToContainerPoint(e),
                          map.getZoom() - Math.sign(e.deltaY) * 0.5, {animate: false});
        return;
      }
      hint.classList.add("dvk-show");
      clearTimeout(hintTimer);
      hintTimer = setTimeout(function () { hint.classList.remove("dvk-show"); }, 1500);
    }, {passive: false});

    var Home = L.Control.extend({
      options: {position: "topleft"},
      onAdd: function () {
        var bar = L.DomUtil.create("div", "leaflet-bar leaflet-control dvk-home");
        var a = L.DomUtil.create("a", "", bar);
        a.href = "#"; a.role = "button"; a.title = t.home; a.setAttribute("aria-label", t.home);
        a.textContent = "\u2302";
        L.DomEvent.on(a, "click", function (e) {
          L.DomEvent.preventDefault(e); moved = false; window.dvkFit();
        });
        L.DomEvent.disableClickPropagation(bar);
        return bar;
      }
    });
    new Home().addTo(map);
    if (t.north) {
      var North = L.Control.extend({options: {position: "topleft"}, onAdd: function () {
        var div = L.DomUtil.create("div", "leaflet-control dvk-north");
        div.innerHTML = "<span aria-hidden='true'>\u2191</span><br>";
        div.appendChild(document.createTextNode(t.north));
        return div;
      }});
      new North().addTo(map);
    }
    L.DomEvent.on(map.zoomControl.getContainer(), "click", function () { moved = true; });
    [[map.zoomControl._zoomInButton, t.zoomIn], [map.zoomControl._zoomOutButton, t.zoomOut]]
      .forEach(function (b) {  // in the page's language (Leaflet's own are English)
        if (b[0] && b[1]) { b[0].title = b[1]; b[0].setAttribute("aria-label", b[1]); }
      });

    var bounds = L.latLngBounds(t.bounds);
    window.dvkBounds = bounds;  // the province, as the map fits it
    function corner(v, h) {
      var c = box.querySelector(".leaflet-" + v + ".leaflet-" + h);
      var w = 0, ht = 0, frame = box.getBoundingClientRect();
      if (c) {
        c.querySelectorAll(":scope > .leaflet-control").forEach(function (el) {
          var r = el.getBoundingClientRect();
          if (!r.width) { return; }
          w = Math.max(w, h === "left" ? r.right - frame.left : frame.right - r.left);
          ht = Math.max(ht, v === "top" ? r.bottom - frame.top : frame.bottom - r.top);
        });
      }
      return {w: w + 4, h: ht + 4};
    }
    window.dvkFit = function (force) {
      if (moved && !force) { return; }
      if (map._animatingZoom) {  // a zoom under way would end at its own level after the fit
        map.once("zoomend", function () { window.dvkFit(force); });
        return;
      }
      var tl = corner("top", "left"), tr = corner("top", "right");
      var bl = corner("bottom", "left"), br = corner("bottom", "right");
      var bottom = Math.max(bl.h, br.h);
      // the controls as side columns, or as top and bottom rows: whichever leaves the larger map
      var options = [
        {paddingTopLeft: [tl.w, 0], paddingBottomRight: [tr.w, bottom]},
        {paddingTopLeft: [0, Math.max(tl.h, tr.h)], paddingBottomRight: [0, bottom]}];
      var size = map.getSize(), best = null, bestZoom = -Infinity;
      options.forEach(function (o) {
        var pad = L.point(o.paddingTopLeft[0] + o.paddingBottomRight[0],
                          o.paddingTopLeft[1] + o.paddingBottomRight[1]);
        if (size.x - pad.x < 50 || size.y - pad.y < 50) { return; }
        var z = map.getBoundsZoom(bounds, false, pad);
        if (isFinite(z) && z > bestZoom) { best = o; bestZoom = z; }
      });
      if (best) {
        map.fitBounds(bounds, Object.assign({animate: false}, best));
        phoneHeight(best, bestZoom);
      }
    };
    // On a phone the frame is only as tall as the fitted province and its controls need: no
    // empty band above or below it (fit-map.js keeps the height the map asks for).
    function phoneHeight(o, z) {
      var frame = window.frameElement, parent = frame && frame.ownerDocument.defaultView;
      if (!parent || parent.innerWidth >= 700) { return; }
      var top = map.project(bounds.getNorthWest(), z), bottom = map.project(bounds.getSouthEast(), z);
      var need = Math.ceil(bottom.y - top.y + o.paddingTopLeft[1] + o.paddingBottomRight[1] + 8);
      var now = frame.getBoundingClientRect().height;
      if (need >= Math.round(parent.innerHeight * 0.62)) {  // taller than a phone's share: scroll
        delete frame.dataset.dvkHeight;
        frame.style.removeProperty("height");
      } else if (Math.abs(need - now) > 8) {
        frame.dataset.dvkHeight = need;
        frame.style.setProperty("height", need + "px", "important");
      }
    }
    map.on("resize", function () { window.dvkFitLegend(); window.dvkFit(); });
    if (window.ResizeObserver) {  // a control that grows (legend, timeline text) refits the map
      var refit = new ResizeObserver(function () { window.dvkFit(); });
      box.querySelectorAll(".leaflet-control-container > div").forEach(function (corner) {
        refit.observe(corner);
      });
    }
    setTimeout(function () { window.dvkFit(); }, 0);
  };

  /* The GeoJSON of a layer from a file on our own server, before the data layer restyles it. */
  dvk.fetchJSON = function (url) {
    var request = new XMLHttpRequest();
    request.open("GET", url, false);
    request.send(null);
    return JSON.parse(request.responseText);
  };

  /* Unit polygons; hovering outlines a unit and gives back exactly the outline it had. */
  dvk.polygons = function (map, data, o) {
    return L.geoJson(data, {
      smoothFactor: 0.5, interactive: o.interactive,
      style: function () { return Object.assign({}, o.style); },
      onEachFeature: function (feature, layer) {
        if (!o.highlight) { return; }
        layer.on({
          mouseover: function (e) {
            var s = e.target.options;
            e.target._dvkOutline = {weight: s.weight, color: s.color, dashArray: s.dashArray};
            e.target.setStyle(o.highlight);
          },
          mouseout: function (e) {
            if (e.target._dvkOutline) { e.target.setStyle(e.target._dvkOutline); }
          }
        });
      }
    }).addTo(map);
  };

  /* Recolours the units, rebinds their tooltips, replaces the legend, then runs the page's
     extra (a replication timeline, target marks, a time-lapse) on the same payload. */
  /* Opened, a legend given a share (the flows map's) never covers more of its map: narrower
     than 60 % of the map, its rows scroll under the title past that. */
  function fitLegend(div) {
    var body = div.querySelector(".dvk-legend-body");
    if (!body) { return; }
    body.style.maxHeight = ""; body.style.overflowY = ""; body.removeAttribute("tabindex");
    div.style.maxWidth = "";
    if (!window.dvkLegendShare) { return; }
    var box = window.dvkMap.getContainer();
    div.style.maxWidth = Math.floor(box.clientWidth * 0.6) + "px";
    var area = window.dvkLegendShare * box.clientWidth * box.clientHeight;
    if (div.classList.contains("dvk-collapsed") || div.offsetWidth * div.offsetHeight <= area) {
      return;
    }
    var room = area / div.offsetWidth - (div.offsetHeight - body.offsetHeight);
    body.style.maxHeight = Math.max(40, Math.floor(room)) + "px";
    body.style.overflowY = "auto";
    body.tabIndex = 0;  // a region that scrolls is reached by keyboard too
  }
  window.dvkFitLegend = function () {
    var div = document.querySelector(".dvk-legend");
    if (div) { fitLegend(div); }
  };

  dvk.restyle = function (payload, extra) {
    var units = window.dvkUnits;
    if (payload.summary) {  // what the map shows, in words, names it for a screen reader
      var box = window.dvkMap.getContainer();
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", payload.summary);
      if (window.frameElement) { window.frameElement.setAttribute("aria-label", payload.summary); }
    }
    units.eachLayer(function (l) {
      var d = payload.units[l.feature.properties.code];
      var selected = l.feature.properties.code === payload.selected;
      l.setStyle(Object.assign({fillColor: d ? d[0] : payload.noData, fillOpacity: 0.85,
                  color: payload.edges[selected ? "selected" : "unit"], weight: selected ? 3 : 0.6,
                  dashArray: null}, (d && d[2]) || {}));
      l.unbindTooltip();
      l.bindTooltip(d ? d[1] : payload.noTip, {sticky: true});
    });
    if (window.dvkLegend) { window.dvkMap.removeControl(window.dvkLegend); window.dvkLegend = null; }
    window.dvkLegendShare = payload.legendShare;
    if (payload.legend) {
      var legend = L.control({position: "topright"});
      legend.onAdd = function () {
        var div = L.DomUtil.create("div", "dvk-legend");
        var collapsed = window.dvkLegendCollapsed;
        if (collapsed === undefined) {
          collapsed = window.dvkMap.getContainer().clientWidth < (payload.legendFoldsAt || 600);
        }
        if (collapsed) { div.classList.add("dvk-collapsed"); }
        div.innerHTML = payload.legend;
        var title = div.querySelector(".dvk-legend-title");
        if (title) {
          pressable(title, "", function () {
            div.classList.toggle("dvk-collapsed");
            window.dvkLegendCollapsed = div.classList.contains("dvk-collapsed");
            title.setAttribute("aria-expanded", !window.dvkLegendCollapsed);
            fitLegend(div);
            if (window.dvkFit) { window.dvkFit(); }
            if (window.dvkDeclutter) { window.dvkDeclutter(); }
          });
          title.setAttribute("aria-expanded", !collapsed);
        }
        L.DomEvent.disableClickPropagation(div);
        return div;
      };
      legend.addTo(window.dvkMap);
      window.dvkLegend = legend;
      fitLegend(legend.getContainer());
    }
    if (extra) { dvk.extras[extra](payload, units); }
    if (window.dvkFit) { window.dvkFit(); }
  };

  dvk.extras = {};

  /* Replication: adopters and flows year by year, a slider and a play/pause button. */
  dvk.extras.timeline = function (payload, units) {
    var rp = payload.replication;
    if (window.dvkTimeline) { window.dvkMap.removeControl(window.dvkTimeline); }
    if (window.dvkTimer) { clearInterval(window.dvkTimer); window.dvkTimer = null; }
    if (window.dvkFlows) { window.dvkMap.removeLayer(window.dvkFlows); }
    var flows = L.layerGroup().addTo(window.dvkMap);
    window.dvkFlows = flows;
    // f: [points, year, arrowhead, width, tooltip, opacity, colour, label, rank, from, to];
    // gathered flows (a width) are solid, coloured and as wide as their class; single ones thin
    var lines = rp.flows.map(function (f) {
      var gathered = !!f[3];
      var opacity = f[5] || rp.flowOpacity;
      var line = L.polyline(f[0], {color: f[6], weight: f[3] || rp.flowWeight,
                                   opacity: opacity, lineCap: "butt",
                                   className: gathered ? "dvk-flow-sum" : "dvk-flow",
                                   interactive: !!f[4]});
      if (f[4]) { line.bindTooltip(f[4], {sticky: true}); }
      var head = L.polygon(f[2], {color: f[6], fillColor: f[6], weight: 1,
                                  fillOpacity: opacity, interactive: false});
      var parts = [line, head];
      if (!gathered) {  // a year's blue can be pale: a dark casing keeps the arrow on any fill
        parts.unshift(L.polyline(f[0], {color: payload.edges.flowCasing, weight: rp.flowWeight + 2,
                                        opacity: opacity, lineCap: "butt", interactive: false}));
        head.setStyle({color: payload.edges.flowCasing});
      }
      if (f[7]) {
        var middle = f[0][Math.floor(f[0].length / 2)];
        var tag = L.tooltip({permanent: true, direction: "center", interactive: false,
                             className: "dvk-flow-label", opacity: 1}).setLatLng(middle)
          .setContent(f[7]);
        tag.dvkRank = f[8];
        parts.push(tag);
      }
      var g = L.layerGroup(parts);
      g.year = f[1]; g.from = f[9]; g.to = f[10];
      g.dvkLine = line; g.dvkHead = head; g.dvkOpacity = opacity;
      if (gathered) {
        line.on("mouseover", function () { focus(function (o) { return o === g; }); });
        line.on("mouseout", function () { window.dvkFocusFlows(null); });
      }
      return g;
    });
    // a flow or an origin under the pointer keeps its own flows and dims the others
    function focus(mine) {
      lines.forEach(function (g) {
        var on = !mine || mine(g);
        g.dvkLine.setStyle({opacity: on ? g.dvkOpacity : 0.08});
        g.dvkHead.setStyle({opacity: on ? g.dvkOpacity : 0.08,
                            fillOpacity: on ? g.dvkOpacity : 0.08});
        var el = g.dvkLine.getElement();
        if (el) { el.classList.toggle("dvk-dimmed", !on); }
      });
    }
    function around(name) {
      return name ? function (g) { return g.from === name || g.to === name; } : null;
    }
    window.dvkFocusFlows = function (name) { focus(around(name || rp.focus)); };
    var circles = (rp.origins || []).map(function (o) {
      return L.circleMarker([o[0], o[1]], {radius: o[2], color: payload.edges.origin, weight: 2,
                                     fillColor: payload.edges.originFill, fillOpacity: 0.55,
                                     className: "dvk-origin"})
        .bindTooltip(o[3], {sticky: true})
        .on("mouseover", function () { window.dvkFocusFlows(o[4]); })
        .on("mouseout", function () { window.dvkFocusFlows(null); })
        .addTo(flows);
    });
    function declutter() {  // a label that would cover a stronger one's or a control is not shown
      var controls = window.dvkMap.getContainer().querySelectorAll(".leaflet-control");
      var shown = Array.prototype.filter.call(controls, function (c) { return c.offsetWidth; })
        .map(function (c) { return c.getBoundingClientRect(); });
      var tags = [];
      flows.eachLayer(function (g) {
        if (g.eachLayer) { g.eachLayer(function (l) { if (l.dvkRank !== undefined) { tags.push(l); } }); }
      });
      tags.sort(function (a, b) { return a.dvkRank - b.dvkRank; });
      tags.forEach(function (t) {
        var el = t.getElement();
        if (!el) { return; }
        el.style.visibility = "visible";
        el.style.marginLeft = el.style.marginTop = "";
        var r = el.getBoundingClientRect(), m = window.dvkMap.getContainer().getBoundingClientRect();
        var dx = Math.max(0, m.left + 4 - r.left) - Math.max(0, r.right - m.right + 4);
        var dy = Math.max(0, m.top + 4 - r.top) - Math.max(0, r.bottom - m.bottom + 4);
        if (dx || dy) {  // slid back inside the map, still over its flow
          el.style.marginLeft = dx + "px"; el.style.marginTop = dy + "px";
          r = el.getBoundingClientRect();
        }
        var hit = shown.some(function (o) {
          return r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom;
        });
        if (hit) { el.style.visibility = "hidden"; } else { shown.push(r); }
      });
    }
    window.dvkDeclutter = declutter;
    window.dvkMap.on("zoomend moveend resize", declutter);
    var control = L.control({position: "bottomleft"});
    var slider, label, button;
    function show(year) {
      units.eachLayer(function (l) {
        var code = l.feature.properties.code, y = rp.adopters[code];
        if (y === undefined) { return; }
        var on = y <= year;
        l.setStyle({fillColor: on ? payload.units[code][0] : payload.noData});
        if (l._path) { l._path.classList.toggle("dvk-adopter", on); }
      });
      lines.forEach(function (g) {
        if (g.year <= year) { flows.addLayer(g); } else { flows.removeLayer(g); }
      });
      circles.forEach(function (c) { c.bringToFront(); });  // over the flows, to point at
      window.dvkFocusFlows(null);  // the place chosen on the page, if any
      declutter();
      slider.value = year;
      label.textContent = rp.reached[year];
      slider.setAttribute("aria-valuetext", rp.reached[year]);
    }
    function stop() {
      if (window.dvkTimer) { clearInterval(window.dvkTimer); window.dvkTimer = null; }
      button.textContent = "\u25B6"; button.title = rp.playLabel;
      button.setAttribute("aria-label", rp.playLabel);
    }
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "dvk-timeline");
      div.style.cssText = "background:var(--dvk-panel);padding:6px 10px;border-radius:4px;" +
        "box-shadow:0 1px 4px var(--dvk-shadow)";
      button = L.DomUtil.create("button", "dvk-play", div);
      slider = L.DomUtil.create("input", "dvk-year", div);
      slider.type = "range"; slider.min = rp.first; slider.max = rp.last; slider.step = 1;
      slider.style.verticalAlign = "middle";
      slider.setAttribute("aria-label", rp.yearLabel);
      label = L.DomUtil.create("span", "dvk-year-label", div);
      label.style.marginLeft = "6px";
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.on(slider, "input", function () { stop(); show(parseInt(slider.value, 10)); });
      // arrows move the year, not the map (Leaflet's keyboard pans on them)
      L.DomEvent.on(slider, "keydown", L.DomEvent.stopPropagation);
      L.DomEvent.on(button, "click", function () {
        if (window.dvkTimer) { stop(); return; }
        var year = parseInt(slider.value, 10);
        if (year >= rp.last) { year = rp.first; show(year); }
        button.textContent = "\u23F8"; button.title = rp.pauseLabel;
        button.setAttribute("aria-label", rp.pauseLabel);
        window.dvkTimer = setInterval(function () {
          year += 1;
          if (year > rp.last) { stop(); return; }
          show(year);
        }, rp.stepMs);
      });
      return div;
    };
    control.addTo(window.dvkMap);
    window.dvkTimeline = control;
    stop();
    show(rp.last);
  };

  /* Targets: the status symbol on each unit, so the map reads without colour. */
  dvk.extras.marks = function (payload) {
    if (window.dvkMarks) { window.dvkMap.removeLayer(window.dvkMarks); }
    window.dvkMarks = L.layerGroup(payload.marks.map(function (m) {
      return L.marker([m[0], m[1]], {interactive: false, keyboard: false,
        icon: L.divIcon({className: "dvk-mark", html: m[2], iconSize: [24, 24]})});
    })).addTo(window.dvkMap);
  };

  /* Time-lapse: the cumulative map one year after another; a click pauses or plays. */
  dvk.extras.timelapse = function (payload, units) {
    var tl = payload.timelapse;
    if (window.dvkTimer) { clearInterval(window.dvkTimer); window.dvkTimer = null; }
    if (window.dvkLapse) { window.dvkMap.removeControl(window.dvkLapse); }
    var Lapse = L.Control.extend({options: {position: "bottomleft"}, onAdd: function () {
      var div = L.DomUtil.create("div", "dvk-lapse");
      div.title = tl.toggle;
      L.DomEvent.disableClickPropagation(div);
      return div;
    }});
    window.dvkLapse = new Lapse().addTo(window.dvkMap);
    var box = window.dvkLapse.getContainer();
    function said() {  // what it shows, then what a press does
      box.setAttribute("aria-label", box.textContent.replace(/\s+/g, " ").trim() + " \u2013 " +
                       (window.dvkTimer ? tl.toggle : tl.play));
    }
    var step = 0;
    function show(i) {
      var colours = tl.colours[i];
      units.eachLayer(function (l) {
        var c = colours[l.feature.properties.code];
        l.setStyle({fillColor: c || payload.noData});
      });
      box.innerHTML = "<div class='dvk-lapse-year'></div><div class='dvk-lapse-count'></div>";
      box.firstChild.textContent = tl.years[i];
      box.lastChild.textContent = tl.counts[i];
      box.firstChild.after(" ");
      window.dvkLapseYear = tl.years[i];
      said();
    }
    function play() {
      window.dvkTimer = setInterval(function () {
        step = (step + 1) % tl.years.length;
        show(step);
      }, tl.interval);
    }
    pressable(box, "", function () {
      if (window.dvkTimer) { clearInterval(window.dvkTimer); window.dvkTimer = null; } else { play(); }
      said();
    });
    show(0);
    if (tl.autoplay) { play(); }
    said();
  };
})();
