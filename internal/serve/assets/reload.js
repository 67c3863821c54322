// Live reload for `sitegen serve`; never part of a built site.
// Listens on /_sitegen/events: reloads this page when a rebuild it depends on
// is in place (keeping the scroll position), swaps a changed stylesheet, and
// shows build errors in an overlay. It reconnects with backoff and never
// throws into the page.
(function () {
  "use strict";
  if (!window.EventSource || !window.JSON || !document.querySelector) return;

  var scrollKey = "sitegen-scroll:" + location.pathname;
  var version = null, source = null, delay = 500, timer = null;
  var overlay = null, shown = null, dismissed = null, lastFocus = null;

  function guard(fn) {
    return function (arg) {
      try { fn(arg); } catch (err) { try { console.warn("sitegen reload:", err); } catch (_) {} }
    };
  }
  function parse(e) { try { return JSON.parse(e.data) || {}; } catch (_) { return {}; } }
  // page normalizes a page's path as the server does: "/threads",
  // "/threads/" and "/threads/index.html" are one page.
  function page(p) {
    p = String(p || "/");
    try { p = decodeURI(p); } catch (_) {}
    p = p.replace(/index\.html$/, "");
    if (p.charAt(0) !== "/") p = "/" + p;
    if (!/\/$/.test(p) && !/\.[^\/]*$/.test(p)) p += "/";
    return p;
  }

  function reload() {
    try { sessionStorage.setItem(scrollKey, String(window.pageYOffset || 0)); } catch (_) {}
    location.reload();
  }
  function restoreScroll() {
    var y = null;
    try { y = sessionStorage.getItem(scrollKey); sessionStorage.removeItem(scrollKey); } catch (_) {}
    if (y === null) return;
    y = +y || 0;
    window.scrollTo(0, y);
    // Late images and fonts can move the page: scroll again once loaded.
    window.addEventListener("load", guard(function () { window.scrollTo(0, y); }));
  }

  // stem names a stylesheet without its fingerprint: folder and the part
  // of the file name before the first dot or dash ("/css/site.3f2a.css").
  function stem(href) {
    var u = new URL(href, location.href);
    var i = u.pathname.lastIndexOf("/");
    return u.origin + u.pathname.slice(0, i + 1) + u.pathname.slice(i + 1).split(/[.\-]/)[0];
  }
  function swapStylesheet(url) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]'), want = stem(url), done = 0;
    for (var i = 0; i < links.length; i++) {
      var old = links[i];
      if (old.href.indexOf("/_sitegen/") >= 0 || stem(old.href) !== want) continue;
      var link = old.cloneNode(false);
      link.href = url;
      // Remove the old sheet only once the new one applies: no flash.
      link.addEventListener("load", guard(function () { this.remove(); }.bind(old)));
      link.addEventListener("error", guard(reload));
      old.parentNode.insertBefore(link, old.nextSibling);
      done++;
    }
    if (!done) reload();
  }

  function el(tag, className, parent, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.appendChild(document.createTextNode(text));
    parent.appendChild(e);
    return e;
  }
  function showError(message) {
    if (message === dismissed) return;
    dismissed = null;
    if (!overlay) {
      var style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = "/_sitegen/overlay.css";
      document.head.appendChild(style);
      overlay = document.createElement("div");
      overlay.className = "sitegen-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-labelledby", "sitegen-overlay-title");
      overlay.setAttribute("aria-describedby", "sitegen-overlay-message");
      // Built with DOM calls, not innerHTML, so a Trusted Types policy
      // cannot stop it.
      var box = el("div", "sitegen-overlay-box", overlay);
      el("h2", null, box, "Build failed").id = "sitegen-overlay-title";
      el("pre", null, box).id = "sitegen-overlay-message";
      el("p", null, box, "The page shows the last good build. Save a fix and this goes away.");
      el("kbd", null, el("button", null, box, "Dismiss "), "Esc").parentNode.type = "button";
      overlay.querySelector("button").addEventListener("click", guard(dismiss));
      document.addEventListener("keydown", guard(function (e) {
        if (e.key === "Escape" && shown !== null) dismiss();
      }));
    }
    overlay.querySelector("pre").textContent = message;
    if (shown === null) {
      lastFocus = document.activeElement;
      document.body.appendChild(overlay);
      // Before overlay.css has loaded the overlay sits at the end of the
      // page: focusing it must not scroll the page there.
      overlay.querySelector("button").focus({ preventScroll: true });
    }
    shown = message;
  }
  function hideError() {
    if (shown === null) return;
    shown = null;
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    if (lastFocus && lastFocus.focus) lastFocus.focus({ preventScroll: true });
    lastFocus = null;
  }
  function dismiss() {
    dismissed = shown;
    hideError();
  }

  var handlers = {
    hello: function (d) {
      delay = 500;
      if (version !== null && d.version !== version) reload();
      version = d.version;
    },
    reload: function (d) {
      version = d.version || version;
      var here = page(location.pathname), pages = d.pages || [];
      if (d.all) return reload();
      for (var i = 0; i < pages.length; i++) if (page(pages[i]) === here) return reload();
    },
    css: function (d) {
      version = d.version || version;
      if (d.url) swapStylesheet(d.url);
    },
    error: function (d) { showError(String(d.message || "build failed")); },
    ok: function () { dismissed = null; hideError(); }
  };

  function connect() {
    timer = null;
    try { source = new EventSource("/_sitegen/events"); } catch (_) { return retry(); }
    Object.keys(handlers).forEach(function (name) {
      source.addEventListener(name, guard(function (e) { handlers[name](parse(e)); }));
    });
    // EventSource retries a dropped connection itself; once it gives up
    // (server gone, bad answer) reconnect with growing pauses.
    source.onerror = guard(function () {
      if (source.readyState === 2) retry();
    });
  }
  function retry() {
    if (source) source.close();
    if (timer === null) timer = setTimeout(guard(connect), delay);
    delay = Math.min(delay * 2, 10000);
  }

  guard(restoreScroll)();
  guard(connect)();
})();
