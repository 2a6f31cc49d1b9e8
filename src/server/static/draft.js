/* Lytt draft keeper: optional. Keeps what a carer has typed in this phone's own
 * storage, so a closed tab or a lost connection does not lose it; the draft never
 * leaves the phone. Also hides questions whose condition is not met. The form
 * works the same without it. */
(function () {
  'use strict';
  var body = document.body;
  var store;
  try { store = window.localStorage; store.getItem('x'); } catch (e) { store = null; }

  var clear = body.getAttribute('data-clear-draft');
  if (clear && store) {
    for (var i = store.length - 1; i >= 0; i--) {
      var k = store.key(i);
      if (k && k.indexOf('lytt-draft:' + clear) === 0) store.removeItem(k);
    }
    return;
  }
  var form = document.getElementById('survey');
  if (!form) return;
  var key = 'lytt-draft:' + body.getAttribute('data-draft');

  function fields() { return form.querySelectorAll('input[name],textarea[name]'); }
  function hasAnswers() {
    var f = fields();
    for (var i = 0; i < f.length; i++) {
      var el = f[i];
      if (el.name.charAt(0) === '_' && el.name !== '_unit') continue;
      if ((el.type === 'radio' || el.type === 'checkbox') ? el.checked : el.value !== '') return true;
    }
    return false;
  }
  function save() {
    if (!store) return;
    var data = {}, f = fields();
    for (var i = 0; i < f.length; i++) {
      var el = f[i];
      if (el.type === 'radio' || el.type === 'checkbox') {
        if (el.checked) (data[el.name] = data[el.name] || []).push(el.value);
      } else if (el.value !== '') data[el.name] = [el.value];
    }
    try { store.setItem(key, JSON.stringify(data)); } catch (e) { /* full: the server keeps answers too */ }
  }
  function restore() {
    if (!store || hasAnswers()) return; /* answers from the server win */
    var data;
    try { data = JSON.parse(store.getItem(key) || 'null'); } catch (e) { data = null; }
    if (!data) return;
    var f = fields();
    for (var i = 0; i < f.length; i++) {
      var el = f[i], v = data[el.name];
      if (!v) continue;
      if (el.type === 'radio' || el.type === 'checkbox') el.checked = v.indexOf(el.value) >= 0;
      else el.value = v[0];
    }
  }
  function conditions() {
    var qs = form.querySelectorAll('[data-if]');
    for (var i = 0; i < qs.length; i++) {
      var q = qs[i], name = q.getAttribute('data-if');
      var want = q.getAttribute('data-if-values').split(' ');
      var on = false, f = form.querySelectorAll('[name="' + name + '"]');
      for (var j = 0; j < f.length; j++) {
        var el = f[j];
        var val = (el.type === 'radio' || el.type === 'checkbox') ? (el.checked ? el.value : null) : el.value;
        if (val !== null && want.indexOf(val) >= 0) on = true;
      }
      var hint = q.querySelector('.cond');
      if (hint) hint.hidden = true;
      q.hidden = !on;
    }
  }
  restore();
  conditions();
  form.addEventListener('input', function () { save(); conditions(); });
  form.addEventListener('change', function () { save(); conditions(); });
})();
