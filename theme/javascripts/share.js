/* casebook: the story page's "Copy link" button (progressive enhancement: without
   JavaScript the button is hidden and the email link remains). Copies the page's canonical
   address when the site has one, else the address in the bar without its #fragment. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll(".cb-share"), function (box) {
    var button = box.querySelector(".cb-share-copy");
    var status = box.querySelector(".cb-share-status");
    if (!button) return;
    var url = box.getAttribute("data-url") || window.location.href.split("#")[0];
    function done(ok) {
      status.textContent = ok ? "Link copied" : "Copy this link: " + url;
    }
    function fallback() {
      var field = document.createElement("textarea");
      field.value = url;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(field);
      button.focus();
      done(ok);
    }
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(function () { done(true); }, fallback);
      } else {
        fallback();
      }
    });
  });
})();
