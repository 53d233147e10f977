// Hover, click or tab to a sentence: light it and its partners; a click or enter shows why they were paired.
(function () {
  "use strict";
  var panel = document.getElementById("panel");
  var list = panel.querySelector("ol");
  var pinned = null;
  function partners(sentence) {
    var side = sentence.id.charAt(0), facing = side === "A" ? "B" : "A", found = [];
    sentence.getAttribute("data-c").split(" ").forEach(function (n) {
      var claim = document.getElementById("c" + (Number(n) + 1));
      var other = claim && document.getElementById(facing + claim.getAttribute("data-" + facing.toLowerCase()));
      if (other) { found.push(other); }
    });
    return found;
  }
  function light(sentence, on) {
    if (!sentence) { return; }
    sentence.classList.toggle("lit", on);
    partners(sentence).forEach(function (p) { p.classList.toggle("partner", on); });
  }
  function show(sentence) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    sentence.getAttribute("data-c").split(" ").forEach(function (n) {
      var claim = document.getElementById("c" + (Number(n) + 1));
      if (claim) {
        var copy = claim.cloneNode(true);
        copy.removeAttribute("id");
        copy.querySelector("details").open = true;
        list.appendChild(copy);
      }
    });
    panel.hidden = false;
  }
  function sentenceOf(target) {
    return target instanceof Element ? target.closest(".s[data-c]") : null;
  }
  document.addEventListener("mouseover", function (event) {
    var s = sentenceOf(event.target);
    if (s && s !== pinned) { light(s, true); }
  });
  document.addEventListener("mouseout", function (event) {
    var s = sentenceOf(event.target);
    if (s && s !== pinned) { light(s, false); if (pinned) { light(pinned, true); } }
  });
  function pin(s) {
    light(pinned, false);
    pinned = s;
    light(s, true);
    show(s);
  }
  document.addEventListener("click", function (event) {
    if (event.target.id === "close") {
      light(pinned, false); pinned = null; panel.hidden = true; return;
    }
    var s = sentenceOf(event.target);
    if (s) { pin(s); }
  });
  document.addEventListener("keydown", function (event) {
    var s = sentenceOf(event.target);
    if (s && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); pin(s); }
    if (event.key === "Escape" && pinned) { light(pinned, false); pinned = null; panel.hidden = true; }
  });
})();
