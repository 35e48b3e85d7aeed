// The mentorship pages keep flash messages in sight (mentorship.css makes them sticky,
// because a form sends the person back to the section they were in). This adds a
// button to put each message away; without JavaScript the messages simply stay.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="message-close-label"]');
  var label = meta ? meta.getAttribute("content") : "×";
  document.querySelectorAll(".messages .message").forEach(function (message) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "message-close";
    button.setAttribute("aria-label", label);
    button.textContent = "×";
    button.addEventListener("click", function () {
      message.hidden = true;
    });
    message.appendChild(button);
  });
})();

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
