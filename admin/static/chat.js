/* Family web chat: send with Enter (Shift+Enter = new line), show replies, poll for staff replies
   while the page is visible. No framework, no build step. Every word shown comes from the page
   (#chat-config "strings", rendered by the server in the family's language). */
(function () {
  "use strict";

  var configNode = document.getElementById("chat-config");
  if (!configNode) {
    return;
  }
  var config = JSON.parse(configNode.textContent);
  var strings = config.strings;
  var list = document.getElementById("messages");
  var scroller = document.getElementById("main");
  var form = document.getElementById("composer");
  var box = document.getElementById("message");
  var sendButton = document.getElementById("send");
  var statusLine = document.getElementById("composer-status");

  var lastId = Number(config.after) || 0;
  var shown = new Set();
  var pending = new Map(); // client_id -> <li> not yet confirmed by the server
  var retry = null; // {text, clientId} of a message that failed: same text, same id (no double)
  var pollTimer = null;
  var polling = false;

  Array.prototype.forEach.call(list.children, function (item) {
    if (item.dataset.id) {
      shown.add(Number(item.dataset.id));
    }
  });

  function uuid4() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) {
      return x.toString(16).padStart(2, "0");
    }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  function nearBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 120;
  }

  function scrollToEnd() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  function makeItem(message) {
    var item = document.createElement("li");
    var mine = message.direction === "in";
    item.className = "msg " + (mine ? "msg-in" : "msg-out");
    if (message.id) {
      item.dataset.id = String(message.id);
    }
    if (message.client_id) {
      item.dataset.clientId = message.client_id;
    }
    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = (mine ? strings.you : config.school) + ":";
    var text = document.createElement("span");
    text.className = "msg-text";
    text.dir = "auto";
    text.textContent = message.text;
    item.append(who, " ", text);
    return item;
  }

  function insertInOrder(item, id) {
    // Confirmed messages in id order; messages still being sent stay last.
    var children = list.children;
    for (var i = 0; i < children.length; i++) {
      var other = children[i].dataset.id;
      if (!other || Number(other) > id) {
        list.insertBefore(item, children[i]);
        return;
      }
    }
    list.appendChild(item);
  }

  function merge(messages) {
    var atEnd = nearBottom();
    var added = false;
    (messages || []).forEach(function (message) {
      var id = Number(message.id);
      if (shown.has(id)) {
        return;
      }
      shown.add(id);
      lastId = Math.max(lastId, id);
      var waiting = message.client_id && pending.get(message.client_id);
      if (waiting) {
        // Our own message, now stored: keep its place, mark it sent.
        pending.delete(message.client_id);
        waiting.dataset.id = String(id);
        waiting.classList.remove("msg-pending");
        var note = waiting.querySelector(".msg-meta");
        if (note) {
          note.remove();
        }
        return;
      }
      insertInOrder(makeItem(message), id);
      added = true;
    });
    if (added && atEnd) {
      scrollToEnd();
    }
  }

  function showStatus(text) {
    statusLine.textContent = text || "";
  }

  function restore(text, clientId, item) {
    pending.delete(clientId);
    if (item) {
      item.remove();
    }
    retry = { text: text, clientId: clientId };
    if (!box.value) {
      box.value = text;
      grow();
    }
    box.focus();
  }

  function send() {
    var text = box.value;
    if (!text.trim()) {
      return;
    }
    showStatus("");
    var clientId = retry && retry.text === text ? retry.clientId : uuid4();
    retry = null;
    var item = makeItem({ direction: "in", text: text, client_id: clientId });
    item.classList.add("msg-pending");
    var note = document.createElement("span");
    note.className = "msg-meta";
    note.textContent = strings.sending;
    item.appendChild(note);
    pending.set(clientId, item);
    list.appendChild(item);
    scrollToEnd();
    box.value = "";
    grow();
    sendButton.setAttribute("aria-busy", "true");

    fetch(config.messagesUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        [config.header[0]]: config.header[1],
      },
      body: JSON.stringify({ text: text, client_id: clientId }),
    }).then(function (response) {
      return response.json().catch(function () {
        return {};
      }).then(function (data) {
        if (response.status === 401) {
          window.location.reload();
          return;
        }
        if (!response.ok) {
          restore(text, clientId, item);
          showStatus(data.message || (response.status === 503 ? strings.unavailable
            : strings.send_failed));
          return;
        }
        merge(data.messages);
        if (pending.get(clientId) === item) {
          // Stored but not in the answer (should not happen): show it as sent anyway.
          pending.delete(clientId);
          item.classList.remove("msg-pending");
          note.remove();
        }
        scrollToEnd();
      });
    }).catch(function () {
      restore(text, clientId, item);
      showStatus(strings.send_failed);
    }).finally(function () {
      sendButton.removeAttribute("aria-busy");
    });
  }

  function poll() {
    if (polling) {
      return schedule();
    }
    polling = true;
    fetch(config.messagesUrl + "?after=" + encodeURIComponent(lastId), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
    }).then(function (response) {
      if (response.status === 401) {
        window.location.reload();
        return null;
      }
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data) {
        merge(data.messages);
      }
    }).catch(function () {
      /* offline for a moment: the next poll tries again */
    }).finally(function () {
      polling = false;
      schedule();
    });
  }

  function schedule() {
    window.clearTimeout(pollTimer);
    pollTimer = null;
    if (document.visibilityState === "visible") {
      pollTimer = window.setTimeout(poll, (config.pollSeconds || 4) * 1000);
    }
  }

  function grow() {
    box.style.height = "auto";
    box.style.height = Math.min(box.scrollHeight + 4, 160) + "px";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send();
  });

  box.addEventListener("keydown", function (event) {
    // Enter sends; Shift+Enter is a new line; Enter that confirms an input-method composition
    // (Chinese, Vietnamese keyboards) is not a send.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      send();
    }
  });

  box.addEventListener("input", grow);

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      poll();
    } else {
      window.clearTimeout(pollTimer);
      pollTimer = null;
    }
  });

  scrollToEnd();
  schedule();
})();
