/* Keys drive the deck from anywhere on the page, the maps included: left/right and
   PageUp/PageDown (what clickers send) press the slide buttons; space starts or stops moving on
   by itself, every `window.dvkDeckSeconds` (set by the page, as JSON). */
(function () {
  var doc = document;
  if (doc.dvkDeckKeys) { return; }
  doc.dvkDeckKeys = true;
  function press(key) {
    var button = doc.querySelector(".st-key-" + key + " button");
    if (button) { button.click(); }
  }
  var timer = null;
  function onKey(e) {
    var tag = (e.target && e.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA") { return; }
    if (e.key === "ArrowRight" || e.key === "PageDown") { e.preventDefault(); press("deck_next"); }
    else if (e.key === "ArrowLeft" || e.key === "PageUp") { e.preventDefault(); press("deck_prev"); }
    else if (e.key === " ") {
      e.preventDefault();
      if (timer) { clearInterval(timer); timer = null; }
      else { timer = setInterval(function () { press("deck_next"); }, window.dvkDeckSeconds * 1000); }
      doc.dvkDeckPlaying = !!timer;
    }
  }
  doc.addEventListener("keydown", onKey, true);
  function hook() {  // map frames keep the keys when they have the focus
    doc.querySelectorAll("iframe").forEach(function (frame) {
      try {
        var inner = frame.contentWindow.document;
        if (!inner.dvkDeckKeys) { inner.dvkDeckKeys = true;
          inner.addEventListener("keydown", onKey, true); }
      } catch (err) { /* another origin: not ours */ }
    });
  }
  hook();
  new MutationObserver(hook).observe(doc.body, {childList: true, subtree: true});
})();
