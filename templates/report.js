// copylint report: draws the findings table from the JSON embedded in the page, one page
// of rows at a time, and keeps the filters in the address's #fragment (so a filtered view
// can be bookmarked and the Back button undoes a filter). Text from documents is only
// ever put into the page as text nodes (textContent), never parsed as HTML.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('copylint-data').textContent);
  var STATUS = ['open', 'baseline', 'waiver', 'inline'];
  var STATUS_LABEL = ['open', 'baselined', 'waived', 'suppressed by a comment'];
  var SEVERITY = ['error', 'warning', 'note'];
  // Finding fields (see report_html.rs): file, line, column, location, rule, severity,
  // before, matched, after, suggestion, status, note, fingerprint.
  var F = { file: 0, line: 1, column: 2, location: 3, rule: 4, severity: 5, before: 6,
    matched: 7, after: 8, suggestion: 9, status: 10, note: 11, fingerprint: 12 };
  var KEYS = ['rule', 'folder', 'severity', 'status', 'q', 'page'];

  function $(id) { return document.getElementById(id); }
  var controls = { rule: $('f-rule'), folder: $('f-folder'), severity: $('f-severity'),
    status: $('f-status'), q: $('f-q') };
  var body = $('findings-body');
  var size = $('p-size');

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function option(select, value, label) {
    var node = el('option', null, label);
    node.value = value;
    select.appendChild(node);
  }

  // Filter choices, with counts, most findings first.
  function fill(select, names, indexOf) {
    var counts = names.map(function () { return 0; });
    data.findings.forEach(function (f) { counts[indexOf(f)] += 1; });
    names.map(function (name, i) { return [name, counts[i]]; })
      .sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); })
      .forEach(function (pair) { option(select, pair[0], pair[0] + ' (' + pair[1] + ')'); });
  }
  fill(controls.rule, data.rules.map(function (r) { return r.id; }),
    function (f) { return f[F.rule]; });
  fill(controls.folder, data.folders, function (f) { return data.files[f[F.file]].folder; });

  function readState() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    var state = {};
    KEYS.forEach(function (k) { state[k] = params.get(k) || ''; });
    state.page = Math.max(1, parseInt(state.page, 10) || 1);
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams();
    KEYS.forEach(function (k) {
      if (state[k] && !(k === 'page' && state[k] === 1)) { params.set(k, state[k]); }
    });
    var hash = params.toString();
    if (hash !== location.hash.replace(/^#/, '')) {
      location.hash = hash;  // hashchange draws the table
    } else {
      draw();
    }
  }

  function fromControls(page) {
    var state = { page: page || 1 };
    Object.keys(controls).forEach(function (k) { state[k] = controls[k].value.trim(); });
    return state;
  }

  function matches(state) {
    var rule = -1, folder = -1, severity = SEVERITY.indexOf(state.severity);
    data.rules.forEach(function (r, i) { if (r.id === state.rule) { rule = i; } });
    folder = data.folders.indexOf(state.folder);
    var status = STATUS.indexOf(state.status);
    var q = state.q.toLowerCase();
    return function (f) {
      if (state.rule && f[F.rule] !== rule) { return false; }
      if (state.folder && data.files[f[F.file]].folder !== folder) { return false; }
      if (state.severity && f[F.severity] !== severity) { return false; }
      if (state.status === 'accepted') {
        if (f[F.status] === 0) { return false; }
      } else if (state.status && f[F.status] !== status) { return false; }
      if (q) {
        var text = (data.files[f[F.file]].path + ' ' + f[F.before] + f[F.matched] +
          f[F.after]).toLowerCase();
        if (text.indexOf(q) < 0) { return false; }
      }
      return true;
    };
  }

  function encodePath(path) {
    return path.split('/').map(encodeURIComponent).join('/');
  }

  function row(f) {
    var file = data.files[f[F.file]];
    var tr = el('tr');
    tr.dataset.rule = data.rules[f[F.rule]].id;
    tr.dataset.folder = data.folders[file.folder];
    tr.dataset.status = STATUS[f[F.status]];

    var where = el('td');
    var link = el('a', 'file-link', file.path + (f[F.location] ? '' : ':' + f[F.line]));
    var href = data.linkBase + encodePath(file.href);
    if (data.linkBase && !f[F.location]) { href += '#L' + f[F.line]; }
    link.href = href;
    where.appendChild(link);
    if (f[F.location]) {
      where.appendChild(el('span', 'loc', f[F.location] + ', line ' + f[F.line]));
    }
    tr.appendChild(where);

    var rule = el('td');
    rule.appendChild(el('span', 'sev sev-' + SEVERITY[f[F.severity]], SEVERITY[f[F.severity]]));
    rule.appendChild(document.createTextNode(' '));
    rule.appendChild(el('code', null, data.rules[f[F.rule]].id));
    tr.appendChild(rule);

    var sentence = el('td', 'sentence');
    sentence.appendChild(document.createTextNode(f[F.before]));
    if (f[F.matched]) { sentence.appendChild(el('mark', null, f[F.matched])); }
    sentence.appendChild(document.createTextNode(f[F.after]));
    tr.appendChild(sentence);

    tr.appendChild(f[F.suggestion] ? el('td', 'rewrite', f[F.suggestion]) : el('td', null, '—'));

    var status = el('td');
    status.appendChild(el('span', 'status-' + STATUS[f[F.status]], STATUS_LABEL[f[F.status]]));
    if (f[F.note]) { status.appendChild(el('span', 'status-note', f[F.note])); }
    status.title = 'fingerprint ' + f[F.fingerprint];
    tr.appendChild(status);
    return tr;
  }

  var shown = [];
  function draw() {
    var state = readState();
    Object.keys(controls).forEach(function (k) {
      var value = state[k];
      if (controls[k].tagName === 'SELECT' &&
          !Array.prototype.some.call(controls[k].options, function (o) { return o.value === value; })) {
        value = '';
      }
      controls[k].value = value;
    });
    var test = matches(state);
    shown = [];
    for (var i = 0; i < data.findings.length; i += 1) {
      if (test(data.findings[i])) { shown.push(i); }
    }
    var per = parseInt(size.value, 10) || 50;
    var pages = Math.max(1, Math.ceil(shown.length / per));
    var page = Math.min(state.page, pages);
    var start = (page - 1) * per;
    var slice = shown.slice(start, start + per);
    var fragment = document.createDocumentFragment();
    slice.forEach(function (i) { fragment.appendChild(row(data.findings[i])); });
    body.replaceChildren(fragment);

    var count = $('findings-count');
    count.dataset.shown = String(shown.length);
    count.dataset.page = String(page);
    count.textContent = shown.length === 0 ? 'No finding matches the filters.' :
      'Showing ' + (start + 1) + '–' + (start + slice.length) + ' of ' + shown.length +
      ' finding' + (shown.length === 1 ? '' : 's') +
      (shown.length < data.findings.length ? ' (filtered from ' + data.findings.length + ')' : '') + '.';
    $('p-label').textContent = 'page ' + page + ' of ' + pages;
    $('p-first').disabled = $('p-prev').disabled = page <= 1;
    $('p-next').disabled = $('p-last').disabled = page >= pages;
    pager.page = page;
    pager.pages = pages;
    document.body.dataset.ready = 'true';
  }
  var pager = { page: 1, pages: 1 };

  Object.keys(controls).forEach(function (k) {
    controls[k].addEventListener(k === 'q' ? 'input' : 'change', function () {
      writeState(fromControls(1));
    });
  });
  $('filters').addEventListener('submit', function (e) { e.preventDefault(); });
  $('f-reset').addEventListener('click', function () { writeState({ page: 1 }); });
  size.addEventListener('change', function () { writeState(fromControls(1)); });
  function go(page) { writeState(fromControls(page)); }
  $('p-first').addEventListener('click', function () { go(1); });
  $('p-prev').addEventListener('click', function () { go(pager.page - 1); });
  $('p-next').addEventListener('click', function () { go(pager.page + 1); });
  $('p-last').addEventListener('click', function () { go(pager.pages); });
  // A chart bar is a link to '#rule=...': show the table it filters.
  Array.prototype.forEach.call(document.querySelectorAll('.chart .bar'), function (bar) {
    bar.addEventListener('click', function () {
      window.setTimeout(function () { $('findings').scrollIntoView(); }, 0);
    });
  });
  window.addEventListener('hashchange', draw);
  draw();
  if (window.performance && performance.mark) { performance.mark('copylint-table-drawn'); }
}());
