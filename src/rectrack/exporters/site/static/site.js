// Filters for the recommendations table on index.html: our own few lines, no network.
// Without JavaScript the form stays hidden and the full table reads as it is.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("recs");
  if (!form || !table) {
    return;
  }
  var text = document.getElementById("filter-text");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-column]"));
  var count = document.getElementById("filter-count");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  // Read each row's text once: filtering a national ledger must keep up with typing.
  var haystacks = rows.map(function (row) {
    return row.textContent.toLowerCase().replace(/\s+/g, " ");
  });

  function apply() {
    var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
    var wanted = selects.map(function (select) {
      return { column: select.getAttribute("data-column"), value: select.value };
    }).filter(function (choice) { return choice.value !== ""; });
    var shown = 0;
    rows.forEach(function (row, index) {
      var match = words.every(function (word) { return haystacks[index].indexOf(word) !== -1; }) &&
        wanted.every(function (choice) { return row.getAttribute("data-" + choice.column) === choice.value; });
      if (row.hidden === match) {
        row.hidden = !match;  // touch only rows that change: less for the browser to redo
      }
      if (match) {
        shown += 1;
      }
    });
    count.textContent = shown === rows.length
      ? "Showing all " + rows.length
      : "Showing " + shown + " of " + rows.length;
  }

  // Each pass re-lays out the table; on a large one, wait for a pause in typing first.
  var timer = null;
  var pause = rows.length > 2000 ? 150 : 0;
  function soon(event) {
    if (timer !== null) {
      clearTimeout(timer);
    }
    if (pause === 0 || event.target.tagName === "SELECT") {
      timer = null;
      apply();
    } else {
      timer = setTimeout(function () { timer = null; apply(); }, pause);
    }
  }

  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
}());
