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
