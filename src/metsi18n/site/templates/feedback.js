// The feedback widget of metsi18n pages. It works without a server: the answer
// is acknowledged in the page. When the page's aside carries a
// data-feedback-url (feedback_url in metsi18n.toml), each answer is also posted
// there as a form (answer, comment, page, lang). Without JavaScript the widget
// stays hidden.
(function () {
  "use strict";
  var box = document.querySelector("aside.feedback");
  if (!box) {
    return;
  }
  var answers = box.querySelector(".feedback-answers");
  var thanks = box.querySelector(".feedback-thanks");
  var more = box.querySelector(".feedback-more");
  var url = box.getAttribute("data-feedback-url") || "";

  function send(fields) {
    var target;
    if (!url) {
      return;
    }
    try {
      target = new URL(url, document.baseURI);
    } catch (error) {
      return;
    }
    if (target.protocol !== "https:" && target.protocol !== "http:") {
      return;
    }
    var body = new URLSearchParams(fields);
    body.set("page", box.getAttribute("data-page") || "");
    body.set("lang", document.documentElement.lang);
    fetch(target.href, { method: "POST", mode: "no-cors", keepalive: true, body: body })
      .catch(function () {});
  }

  box.hidden = false;
  box.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-answer]");
    if (!button) {
      return;
    }
    var answer = button.getAttribute("data-answer");
    answers.hidden = true;
    send({ answer: answer });
    if (answer === "yes") {
      thanks.hidden = false;
    } else {
      more.hidden = false;
      more.querySelector("textarea").focus();
    }
  });
  more.addEventListener("submit", function (event) {
    event.preventDefault();
    send({ answer: "no", comment: more.querySelector("textarea").value });
    more.hidden = true;
    thanks.hidden = false;
  });
})();
