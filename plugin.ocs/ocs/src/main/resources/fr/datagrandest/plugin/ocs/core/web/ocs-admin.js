/* OCS GE page: deleting a vintage (platform administrators). Asks for confirmation, then sends
 * DELETE /ocs/api/vintages/{departement}/{millesime} with the session's CSRF token (X-CSRF-Token, read from
 * GET /api/auth/me) when the security module runs. No library, works offline. */
(function () {
  'use strict';
  var status = document.getElementById('delete-status');

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function csrfToken() {
    return fetch('/api/auth/me', {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (me) { return me && me.csrfToken ? me.csrfToken : null; })
      .catch(function () { return null; });
  }

  function remove(button) {
    var dep = button.getAttribute('data-departement');
    var year = button.getAttribute('data-millesime');
    if (!window.confirm('Supprimer le millésime ' + year + ' du département ' + dep + ' ? Ses polygones, surfaces'
        + ' et flux seront effacés et les flux des autres millésimes recalculés. Cette action est définitive.')) {
      return;
    }
    button.disabled = true;
    say('Suppression du millésime ' + year + ' (' + dep + ') en cours…');
    csrfToken().then(function (token) {
      var headers = {'Accept': 'application/json'};
      if (token) {
        headers['X-CSRF-Token'] = token;
      }
      return fetch('/ocs/api/vintages/' + encodeURIComponent(dep) + '/' + encodeURIComponent(year),
        {method: 'DELETE', credentials: 'same-origin', headers: headers});
    }).then(function (r) {
      if (r.ok) {
        window.location.reload();
        return null;
      }
      return r.json().catch(function () { return {}; }).then(function (problem) {
        button.disabled = false;
        say('Suppression refusée (' + r.status + ') : ' + (problem.detail || problem.title || r.statusText));
      });
    }).catch(function (e) {
      button.disabled = false;
      say('Suppression impossible : ' + e);
    });
  }

  document.querySelectorAll('button.delete-vintage').forEach(function (button) {
    button.addEventListener('click', function () { remove(button); });
  });
}());
