// Kuzet dashboard: small progressive enhancements only; every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Ask before closing an alert: a closed alert leaves the feed.
  document.querySelectorAll('button[name="status"][value="closed"]').forEach(function (b) {
    b.addEventListener("click", function (e) {
      if (!window.confirm("Close this alert?")) { e.preventDefault(); }
    });
  });
});
