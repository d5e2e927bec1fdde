// Accessible names for two controls of Plone's toolbar that carry an
// aria-label without a role (axe-core: aria-prohibited-attr).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("a.toolbar-collapse, a.toolbar-expand").forEach(function (el) {
    if (!el.getAttribute("role")) { el.setAttribute("role", "button"); }
  });
  var offcanvas = document.getElementById("offcanvasNavbar");
  if (offcanvas && !offcanvas.getAttribute("role")) {
    offcanvas.setAttribute("role", "dialog");
    var labelId = offcanvas.getAttribute("aria-labelledby");
    if (!labelId || !document.getElementById(labelId)) {
      offcanvas.removeAttribute("aria-labelledby");
      offcanvas.setAttribute("aria-label", "Navigation");
    }
  }
});

// The application form suggests NRW's municipality names (a <datalist>
// rendered on the form page); lead and partners stay free text. The partner
// field is a textarea (one partner per line), so a labelled input with the
// suggestions adds a line to it.
document.addEventListener("DOMContentLoaded", function () {
  var list = document.getElementById("ikz-kommunen");
  if (!list) { return; }
  var lead = document.getElementById("form-widgets-lead_municipality");
  if (lead) {
    lead.setAttribute("list", "ikz-kommunen");
    lead.setAttribute("autocomplete", "off");
  }
  var partners = document.getElementById("form-widgets-partners");
  if (!partners) { return; }
  var box = document.createElement("div");
  box.className = "ikz-partner-add input-group mt-2";
  var label = document.createElement("label");
  label.className = "visually-hidden";
  label.setAttribute("for", "ikz-partner-add");
  label.textContent = "Partner aus der Liste der Kommunen hinzufügen";
  var input = document.createElement("input");
  input.type = "text";
  input.id = "ikz-partner-add";
  input.className = "form-control";
  input.setAttribute("list", "ikz-kommunen");
  input.setAttribute("autocomplete", "off");
  input.setAttribute("placeholder", "Kommune suchen und hinzufügen");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-outline-secondary";
  button.textContent = "Als Partner hinzufügen";
  function add() {
    var name = input.value.trim();
    if (!name) { return; }
    var text = partners.value.replace(/\s+$/, "");
    partners.value = text ? text + "\n" + name : name;
    input.value = "";
    input.focus();
  }
  button.addEventListener("click", add);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); add(); }
  });
  box.appendChild(label);
  box.appendChild(input);
  box.appendChild(button);
  partners.parentNode.insertBefore(box, partners.nextSibling);
});

// Plone's toolbar is a <section role="toolbar">, a role a section may not
// have (axe-core: aria-allowed-role); as a labelled region it is a landmark
// and its links are no longer outside every landmark (axe-core: region).
document.addEventListener("DOMContentLoaded", function () {
  var bar = document.getElementById("edit-bar");
  if (bar && bar.getAttribute("role") === "toolbar") {
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", "Werkzeugleiste");
  }
});
