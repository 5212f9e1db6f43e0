// The language chooser (index.html): suggests the reader's language from
// navigator.languages.
// It never redirects; without JavaScript the list of languages is all there is.
(function () {
  "use strict";
  var box = document.querySelector(".suggestion");
  var links = Array.prototype.slice.call(document.querySelectorAll(".chooser a"));
  if (!box || !links.length || !navigator.languages) return;
  var wanted = Array.prototype.slice.call(navigator.languages).map(function (l) {
    return String(l).toLowerCase();
  });
  // The reader's first language that the site has: exactly (pt-BR), else by its
  // primary subtag (cs-CZ -> cs); a later preference never beats an earlier one.
  function find(want) {
    var primary = null;
    for (var j = 0; j < links.length; j++) {
      var have = links[j].hreflang.toLowerCase();
      if (have === want) return links[j];
      if (!primary && have.split("-")[0] === want.split("-")[0]) primary = links[j];
    }
    return primary;
  }
  var found = null;
  for (var i = 0; i < wanted.length && !found; i++) found = find(wanted[i]);
  if (!found) return;
  var link = found.cloneNode(true);
  link.lang = found.hreflang;
  link.dir = found.parentNode.dir;
  link.textContent = found.textContent + " \u2192";
  box.appendChild(link);
  box.hidden = false;
  found.parentNode.parentNode.className = "suggested";
})();
