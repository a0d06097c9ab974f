/**
 * The HTML report's one script (hashed into its Content-Security-Policy): search, facet
 * filters, sorting, the group-by switch and the URL hash that keeps them, for links that open
 * the same view. Plain ES2017 working on the server-rendered DOM, so without it the page is
 * still complete (every group is a native <details>).
 *
 * Filtered-out items get the `hidden` attribute, which removes them for a screen reader as for
 * the eye; the live status line says how many are shown.
 */
export const SCRIPT = String.raw`
(function () {
  'use strict';
  var doc = document;
  var FACETS = ['severity', 'rule', 'category', 'scope', 'workspace'];
  var search = doc.getElementById('q');
  var sortSelect = doc.getElementById('sort');
  var status = doc.getElementById('status');
  var viewRadios = doc.querySelectorAll('input[name=view]');
  var views = { cause: doc.getElementById('by-cause'), package: doc.getElementById('by-package') };
  var compRows = [];
  var compStatus = doc.getElementById('components-status');
  var compSection = doc.getElementById('components');
  var compData = doc.getElementById('components-data');
  var CATEGORIES = (doc.getElementById('components-table') || { getAttribute: function () { return ''; } }).getAttribute('data-categories').split(' ');

  // Rows are made from the JSON block when the section is first opened (or printed).
  function ensureComponentRows() {
    if (compRows.length || !compData) return;
    var body = doc.querySelector('#components-table tbody');
    var fragment = doc.createDocumentFragment();
    JSON.parse(compData.textContent).forEach(function (c, i) {
      var row = doc.createElement('tr');
      var license = doc.createElement('code');
      license.textContent = c[3];
      [c[0] + ':' + c[1], c[2], license, c[4], c[5] + (c[6] ? ', direct' : '')].forEach(function (value) {
        var cell = doc.createElement('td');
        if (typeof value === 'string') cell.textContent = value; else cell.appendChild(value);
        row.appendChild(cell);
      });
      row.setAttribute('data-index', String(i));
      row.setAttribute('data-name', c[1].toLowerCase());
      row.setAttribute('data-license', c[3].toLowerCase());
      row.setAttribute('data-category', c[4]);
      row.setAttribute('data-category-order', String(CATEGORIES.indexOf(c[4]) + 10));
      row.setAttribute('data-scope', c[5]);
      row.setAttribute('data-text', (c[1] + ' ' + c[2] + ' ' + c[3] + ' ' + c[0]).toLowerCase());
      fragment.appendChild(row);
      compRows.push(row);
    });
    body.appendChild(fragment);
    lastCompKey = null;
  }
  if (compSection) compSection.addEventListener('toggle', function () { if (compSection.open) { ensureComponentRows(); update(); } });

  function boxes(facet) { return Array.prototype.slice.call(doc.querySelectorAll('input[data-facet="' + facet + '"]')); }

  function readState() {
    var state = { q: search.value.trim().toLowerCase(), sort: sortSelect.value, view: 'cause', facets: {} };
    for (var i = 0; i < viewRadios.length; i++) if (viewRadios[i].checked) state.view = viewRadios[i].value;
    FACETS.forEach(function (facet) {
      var all = boxes(facet);
      var on = all.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      state.facets[facet] = on.length === all.length ? null : on;
    });
    return state;
  }

  function writeHash(state) {
    var parts = [];
    if (state.q) parts.push('q=' + encodeURIComponent(state.q));
    FACETS.forEach(function (facet) {
      var on = state.facets[facet];
      if (on) parts.push(facet + '=' + on.map(encodeURIComponent).join(','));
    });
    if (state.sort !== 'severity') parts.push('sort=' + state.sort);
    if (state.view !== 'cause') parts.push('view=' + state.view);
    var hash = parts.length ? '#' + parts.join('&') : ' ';
    if (location.hash !== hash.trim()) history.replaceState(null, '', hash.trim() || location.pathname + location.search);
  }

  function applyHash() {
    var params = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      var eq = kv.indexOf('=');
      if (eq > 0) params[kv.slice(0, eq)] = kv.slice(eq + 1);
    });
    search.value = params.q ? decodeURIComponent(params.q) : '';
    FACETS.forEach(function (facet) {
      var list = params[facet] === undefined ? null : params[facet].split(',').map(decodeURIComponent);
      boxes(facet).forEach(function (b) { b.checked = !list || list.indexOf(b.value) >= 0; });
    });
    sortSelect.value = params.sort && sortSelect.querySelector('option[value="' + params.sort + '"]') ? params.sort : 'severity';
    for (var i = 0; i < viewRadios.length; i++) viewRadios[i].checked = viewRadios[i].value === (params.view === 'package' ? 'package' : 'cause');
  }

  function passes(el, state, facets) {
    for (var i = 0; i < facets.length; i++) {
      var on = state.facets[facets[i]];
      var value = el.getAttribute('data-' + facets[i]);
      if (on && value && on.indexOf(value) < 0) return false;
    }
    return !state.q || el.getAttribute('data-text').indexOf(state.q) >= 0;
  }

  var ORDER = {
    severity: function (a, b) { return num(a, 'index') - num(b, 'index'); },
    package: function (a, b) { return cmp(a.getAttribute('data-name'), b.getAttribute('data-name')) || num(a, 'index') - num(b, 'index'); },
    rule: function (a, b) { return cmp(a.getAttribute('data-rule-order'), b.getAttribute('data-rule-order')) || num(a, 'index') - num(b, 'index'); },
    count: function (a, b) { return num(b, 'count') - num(a, 'count') || num(a, 'index') - num(b, 'index'); }
  };
  function num(el, name) { return Number(el.getAttribute('data-' + name)); }
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  var lastCompKey = JSON.stringify(['', null, null]);
  var lastOrder = 'severity';

  function update() {
    var state = readState();
    writeHash(state);
    var shown = 0, total = 0;
    Object.keys(views).forEach(function (name) {
      var view = views[name];
      if (!view) return;
      view.hidden = name !== state.view;
      var groups = Array.prototype.slice.call(view.querySelectorAll('details.group'));
      groups.forEach(function (group) {
        var visible = 0;
        var items = group.querySelectorAll('[data-item]');
        for (var i = 0; i < items.length; i++) {
          var ok = passes(items[i], state, FACETS);
          items[i].hidden = !ok;
          if (ok) visible++;
        }
        group.hidden = visible === 0;
        var count = group.querySelector('.visible-count');
        if (count) count.textContent = visible === items.length ? '' : visible + ' of ' + items.length + ' shown';
        if (name === state.view) { total += items.length; shown += visible; }
      });
      if (state.sort !== lastOrder) groups.sort(ORDER[state.sort] || ORDER.severity).forEach(function (g) { g.parentNode.appendChild(g); });
    });
    lastOrder = state.sort;
    status.textContent = shown === total ? 'Showing all ' + total + ' findings.' : 'Showing ' + shown + ' of ' + total + ' findings.';
    // 2,500 rows: touched only when their filter changed, not on every keystroke elsewhere.
    var compKey = JSON.stringify([state.q, state.facets.category, state.facets.scope]);
    if (!compRows.length || compKey === lastCompKey) return;
    lastCompKey = compKey;
    var compShown = 0;
    compRows.forEach(function (row) {
      var ok = passes(row, state, ['category', 'scope']);
      row.hidden = !ok;
      if (ok) compShown++;
    });
    if (compStatus) compStatus.textContent = compShown === compRows.length ? compRows.length + ' components' : compShown + ' of ' + compRows.length + ' components match';
  }

  var timer;
  search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(update, 120); });
  doc.getElementById('filters').addEventListener('change', update);
  doc.getElementById('filters').addEventListener('submit', function (e) { e.preventDefault(); update(); });
  doc.getElementById('reset').addEventListener('click', function () { history.replaceState(null, '', location.pathname + location.search); applyHash(); update(); });
  window.addEventListener('hashchange', function () { applyHash(); update(); });

  // Sortable component table: one button per column header, aria-sort says the order.
  Array.prototype.slice.call(doc.querySelectorAll('#components-table th button')).forEach(function (button) {
    button.addEventListener('click', function () {
      var th = button.parentNode;
      var key = button.getAttribute('data-key');
      var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      Array.prototype.slice.call(th.parentNode.children).forEach(function (other) { other.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir);
      var sign = dir === 'ascending' ? 1 : -1;
      var body = doc.querySelector('#components-table tbody');
      compRows.sort(function (a, b) { return sign * (cmp(a.getAttribute('data-' + key), b.getAttribute('data-' + key)) || num(a, 'index') - num(b, 'index')); });
      compRows.forEach(function (row) { body.appendChild(row); });
    });
  });

  // Printing shows every explanation, not only the groups someone opened.
  window.addEventListener('beforeprint', function () {
    ensureComponentRows();
    update();
    Array.prototype.slice.call(doc.querySelectorAll('details')).forEach(function (d) { if (!d.open) { d.open = true; d.setAttribute('data-print-opened', ''); } });
  });
  window.addEventListener('afterprint', function () {
    Array.prototype.slice.call(doc.querySelectorAll('details[data-print-opened]')).forEach(function (d) { d.open = false; d.removeAttribute('data-print-opened'); });
  });

  // The page is rendered in its default view: only a shared link's hash needs work at load.
  if (location.hash.length > 1) { applyHash(); update(); }
  // Milliseconds from the start of navigation to an interactive page, for the browser tests.
  doc.documentElement.setAttribute('data-ready', String(Math.round(performance.now())));
})();
`.trim();
