/* KLS-webb (staff site): mark a page overdue when the reader's today is past data-revideras. */
(function () {
  function mark() {
    var s = document.querySelector(".kls-meta[data-revideras]"), due = s && s.dataset.revideras;
    if (!due || document.querySelector(".kls-upphavd")) return;
    var p = due.split("-"), n = new Date();
    var days = Math.round((Date.UTC(n.getFullYear(), n.getMonth(), n.getDate()) - Date.UTC(+p[0], p[1] - 1, +p[2])) / 864e5);
    if (!(days > 0)) return;
    var m = s.querySelector(".kls-forsenad");
    if (!m) {
      var t = s.querySelectorAll('time[datetime="' + due + '"]'), dd = t.length ? t[t.length - 1].parentNode : s;
      m = document.createElement("strong");
      m.className = "kls-forsenad";
      dd.append(" ", m);
    }
    m.textContent = "Revision f\u00f6rsenad (" + days + (days === 1 ? " dag)" : " dagar)");
  }
  if (window.document$ && document$.subscribe) document$.subscribe(mark); else mark();
})();
