/* Small enhancements of the manage forms; each form works without them.

   - `data-show-when="kind=kitchen"` on a field: shown only while the form's `kind` input has
     that value (the kitchen type for kitchens, a need's product or service by its kind, the
     certifier of a ticked label: `labels=3`); `is_closed!=on` shows it while NOT ticked.
   - `data-formset-add="hours"`: a button that adds an empty row to the formset with that
     prefix, from the <template id="hours-empty-row"> beside it. */
(function () {
  "use strict";

  /* Whether the form's input `name` has one of the values `wanted`: a ticked radio or
     checkbox with that value, or a select or text input holding it. */
  function matches(form, name, wanted) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    for (var index = 0; index < inputs.length; index += 1) {
      var input = inputs[index];
      var choosable = input.type === "radio" || input.type === "checkbox";
      if ((!choosable || input.checked) && wanted.indexOf(input.value) !== -1) {
        return true;
      }
    }
    return false;
  }

  function setUpShowWhen(form) {
    var dependants = form.querySelectorAll("[data-show-when]");
    if (!dependants.length) {
      return;
    }
    function update() {
      dependants.forEach(function (element) {
        var rule = element.getAttribute("data-show-when");
        var negate = rule.indexOf("!=") !== -1;
        var parts = rule.split(negate ? "!=" : "=");
        var found = matches(form, parts[0], parts[1].split("|"));
        element.hidden = negate ? found : !found;
      });
    }
    form.addEventListener("change", update);
    update();
  }

  function setUpFormsetAdd(button) {
    var prefix = button.getAttribute("data-formset-add");
    var template = document.getElementById(prefix + "-empty-row");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var body = document.getElementById(prefix + "-rows");
    if (!template || !total || !body) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = Number(total.value);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var first = body.lastElementChild && body.lastElementChild.querySelector("select, input");
      if (first) {
        first.focus();
      }
    });
  }

  function init() {
    document.querySelectorAll("form").forEach(setUpShowWhen);
    document.querySelectorAll("[data-formset-add]").forEach(setUpFormsetAdd);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
