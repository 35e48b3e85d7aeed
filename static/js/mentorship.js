// "Mark read" on the pair's page: once the thread has been on screen, the page tells
// the API (POST .../messages/read/, up to the last message shown) and the button
// goes away. Reading the page never marks anything by itself: a browser may fetch
// it ahead of the person. Without JavaScript the button is an ordinary form.
(function () {
  "use strict";
  var form = document.querySelector("form.thread-read[data-api]");
  var thread = document.querySelector('[data-testid="thread"]');
  if (!form || !thread || !window.fetch || !window.IntersectionObserver) {
    return;
  }
  var token = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
  var upTo = parseInt(form.querySelector('input[name="up_to"]').value, 10);
  var observer = new IntersectionObserver(function (entries) {
    if (!entries.some(function (entry) { return entry.isIntersecting; })) {
      return;
    }
    observer.disconnect();
    fetch(form.getAttribute("data-api"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(isNaN(upTo) ? {} : { up_to: upTo }),
    }).then(function (response) {
      if (response.ok) {
        form.hidden = true;
      }
    });
  });
  observer.observe(thread);
})();
