// Progressive enhancement only: every feature works without this file.
(function () {
  var root = document.documentElement;
  var saved = null;
  try { saved = localStorage.getItem('theme'); } catch (e) {}
  if (saved === 'dark' || saved === 'light') root.setAttribute('data-theme', saved);
  document.addEventListener('DOMContentLoaded', function () {
    // Theme: follows the system until chosen; the button shows the current state and cycles
    // auto → light → dark.
    var label = function () {
      var state = root.getAttribute('data-theme') || 'auto';
      document.querySelectorAll('[data-theme-state]').forEach(function (el) { el.textContent = state; });
    };
    document.querySelectorAll('[data-theme-toggle]').forEach(function (toggle) {
      toggle.hidden = false;
      toggle.addEventListener('click', function () {
        var state = root.getAttribute('data-theme') || 'auto';
        var next = state === 'auto' ? 'light' : state === 'light' ? 'dark' : 'auto';
        if (next === 'auto') root.removeAttribute('data-theme');
        else root.setAttribute('data-theme', next);
        try {
          if (next === 'auto') localStorage.removeItem('theme');
          else localStorage.setItem('theme', next);
        } catch (e) {}
        label();
      });
    });
    label();
    // Copy buttons (BibTeX and the like): <button data-copy="#element-id">.
    document.querySelectorAll('[data-copy]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var source = document.querySelector(button.getAttribute('data-copy'));
        if (source && navigator.clipboard) navigator.clipboard.writeText(source.textContent || '').then(function () {
          button.textContent = 'Copied';
        });
      });
    });
  });
})();

// Upvotes in place: the form still works without this; with it the page does not reload.
document.addEventListener('submit', function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-upvote') || !window.fetch) return;
  event.preventDefault();
  var data = new FormData(form);
  var button = form.querySelector('button');
  if (button) button.disabled = true;
  fetch(form.action, {
    method: 'POST',
    headers: { Accept: 'application/json', 'X-CSRF-Token': String(data.get('_csrf')) },
    body: new URLSearchParams(data),
    credentials: 'same-origin',
  })
    .then(function (res) {
      if (!res.ok) throw new Error(String(res.status));
      return res.json();
    })
    .then(function (r) {
      form.querySelector('[data-upvote-count]').textContent = String(r.upvotes);
      form.querySelector('input[name=vote]').value = r.upvoted ? '0' : '1';
      if (button) {
        button.setAttribute('aria-pressed', r.upvoted ? 'true' : 'false');
        button.title = r.upvoted ? 'Remove your upvote' : 'Upvote';
      }
    })
    .catch(function () { form.submit(); })
    .finally(function () { if (button) button.disabled = false; });
});

// Instant search. The header box suggests papers as you type (arrow keys move, Enter opens,
// Escape closes); on /search the results below the form update as you type. Both debounce the
// keystrokes and abort the request a newer one replaces; without JavaScript both forms submit.
(function () {
  // Typeahead: the last word is taken as a prefix of its likely completions (src/search/suggest.ts).
  var SUGGEST_URL = '/api/search/suggest?limit=8&q=';
  var DEBOUNCE_MS = 60;

  function debounced(fn) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(fn, DEBOUNCE_MS); };
  }

  // "/" focuses the search box unless one is typing in a field already.
  document.addEventListener('keydown', function (event) {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = document.getElementById('q') || document.getElementById('site-search');
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  function setupSuggest(form) {
    var input = form.querySelector('input[name=q]');
    if (!input || !window.fetch) return;
    var list = document.createElement('ul');
    list.id = input.id + '-suggest';
    list.className = 'suggest';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Suggested papers');
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');
    var controller = null;
    var active = -1;

    function items() { return list.querySelectorAll('li'); }
    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }
    function highlight(i) {
      var all = items();
      if (!all.length) return;
      active = (i + all.length) % all.length;
      all.forEach(function (li, j) { li.setAttribute('aria-selected', j === active ? 'true' : 'false'); });
      input.setAttribute('aria-activedescendant', all[active].id);
      all[active].scrollIntoView({ block: 'nearest' });
    }
    function option(id, href, title, detail, extraClass) {
      var li = document.createElement('li');
      li.id = list.id + '-' + id;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.setAttribute('data-href', href);
      if (extraClass) li.className = extraClass;
      li.appendChild(document.createTextNode(title));
      if (detail) {
        var small = document.createElement('small');
        small.className = 'muted';
        small.textContent = detail;
        li.appendChild(small);
      }
      li.addEventListener('mousedown', function (e) { e.preventDefault(); location.href = href; });
      return li;
    }
    var update = debounced(function () {
      var q = input.value.trim();
      if (controller) controller.abort();
      if (q.length < 2) { close(); return; }
      controller = new AbortController();
      fetch(SUGGEST_URL + encodeURIComponent(q), { signal: controller.signal, headers: { Accept: 'application/json' } })
        .then(function (res) { if (!res.ok) throw new Error(String(res.status)); return res.json(); })
        .then(function (body) {
          var hits = body.suggestions || [];
          list.textContent = '';
          hits.forEach(function (h, i) {
            var year = h.publishedAt ? String(h.publishedAt).slice(0, 10) : '';
            var authors = (h.authors || []).slice(0, 3).join(', ');
            list.appendChild(option(i, '/papers/' + h.id, h.title, [authors, year].filter(Boolean).join(' · ')));
          });
          list.appendChild(option('all', '/search?q=' + encodeURIComponent(q), 'All results for “' + q + '”', '', 'all'));
          list.setAttribute('data-query', q);
          list.hidden = false;
          input.setAttribute('aria-expanded', 'true');
          active = -1;
        })
        .catch(function () {});
    });
    input.addEventListener('input', update);
    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (list.hidden) return;
        event.preventDefault();
        highlight(active + (event.key === 'ArrowDown' ? 1 : -1));
      } else if (event.key === 'Escape') {
        if (!list.hidden) { event.preventDefault(); close(); } else input.blur();
      } else if (event.key === 'Enter' && !list.hidden && active >= 0) {
        event.preventDefault();
        location.href = items()[active].getAttribute('data-href');
      }
    });
    input.addEventListener('blur', function () { setTimeout(close, 100); });
  }

  function setupLiveResults(form) {
    var results = document.getElementById('search-results');
    if (!results || !window.fetch || !window.DOMParser) return;
    var controller = null;
    var update = debounced(function () {
      var params = new URLSearchParams(new FormData(form));
      var url = form.action + '?' + params.toString();
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(url, { signal: controller.signal, headers: { Accept: 'text/html' } })
        .then(function (res) { return res.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, 'text/html');
          var fresh = doc.getElementById('search-results');
          if (!fresh) return;
          results.innerHTML = fresh.innerHTML;
          results.setAttribute('data-query', params.get('q') || '');
          history.replaceState(null, '', url);
        })
        .catch(function () {});
    });
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    form.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && event.target.name === 'q') { event.target.value = ''; update(); }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var live = document.querySelector('form[data-live-search]');
    if (live) setupLiveResults(live);
    document.querySelectorAll('form[data-instant-search]').forEach(function (form) {
      // On /search the page itself updates; the header box only suggests elsewhere.
      if (!live) setupSuggest(form);
    });
  });
})();
