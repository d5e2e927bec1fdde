// Accessible names for two controls of Plone's toolbar that carry an
// aria-label without a role (axe-core: aria-prohibited-attr).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("a.toolbar-collapse, a.toolbar-expand").forEach(function (el) {
    if (!el.getAttribute("role")) { el.setAttribute("role", "button"); }
  });
  // on narrow screens the toolbar hides the user name of the personal menu
  var personal = document.getElementById("personaltools-menulink");
  if (personal && !personal.getAttribute("aria-label")) {
    var label = personal.querySelector(".toolbar-label");
    personal.setAttribute("aria-label", "Persönliches Menü" +
      (label && label.textContent.trim() ? ": " + label.textContent.trim() : ""));
  }
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

// The jury's scoring workspace (@@workspace): the band of the rubric that
// matches the chosen score, the weighted total while the juror chooses, and
// drafts saved automatically (a POST with autosave=1, answered with JSON).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("ikz-score-form");
  if (!form) { return; }
  var output = document.getElementById("ikz-total");
  var countEl = document.getElementById("ikz-total-count");
  var status = document.getElementById("ikz-autosave-status");
  var fieldsets = form.querySelectorAll("fieldset[data-criterion]");
  function number(text) { return parseFloat(String(text).replace(",", ".")); }
  function update() {
    var sum = 0, weights = 0, count = 0;
    fieldsets.forEach(function (fs) {
      var select = fs.querySelector("select.ikz-score");
      var value = select && select.value !== "" ? number(select.value) : NaN;
      fs.querySelectorAll(".ikz-rubric li").forEach(function (li) {
        var hit = !isNaN(value) && value >= number(li.dataset.low) && value <= number(li.dataset.high);
        li.classList.toggle("ikz-band-current", hit);
        if (hit) { li.setAttribute("aria-current", "true"); } else { li.removeAttribute("aria-current"); }
      });
      if (isNaN(value)) { return; }
      var weight = number(fs.dataset.weight);
      sum += weight * value; weights += weight; count += 1;
    });
    output.textContent = weights ? (sum / weights).toFixed(2).replace(".", ",") : "–";
    if (countEl) { countEl.textContent = String(count); }
  }
  var timer = null;
  var saving = false;
  function save() {
    timer = null;
    if (saving) { timer = setTimeout(save, 800); return; }
    saving = true;
    var data = new FormData(form);
    data.set("autosave", "1");
    status.textContent = "Entwurf wird gespeichert …";
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                         headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (result) { status.textContent = result.message; })
      .catch(function () {
        status.textContent = "Der Entwurf konnte nicht gespeichert werden. Bitte speichern Sie ihn mit „Entwurf speichern“.";
      })
      .finally(function () { saving = false; });
  }
  function schedule() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 1200);
  }
  form.addEventListener("change", function () { update(); schedule(); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { schedule(); }
  });
  update();
});
