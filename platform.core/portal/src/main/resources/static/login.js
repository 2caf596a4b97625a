/* Sign in: posts the form as JSON to the security module, then goes to the page that was asked. */
(function () {
  'use strict';
  var DGE = window.DGE;
  var form = document.getElementById('login-form');
  if (!DGE || !form) { return; }
  var message = document.getElementById('login-message');
  var button = form.querySelector('button[type="submit"]');

  function safeNext(next) {
    return typeof next === 'string' && /^\/(?![\/\\])/.test(next) && next.indexOf('/login') !== 0 ? next : '/';
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var username = form.elements.username.value.trim();
    var password = form.elements.password.value;
    if (!username || !password) {
      DGE.say(message, DGE.text('login.missing'), 'error');
      (username ? form.elements.password : form.elements.username).focus();
      return;
    }
    button.disabled = true;
    DGE.say(message, DGE.text('login.progress'), 'info');
    DGE.request('POST', '/api/auth/login', { json: { username: username, password: password } }).then(function (answer) {
      if (answer.ok) {
        window.location.assign(safeNext(form.getAttribute('data-next')));
        return;
      }
      button.disabled = false;
      var text;
      var detail = answer.json && typeof answer.json.detail === 'string' ? answer.json.detail : '';
      if (answer.status === 401 && /disabled/.test(detail)) {
        text = DGE.text('login.disabled');
      } else if (answer.status === 401 || answer.status === 400) {
        text = DGE.text('login.wrong');
        form.elements.password.value = '';
        form.elements.password.focus();
      } else if (answer.status === 429) {
        var wait = parseInt(answer.headers.get('Retry-After'), 10);
        text = wait > 0 ? DGE.text('login.tooMany', wait) : DGE.text('login.tooManyLater');
      } else if (answer.status === 404 || answer.status === 405 || answer.status === 503) {
        text = DGE.text('login.unavailable');
      } else {
        text = DGE.text('login.failed', answer.status);
      }
      DGE.say(message, text, 'error');
    }).catch(function () {
      button.disabled = false;
      DGE.say(message, DGE.text('network'), 'error');
    });
  });
}());
