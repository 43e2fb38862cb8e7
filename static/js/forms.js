/* Forms that cannot mislead: small enhancements; every page works without them.
 *
 * 1. Focus what the server marked as the news of this page (data-focus-on-load): the error summary
 *    after a refused save, or the confirmation after a successful one (NL Design System's
 *    pattern). Without JavaScript the URL's fragment scrolls to it and focuses it.
 * 2. Show a field only when the choice it belongs to is made (data-shown-when="name=value"):
 *    hidden, it is disabled too, so a value chosen before is not sent along unseen. Without
 *    JavaScript the field is always shown, and the server refuses a value that does not fit.
 */
(function () {
  "use strict";

  function focusTheNews() {
    var news = document.querySelector("[data-focus-on-load]");
    if (news) {
      news.focus();
    }
  }

  function showWhenChosen(field) {
    var rule = field.getAttribute("data-shown-when").split("=");
    var form = field.closest("form");
    var controls = field.querySelectorAll("input, select, textarea");
    function update() {
      var chosen = form.querySelector('input[name="' + rule[0] + '"]:checked');
      var shown = chosen !== null && chosen.value === rule[1];
      field.hidden = !shown;
      controls.forEach(function (control) {
        control.disabled = !shown;
      });
    }
    form.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("[data-shown-when]").forEach(showWhenChosen);
  focusTheNews();
})();
