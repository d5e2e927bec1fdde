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

// Landmarks of one kind need names of their own (axe-core: landmark-unique):
// on pages with a portlet column, the menu's <nav> meets the navigation
// portlet's and the status messages' <aside> meets the column's.
document.addEventListener("DOMContentLoaded", function () {
  var names = {
    "portal-globalnav-wrapper": "Hauptmenü",
    "global_statusmessage": "Statusmeldungen",
    "portal-column-one": "Seitenleiste links",
    "portal-column-two": "Seitenleiste rechts"
  };
  Object.keys(names).forEach(function (id) {
    var el = document.getElementById(id);
    if (el && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby")) {
      el.setAttribute("aria-label", names[id]);
    }
  });
});

// The "Anmelden" dialog. Plone's login modal (pat-plone-modal) builds its
// frame with underscore's template(), which compiles JavaScript from a
// string; the portal's Content-Security-Policy (script-src 'self', no
// 'unsafe-eval', web/headers.py) blocks that, and the modal never opened.
// This dialog shows the form of the login page instead (same fields, same
// post, same landing afterwards). Without <dialog> or when the login page
// cannot be read, the link simply leads to the login page.
(function () {
  function closeLogin(dialog) {
    if (dialog.open) { dialog.close(); }
  }

  function buildDialog(doc, link) {
    var name = doc.getElementById("__ac_name");
    var form = name && name.closest("form");
    if (!form) { return null; }
    form = document.importNode(form, true);
    if (!form.id) { form.id = "ikz-login-form"; }
    var dialog = document.createElement("dialog");
    dialog.id = "ikz-login-dialog";
    dialog.className = "ikz-login-dialog";
    dialog.setAttribute("aria-labelledby", "ikz-login-title");
    var header = document.createElement("div");
    header.className = "modal-header";
    var title = document.createElement("h2");
    title.id = "ikz-login-title";
    title.className = "modal-title h4";
    var heading = doc.querySelector("#content h1, h1");
    title.textContent = (heading && heading.textContent.trim()) || link.textContent.trim();
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("aria-label", "Schließen");
    close.addEventListener("click", function () { closeLogin(dialog); });
    header.appendChild(title);
    header.appendChild(close);
    var body = document.createElement("div");
    body.className = "modal-body";
    body.appendChild(form);
    var footer = document.createElement("div");
    footer.className = "modal-footer";
    // the form's buttons (the login needs the button's name) below the form
    form.querySelectorAll("button[type=submit], input[type=submit], button:not([type])")
      .forEach(function (button) {
        button.setAttribute("form", form.id);
        footer.appendChild(button);
      });
    dialog.appendChild(header);
    dialog.appendChild(body);
    dialog.appendChild(footer);
    dialog.addEventListener("close", function () { dialog.remove(); });
    return dialog;
  }

  function openLogin(link) {
    var url = new URL(link.href, document.baseURI);
    url.searchParams.set("came_from", window.location.href);
    fetch(url.toString(), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var dialog = buildDialog(doc, link);
        if (!dialog) { throw new Error("no login form"); }
        var old = document.getElementById("ikz-login-dialog");
        if (old) { old.remove(); }
        document.body.appendChild(dialog);
        dialog.showModal();
        var name = dialog.querySelector("#__ac_name");
        if (name) { name.focus(); }
      })
      .catch(function () { window.location.href = url.toString(); });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#personaltools-login");
    if (!link || typeof HTMLDialogElement === "undefined") { return; }
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    // before Plone's modal pattern sees the click
    event.preventDefault();
    event.stopImmediatePropagation();
    openLogin(link);
  }, true);
})();
