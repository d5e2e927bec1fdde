/* The application form: focus on the error summary, links that focus the
   field, live character counters, errors that disappear once corrected.
   Plain script (the Content-Security-Policy allows only 'self'). */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") {
      fn();
    } else {
      document.addEventListener("DOMContentLoaded", fn);
    }
  }

  function fieldWrapper(el) {
    return el.closest(".field");
  }

  function focusTarget(id) {
    var target = document.getElementById(id);
    if (!target) {
      return false;
    }
    var wrapper = fieldWrapper(target);
    var label = wrapper ? wrapper.querySelector("label") : null;
    (label || target).scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
    return true;
  }

  function summary() {
    var box = document.getElementById("ikz-error-summary");
    if (!box) {
      return;
    }
    box.focus();
    box.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (focusTarget(link.getAttribute("href").slice(1))) {
          event.preventDefault();
        }
      });
    });
  }

  function format(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function counters() {
    var holder = document.querySelector("[data-ikz-limits]");
    var limits = {};
    try {
      limits = JSON.parse(holder ? holder.dataset.ikzLimits : "{}");
    } catch (e) {
      limits = {};
    }
    Object.keys(limits).forEach(function (id) {
      var field = document.getElementById(id);
      if (!field || (field.tagName !== "TEXTAREA" && field.type !== "text")) {
        return;
      }
      var limit = limits[id];
      if (limit < 1000 && field.tagName !== "TEXTAREA") {
        return; // short lines need no counter
      }
      (function (field) {
        var counter = document.createElement("div");
        counter.className = "form-text ikz-counter";
        counter.id = field.id + "-counter";
        field.insertAdjacentElement("afterend", counter);
        var described = field.getAttribute("aria-describedby");
        field.setAttribute(
          "aria-describedby",
          (described ? described + " " : "") + counter.id
        );
        function update() {
          var used = field.value.length;
          counter.textContent =
            format(used) + " von " + format(limit) + " Zeichen";
          counter.classList.toggle("text-danger", used >= limit);
        }
        field.addEventListener("input", update);
        update();
      })(field);
    });
  }

  function corrected(field) {
    if (field.type === "checkbox") {
      return field.checked || !field.required;
    }
    if (field.tagName === "SELECT") {
      return field.value && field.value !== "--NOVALUE--";
    }
    if (field.type === "file") {
      return true;
    }
    return field.value.trim() !== "" && field.checkValidity();
  }

  function clearErrors() {
    document.querySelectorAll(".field.error").forEach(function (wrapper) {
      wrapper
        .querySelectorAll("input, select, textarea")
        .forEach(function (field) {
          field.addEventListener("change", function () {
            if (!corrected(field)) {
              return;
            }
            wrapper.classList.remove("error");
            wrapper
              .querySelectorAll(".invalid-feedback, .fieldErrorBox, .error")
              .forEach(function (message) {
                if (message !== wrapper) {
                  message.remove();
                }
              });
            field.classList.remove("is-invalid");
            field.removeAttribute("aria-invalid");
          });
        });
    });
  }

  /* Someone else saved the same draft meanwhile: the server merged field
     by field. Take over the revision and the others' changes, and show
     what this save replaced (nothing is lost silently). */
  function fieldOf(name) {
    var rest = name.slice("form.widgets.".length).split(":")[0];
    return rest.replace(/-empty-marker$/, "").split(".")[0];
  }

  function setField(form, field, values) {
    form.querySelectorAll("[name^='form.widgets.']").forEach(function (el) {
      if (fieldOf(el.name) !== field || el.type === "file" ||
          /-empty-marker$/.test(el.name)) {
        return;
      }
      var value = values[el.name];
      var list = Array.isArray(value) ? value : value ? [value] : [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = list.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT") {
        Array.from(el.options).forEach(function (option) {
          option.selected = list.indexOf(option.value) !== -1;
        });
      } else {
        el.value = Array.isArray(value) ? value.join("\n") : value || "";
      }
    });
  }

  function merged(form, box, answer) {
    var revision = document.getElementById("ikz-base-revision");
    if (revision && answer.revision !== undefined) {
      revision.value = answer.revision;
    }
    Object.keys(answer.updated || {}).forEach(function (field) {
      setField(form, field, answer.updated[field]);
    });
    if (!answer.note && !answer.taken) {
      return;
    }
    // a note with only the others' changes taken over gives way to the
    // next one; a note with replaced text stays (nothing lost silently)
    document
      .querySelectorAll(".ikz-merge-note[data-kind='taken']")
      .forEach(function (old) {
        old.remove();
      });
    var note = document.createElement("div");
    note.className = "alert alert-warning ikz-merge-note";
    note.dataset.kind = answer.note ? "conflict" : "taken";
    note.setAttribute("role", answer.note ? "alert" : "status");
    if (answer.note) {
      var text = document.createElement("p");
      text.className = "mb-1";
      text.textContent = answer.note;
      note.appendChild(text);
      var list = document.createElement("dl");
      list.className = "mb-1";
      (answer.conflicts || []).forEach(function (conflict) {
        var label = document.createElement("dt");
        label.textContent = conflict.label;
        var value = document.createElement("dd");
        value.className = "ikz-overwritten";
        value.style.whiteSpace = "pre-wrap";
        value.textContent = conflict.text;
        list.appendChild(label);
        list.appendChild(value);
      });
      note.appendChild(list);
    }
    if (answer.taken) {
      var taken = document.createElement("p");
      taken.className = "mb-0";
      taken.textContent = answer.taken;
      note.appendChild(taken);
    }
    box.parentNode.insertBefore(note, box);
  }

  /* A draft saves itself every 30 s and when a field is left. */
  function autosave() {
    var box = document.getElementById("ikz-draft-status");
    var form = document.querySelector("#content-core form");
    if (!box || !form || !box.dataset.url) {
      return;
    }
    var dirty = false;
    var busy = false;
    function save() {
      if (!dirty || busy) {
        return;
      }
      busy = true;
      dirty = false;
      var data = new FormData(form);
      form.querySelectorAll("input[type='file']").forEach(function (input) {
        data.delete(input.name);
      });
      Array.from(data.keys()).forEach(function (key) {
        if (key.indexOf("form.buttons.") === 0) {
          data.delete(key);
        }
      });
      fetch(box.dataset.url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : Promise.reject(response);
        })
        .then(function (answer) {
          box.textContent = "Zuletzt gespeichert um " + answer.saved;
          merged(form, box, answer);
        })
        .catch(function () {
          dirty = true;
          box.textContent =
            "Automatisches Speichern gerade nicht möglich; bitte " +
            "„Zwischenspeichern“ verwenden.";
        })
        .finally(function () {
          busy = false;
        });
    }
    form.addEventListener("input", function () {
      dirty = true;
    });
    form.addEventListener("change", function () {
      dirty = true;
    });
    form.addEventListener("focusout", save);
    window.setInterval(save, 30000);
  }

  ready(function () {
    summary();
    counters();
    clearErrors();
    autosave();
  });
})();
