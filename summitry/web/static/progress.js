// Follows an ingest job without reloading the page (the page refreshes itself when scripts are off).
(function () {
  var box = document.querySelector(".job");
  if (!box) return;
  var id = box.getAttribute("data-job");
  function set(name, value) {
    var el = box.querySelector('[data-field="' + name + '"]');
    if (el) el.textContent = value;
  }
  function poll() {
    fetch("/api/ingest/" + encodeURIComponent(id)).then(function (r) { return r.json(); }).then(function (job) {
      ["status", "pages", "added", "updated", "unchanged", "turns"].forEach(function (k) { set(k, job[k]); });
      var bar = box.querySelector("progress");
      if (bar) { bar.max = job.pages_total || 1; bar.value = job.pages; }
      if (job.status === "queued" || job.status === "running") setTimeout(poll, 700);
      else window.location.reload();
    }).catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 500);
})();
