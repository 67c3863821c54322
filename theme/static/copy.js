// Copy buttons for code blocks. The page works without this script: it
// only adds a button to the label of each block, which copies the code
// without its line numbers. Loaded with defer from the site itself, so the
// Content-Security-Policy (script-src 'self') lets it run.
//
// The one-page view holds hundreds of blocks: the buttons are added a few
// dozen at a time while the browser is idle, so that no long task holds
// up the page, and one listener on the document answers every button.
"use strict";
(function () {
  // codeText returns the text of a block's code, leaving out line numbers,
  // whether they sit in a column of their own or at the start of each line.
  function codeText(block) {
    var code = block.querySelector("pre:not(.lnpre) code") || block.querySelector("pre:not(.lnpre)");
    if (!code) return "";
    var copy = code.cloneNode(true);
    copy.querySelectorAll(".ln, .lnt").forEach(function (n) { n.remove(); });
    return copy.textContent;
  }

  // fallback copies text where the Clipboard API is missing (plain http).
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "copy-buffer";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function write(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallback(text); });
    }
    return fallback(text);
  }

  function add(block) {
    var label = block.querySelector(".code-label");
    if (!label || label.querySelector(".copy")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy the code");
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    label.appendChild(status);
    label.appendChild(button);
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button.copy");
    var block = button && button.closest(".code");
    if (!block) return;
    var status = button.previousElementSibling;
    write(codeText(block)).then(function () {
      status.textContent = "Copied";
    }, function () {
      status.textContent = "Select the code to copy it";
    }).then(function () {
      clearTimeout(button.timer);
      button.timer = setTimeout(function () { status.textContent = ""; }, 2500);
    });
  });

  var blocks = document.querySelectorAll(".code");
  var next = 0;
  var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 1); };
  function some() {
    for (var end = Math.min(next + 10, blocks.length); next < end; next++) add(blocks[next]);
    if (next < blocks.length) idle(some);
  }
  idle(some);
})();
