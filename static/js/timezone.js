// Preselects the browser's own IANA time zone in any time zone field left at its default.
(function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) { return; }
  document.querySelectorAll("select[name=timezone]").forEach(function (select) {
    if (select.dataset.userChosen) { return; }
    var option = select.querySelector('option[value="' + zone + '"]');
    if (option) { select.value = zone; }
  });
})();
