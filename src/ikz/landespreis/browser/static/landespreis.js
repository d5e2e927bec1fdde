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
