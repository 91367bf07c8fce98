// Progressive enhancement only: every feature works without this file.
(function () {
  var root = document.documentElement;
  var saved = null;
  try { saved = localStorage.getItem('theme'); } catch (e) {}
  if (saved === 'dark' || saved === 'light') root.setAttribute('data-theme', saved);
  document.addEventListener('DOMContentLoaded', function () {
    var toggle = document.querySelector('[data-theme-toggle]');
    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener('click', function () {
        var dark = root.getAttribute('data-theme')
          ? root.getAttribute('data-theme') === 'dark'
          : window.matchMedia('(prefers-color-scheme: dark)').matches;
        var next = dark ? 'light' : 'dark';
        root.setAttribute('data-theme', next);
        try { localStorage.setItem('theme', next); } catch (e) {}
      });
    }
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
