// Progressive enhancement for the consultation form. Everything works without this file:
// it adds medicine rows without a reload, shows follow-up questions only when relevant,
// warns early about states we do not serve, and moves focus to the error summary.
(function () {
  "use strict";

  var form = document.getElementById("intake-form");
  if (!form) {
    return;
  }

  // Error summary: focus it so screen readers announce it and keyboard users start there.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  // Medicine rows ----------------------------------------------------------------------
  var rows = document.getElementById("medicine-rows");
  var template = document.getElementById("medicine-row-template");
  var total = form.querySelector("input[name='medicines-TOTAL_FORMS']");
  var maxRows = parseInt(form.querySelector("input[name='medicines-MAX_NUM_FORMS']").value, 10);
  var addButton = document.getElementById("add-medicine");

  addButton.addEventListener("click", function (event) {
    event.preventDefault();
    var index = parseInt(total.value, 10);
    if (index >= maxRows) {
      addButton.disabled = true;
      return;
    }
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input");
    if (first) {
      first.focus();
    }
    if (index + 1 >= maxRows) {
      addButton.disabled = true;
    }
  });

  // Follow-up questions: shown only after the answers they belong to ("Yes", or "now" and
  // "in the past"). ----------------------------------------------------------------------
  function followUpWrapper(input) {
    return document.getElementById("div_" + input.id) || input.closest(".mb-3");
  }

  function answerShows(input) {
    var question = input.getAttribute("data-follow-up-of");
    var values = (input.getAttribute("data-follow-up-values") || "yes").split(",");
    var checked = form.querySelector("input[name='" + question + "']:checked");
    return checked !== null && values.indexOf(checked.value) !== -1;
  }

  var followUps = form.querySelectorAll("[data-follow-up-of]");
  function refreshFollowUps() {
    followUps.forEach(function (input) {
      var wrapper = followUpWrapper(input);
      wrapper.hidden = !(answerShows(input) || input.classList.contains("is-invalid"));
    });
  }
  followUps.forEach(function (input) {
    var radios = form.querySelectorAll("input[name='" + input.getAttribute("data-follow-up-of") + "']");
    radios.forEach(function (radio) {
      radio.addEventListener("change", refreshFollowUps);
    });
  });
  refreshFollowUps();

  // States the clinic serves: say so as soon as the person picks another. -----------------
  var state = document.getElementById("id_state");
  var notServed = document.getElementById("state-not-served");
  if (state && notServed) {
    var served = state.getAttribute("data-served-states").split(",");
    // The live region itself stays in the page (empty) so screen readers announce what is put
    // in it; a region that appears together with its text is often not read out.
    var showNotServed = function () {
      var outside = state.value !== "" && served.indexOf(state.value) === -1;
      notServed.textContent = "";
      if (outside) {
        var message = document.createElement("div");
        message.className = "alert alert-warning";
        message.textContent = notServed.getAttribute("data-message");
        notServed.appendChild(message);
      }
    };
    state.addEventListener("change", showNotServed);
    // A state the browser restored (back, reload); after a submit, the server's message shows instead.
    if (!state.classList.contains("is-invalid")) {
      showNotServed();
    }
  }

  // One click sends once: the server also refuses a repeat, this just avoids confusion. ----
  var submit = document.getElementById("submit-request");
  var submitLabel = submit.textContent;
  var sending = false;
  form.addEventListener("submit", function (event) {
    sending = true;
    if (event.submitter && event.submitter.name === "add_medicine") {
      return;
    }
    submit.disabled = true;
    // The page's own words for it (data-sending-label), in the page's language.
    submit.textContent = submit.dataset.sendingLabel || submitLabel;
  });

  // Leaving a form with answers (Back, a link, closing the tab) would lose the medicine rows
  // added here: the browser asks first. Links inside the form open in a new tab instead.
  var answered = false;
  form.addEventListener("input", function () {
    answered = true;
  });
  form.addEventListener("change", function () {
    answered = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (answered && !sending) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // Back to the form from the browser's page cache: the button must work again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      sending = false;
      submit.disabled = false;
      submit.textContent = submitLabel;
    }
  });
})();
