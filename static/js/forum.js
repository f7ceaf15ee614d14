// The forum composer: @mention suggestions while typing. A textarea with data-mentions="<url>"
// asks the URL for members matching the word after "@" and offers them in a list under it;
// arrow keys choose, Enter or Tab (or a click) puts "@handle " in place. No inline script (CSP).
(function () {
  "use strict";
  var timer = null;

  function wordAtCaret(area) {
    var before = area.value.slice(0, area.selectionStart);
    var match = /(^|[^\w@])@([\w.-]{0,60})$/.exec(before);
    return match ? { text: match[2], start: before.length - match[2].length - 1 } : null;
  }

  function listFor(area) {
    var list = document.getElementById(area.id + "-mentions");
    if (!list) {
      list = document.createElement("ul");
      list.id = area.id + "-mentions";
      list.className = "list-group mention-list position-absolute shadow-sm";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", area.dataset.mentionsLabel || "Members");
      list.hidden = true;
      area.parentElement.style.position = "relative";
      area.insertAdjacentElement("afterend", list);
      area.setAttribute("aria-controls", list.id);
      area.setAttribute("aria-autocomplete", "list");
      list.addEventListener("mousedown", function (event) {
        var option = event.target.closest("[data-handle]");
        if (option) { event.preventDefault(); choose(area, list, option); }
      });
    }
    return list;
  }

  function close(area, list) {
    list.hidden = true;
    list.innerHTML = "";
    area.removeAttribute("aria-activedescendant");
  }

  function choose(area, list, option) {
    var word = wordAtCaret(area);
    if (!word) { close(area, list); return; }
    var insert = "@" + option.dataset.handle + " ";
    area.value = area.value.slice(0, word.start) + insert + area.value.slice(area.selectionStart);
    var caret = word.start + insert.length;
    area.setSelectionRange(caret, caret);
    close(area, list);
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true }));  // the draft is kept
  }

  function select(area, list, step) {
    var options = Array.prototype.slice.call(list.querySelectorAll("[data-handle]"));
    if (!options.length) return;
    var current = options.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
    var next = (current + step + options.length) % options.length;
    options.forEach(function (o, i) { o.setAttribute("aria-selected", i === next ? "true" : "false"); o.classList.toggle("active", i === next); });
    area.setAttribute("aria-activedescendant", options[next].id);
  }

  document.addEventListener("input", function (event) {
    var area = event.target;
    if (!area.matches || !area.matches("textarea[data-mentions]")) return;
    var list = listFor(area), word = wordAtCaret(area);
    window.clearTimeout(timer);
    if (!word) { close(area, list); return; }
    timer = window.setTimeout(function () {
      var url = area.dataset.mentions + (area.dataset.mentions.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(word.text);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (people) {
          list.innerHTML = "";
          people.forEach(function (person, index) {
            var option = document.createElement("li");
            option.id = list.id + "-" + person.id;
            option.setAttribute("role", "option");
            option.setAttribute("aria-selected", index === 0 ? "true" : "false");
            option.className = "list-group-item list-group-item-action";
            option.dataset.handle = person.handle;
            option.textContent = person.name + " ";
            var detail = document.createElement("span");
            detail.className = "text-body-secondary small";
            detail.textContent = "@" + person.handle + (person.department ? " · " + person.department : "");
            option.appendChild(detail);
            list.appendChild(option);
          });
          list.hidden = !people.length;
          var first = list.querySelector("[data-handle]");
          if (first) { first.classList.add("active"); area.setAttribute("aria-activedescendant", first.id); }
        });
    }, 150);
  });

  document.addEventListener("keydown", function (event) {
    var area = event.target;
    if (!area.matches || !area.matches("textarea[data-mentions]")) return;
    var list = document.getElementById(area.id + "-mentions");
    if (!list || list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      select(area, list, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" || event.key === "Tab") {
      var option = list.querySelector("[aria-selected='true']");
      if (option) { event.preventDefault(); choose(area, list, option); }
    } else if (event.key === "Escape") {
      close(area, list);
    }
  });

  document.addEventListener("focusout", function (event) {
    var area = event.target;
    if (area.matches && area.matches("textarea[data-mentions]")) {
      var list = document.getElementById(area.id + "-mentions");
      if (list) window.setTimeout(function () { close(area, list); }, 150);
    }
  });
})();

// Attaching a file: the composer's "attach" input sends the file to its data-attach URL and
// puts the Markdown it answers (an image or a download link) at the caret of the post.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var input = event.target;
    var label = input.closest && input.closest("[data-attach]");
    if (!label || !input.files || !input.files.length) return;
    var form = label.closest("form");
    var area = form && form.querySelector("textarea");
    var status = form && form.querySelector("[data-attach-status]");
    var body = new FormData();
    body.append("file", input.files[0]);
    if (status) status.textContent = "…";
    fetch(label.dataset.attach, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": label.dataset.csrf },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      if (!answer.ok) throw new Error(answer.data.error || label.dataset.failed);
      if (area) {
        var at = area.selectionStart || area.value.length;
        var text = (at && area.value[at - 1] !== "\n" ? "\n" : "") + answer.data.markdown + "\n";
        area.value = area.value.slice(0, at) + text + area.value.slice(at);
        area.dispatchEvent(new Event("input", { bubbles: true }));
      }
      if (status) status.textContent = "";
    }).catch(function (error) {
      if (status) status.textContent = error.message || label.dataset.failed;
    }).finally(function () { input.value = ""; });
  });
})();
