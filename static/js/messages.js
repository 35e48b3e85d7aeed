// Flash messages stay in sight (mentorship.css and programmes.css make them sticky,
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
