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
