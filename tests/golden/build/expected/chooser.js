// The language chooser (index.html): suggests the reader's language from
// navigator.languages, first an exact match (pt-BR), then the same language (pt).
// It never redirects; without JavaScript the list of languages is all there is.
(function () {
  "use strict";
  var box = document.querySelector(".suggestion");
  var links = Array.prototype.slice.call(document.querySelectorAll(".chooser a"));
  if (!box || !links.length || !navigator.languages) return;
  var wanted = Array.prototype.slice.call(navigator.languages).map(function (l) {
    return String(l).toLowerCase();
  });
  function find(test) {
    for (var i = 0; i < wanted.length; i++) {
      for (var j = 0; j < links.length; j++) {
        if (test(links[j].hreflang.toLowerCase(), wanted[i])) return links[j];
      }
    }
    return null;
  }
  var found = find(function (have, want) { return have === want; }) ||
    find(function (have, want) { return have.split("-")[0] === want.split("-")[0]; });
  if (!found) return;
  var link = found.cloneNode(true);
  link.lang = found.hreflang;
  link.dir = found.parentNode.dir;
  link.textContent = found.textContent + " \u2192";
  box.appendChild(link);
  box.hidden = false;
  found.parentNode.parentNode.className = "suggested";
})();
