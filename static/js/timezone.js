// Preselects the browser's own IANA time zone in a fresh form's time zone field
// (marked data-autodetect by the server; a form sent back with errors keeps the choice).
// The list names each zone by its current IANA name; data-aliases maps the old names
// some browsers still report (Asia/Calcutta, Europe/Kiev) to them.
(function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) { return; }
  document.querySelectorAll("select[data-autodetect]").forEach(function (select) {
    var aliases = {};
    try { aliases = JSON.parse(select.getAttribute("data-aliases") || "{}"); } catch (e) { aliases = {}; }
    var name = aliases[zone] || zone;
    var option = select.querySelector('option[value="' + name + '"]');
    if (option) { select.value = name; }
  });
})();
