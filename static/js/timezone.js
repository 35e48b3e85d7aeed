// Preselects the browser's own IANA time zone in a fresh form's time zone field
// (marked data-autodetect by the server; a form sent back with errors keeps the choice).
(function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) { return; }
  document.querySelectorAll("select[data-autodetect]").forEach(function (select) {
    var option = select.querySelector('option[value="' + zone + '"]');
    if (option) { select.value = zone; }
  });
})();
