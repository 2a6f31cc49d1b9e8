/* Lytt draft keeper: optional. Keeps what a carer has typed in this phone's own
 * storage, so a closed tab or a lost connection does not lose it; the draft never
 * leaves the phone, expires a day after its last change, and never holds the
 * invitation code (nor any "_" field but _unit). Also hides questions whose
 * condition is not met. The form works the same without it. */
(function () {
  'use strict';
  var PREFIX = 'lytt-draft:', DAY = 24 * 60 * 60 * 1000;
  var body = document.body;
  var store;
  try { store = window.localStorage; store.getItem('x'); } catch (e) { store = null; }

  /* A draft is {expires: ms, fields: {...}}: its fields while fresh, else null. */
  function fresh(raw) {
    var d;
    try { d = JSON.parse(raw || 'null'); } catch (e) { return null; }
    var now = Date.now();
    if (!d || typeof d.expires !== 'number' || !d.fields || typeof d.fields !== 'object') return null;
    return d.expires > now && d.expires <= now + DAY ? d.fields : null;
  }
  function kept(name) { return name.charAt(0) !== '_' || name === '_unit'; }

  /* Every page drops the expired drafts of every survey; the thank-you page also
   * those of its survey. */
  var clear = body.getAttribute('data-clear-draft');
  for (var i = store ? store.length - 1 : -1; i >= 0; i--) {
    var k = store.key(i);
    if (k && k.indexOf(PREFIX) === 0 &&
        (!fresh(store.getItem(k)) || (clear && k.indexOf(PREFIX + clear) === 0))) store.removeItem(k);
  }
  if (clear) return;
  var form = document.getElementById('survey');
  if (!form) return;
  var key = PREFIX + body.getAttribute('data-draft');

  function fields() { return form.querySelectorAll('input[name],textarea[name]'); }
  function hasAnswers() {
    var f = fields();
    for (var i = 0; i < f.length; i++) {
      var el = f[i];
      if (!kept(el.name)) continue;
      if ((el.type === 'radio' || el.type === 'checkbox') ? el.checked : el.value !== '') return true;
    }
    return false;
  }
  function save() {
    if (!store) return;
    var data = {}, f = fields();
    for (var i = 0; i < f.length; i++) {
      var el = f[i];
      if (!kept(el.name)) continue;
      if (el.type === 'radio' || el.type === 'checkbox') {
        if (el.checked) (data[el.name] = data[el.name] || []).push(el.value);
      } else if (el.value !== '') data[el.name] = [el.value];
    }
    var draft = { expires: Date.now() + DAY, fields: data };
    try { store.setItem(key, JSON.stringify(draft)); } catch (e) { /* full: the server keeps answers too */ }
  }
  function restore() {
    if (!store || hasAnswers()) return; /* answers from the server win */
    var data = fresh(store.getItem(key));
    if (!data) return;
    var f = fields();
    for (var i = 0; i < f.length; i++) {
      var el = f[i], v = data[el.name];
      if (!Array.isArray(v) || !kept(el.name)) continue;
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
