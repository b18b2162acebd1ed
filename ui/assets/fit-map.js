/* The page's main map takes the rest of the first screen on a laptop or wider: its frame is as
   tall as the window leaves below its top (at least 360 px), kept so when the window is resized.
   Phones keep the height the map asks for (dvk-map.js: as tall as the fitted province), else
   the stylesheet's (the map under the key figures, the page scrolls). */
(function () {
  var doc = window.parent && window.parent.document ? window.parent.document : document;
  var view = doc.defaultView || window;
  function fit() {
    var frame = doc.querySelector('iframe[title="streamlit_folium.st_folium"]');
    if (!frame) { return; }
    if (view.innerWidth < 700) {  // a phone: the height the fitted map asked for, if any
      if (frame.dataset.dvkHeight) {
        frame.style.setProperty("height", frame.dataset.dvkHeight + "px", "important");
      } else {
        frame.style.removeProperty("height");
      }
      return;
    }
    var main = doc.querySelector('[data-testid="stMain"]');
    var top = frame.getBoundingClientRect().top + (view.scrollY || 0) + (main ? main.scrollTop : 0);
    var height = Math.max(360, Math.round(view.innerHeight - top - 12));
    if (frame.style.getPropertyValue("height") !== height + "px") {
      frame.style.setProperty("height", height + "px", "important");
    }
  }
  var queued = false;
  function soon() {  // at most once a frame, however many changes Streamlit makes
    if (!queued) { queued = true; view.requestAnimationFrame(function () { queued = false; fit(); }); }
  }
  if (!view.dvkFitMap) {
    view.dvkFitMap = soon;
    view.addEventListener("resize", soon);
    new view.MutationObserver(soon).observe(doc.body, {childList: true, subtree: true});
  }
  soon();
})();
