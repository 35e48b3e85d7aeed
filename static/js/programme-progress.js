// The coordinator's programme page. Two small enhancements; without JavaScript the
// page still works: the "Обновить" link reloads it, and the join link can be selected.
//
// 1. While a matching run is queued or running, ask the API for its progress every
//    second (the session cookie signs the request in) and move the bar; when the run
//    leaves those states, reload the page so the draft (or the error) is shown.
// 2. A "copy" button next to the join link.
(function () {
  "use strict";

  var box = document.querySelector(".run-progress[data-run-url]");
  if (box && window.fetch) {
    var bar = box.querySelector("progress");
    var percent = box.querySelector("[data-run-percent]");
    var statusLabel = document.querySelector("[data-run-status-label]");
    var url = box.getAttribute("data-run-url");
    var poll = function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (response.status >= 400 && response.status < 500) { return null; }  // signed out: stop
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (run) {
          if (run === null) { return; }
          if (run.status !== "queued" && run.status !== "running") {
            window.location.reload();
            return;
          }
          bar.value = run.progress;
          percent.textContent = String(run.progress);
          var label = box.getAttribute("data-label-" + run.status);
          if (statusLabel && label) { statusLabel.textContent = label; }
          window.setTimeout(poll, 1000);
        })
        .catch(function () {
          // A network hiccup: try again a little later; the link still works.
          window.setTimeout(poll, 3000);
        });
    };
    window.setTimeout(poll, 1000);
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) { return; }
    button.hidden = false;
    var initial = button.textContent;
    button.addEventListener("click", function () {
      var done = function () {
        button.textContent = button.getAttribute("data-copied") || initial;
        window.setTimeout(function () { button.textContent = initial; }, 2000);
      };
      input.select();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(done, function () {
          if (document.execCommand("copy")) { done(); }
        });
      } else if (document.execCommand("copy")) {
        done();
      }
    });
  });
})();
