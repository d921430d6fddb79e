// Keyboard shortcuts for the staff pages (progressive: every page works without this file).
// Inbox: j / k move the selection, Enter or o opens it. Conversation: r focuses the reply box,
// u goes back to the inbox. Ctrl/Cmd+Enter in a text box submits its form.
(function () {
  "use strict";

  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" ||
      target.tagName === "SELECT" || target.isContentEditable);
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("table.inbox tr.row"));
  }

  var selected = -1;

  function select(index) {
    var all = rows();
    if (!all.length) { return; }
    selected = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row, i) { row.classList.toggle("selected", i === selected); });
    all[selected].scrollIntoView({ block: "nearest" });
  }

  // Updates without a full reload: the inbox reloads itself when a family writes (unless a
  // filter control has focus); a conversation shows a notice instead, so a reply being typed
  // is never lost. Polls every 15 s, only while the tab is visible.
  var poll = document.getElementById("poll");
  if (poll && window.fetch) {
    window.setInterval(function () {
      if (document.hidden) { return; }
      fetch(poll.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (state) {
          if (!state) { return; }
          var changed = String(state.latest) !== poll.dataset.latest ||
            (state.waiting !== undefined && String(state.waiting) !== poll.dataset.waiting);
          if (!changed) { return; }
          if (poll.dataset.mode === "reload" && !typing(document.activeElement)) {
            window.location.reload();
          } else if (poll.dataset.mode === "notice") {
            document.getElementById("new-message").hidden = false;
          }
        })
        .catch(function () { /* offline for a moment: try again next time */ });
    }, 15000);
  }

  // A form with data-confirm asks first (inline handlers are barred by the CSP).
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });

  // Work lists: a "select all" box ticks every row's box in its table.
  document.addEventListener("change", function (event) {
    if (event.target.id === "all-reports") {
      var table = event.target.closest("table");
      table.querySelectorAll("input[name=report]").forEach(function (box) {
        box.checked = event.target.checked;
      });
    }
  });

  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest("tr.row[data-href]");
    if (row && !event.target.closest("a, button, form")) {
      window.location.href = row.getAttribute("data-href");
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && typing(event.target)) {
      var form = event.target.form;
      if (form) { event.preventDefault(); form.requestSubmit(); }
      return;
    }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var all = rows();
    if (event.key === "j") { select(selected + 1); event.preventDefault(); }
    else if (event.key === "k") { select(selected - 1); event.preventDefault(); }
    else if ((event.key === "Enter" || event.key === "o") && selected >= 0 && all[selected]) {
      window.location.href = all[selected].getAttribute("data-href");
    } else if (event.key === "r") {
      var box = document.querySelector("[data-key=r]");
      if (box) { box.focus(); event.preventDefault(); }
    } else if (event.key === "u") {
      var back = document.querySelector("a[data-key=u]");
      if (back) { window.location.href = back.href; }
    }
  });

  // One click, one reply: a second click while the page loads would send the text twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method.toLowerCase() !== "post") { return; }
    if (form.dataset.submitted) { event.preventDefault(); return; }
    form.dataset.submitted = "1";
  });
  window.addEventListener("pageshow", function () {  // back button: the forms work again
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    // Show the newest messages: threads end at the bottom of the page.
    var thread = document.querySelector("ol.thread li:last-child");
    if (thread && document.body.classList.contains("conversation-page") && !location.hash) {
      thread.scrollIntoView({ block: "nearest" });
    }
    var simText = document.getElementById("sim-text");
    if (simText && location.hash === "#latest") { simText.focus(); }
  });
})();
