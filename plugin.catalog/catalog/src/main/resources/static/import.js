// Import page: sends the chosen file to POST /catalog/api/records with the session's CSRF token, then shows the
// report file by file. Without scripts the page says that importing needs them.
(function () {
  'use strict';
  var form = document.getElementById('import-form');
  var status = document.getElementById('import-status');
  var result = document.getElementById('import-result');
  var csrf = null;
  function say(text, bad) {
    status.textContent = text;
    status.className = bad ? 'alerte' : '';
  }
  fetch('/api/auth/me', {credentials: 'same-origin'}).then(function (r) {
    if (r.status !== 200) { throw new Error('anonymous'); }
    return r.json();
  }).then(function (me) {
    csrf = me.csrfToken;
    var allowed = (me.roles || []).some(function (role) { return role === 'editor' || role === 'platform-admin'; });
    if (!allowed) {
      say('Votre compte (' + me.username + ') n\u2019a pas le rôle « éditeur » : il ne peut pas importer de fiches.', true);
      return;
    }
    form.hidden = false;
    say('Connecté en tant que ' + me.username + '.');
  }).catch(function () {
    say('Connectez-vous pour importer des fiches.', true);
    var a = document.getElementById('import-login');
    a.hidden = false;
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var file = document.getElementById('fichier').files[0];
    if (!file) { say('Choisissez d\u2019abord un fichier.', true); return; }
    var zip = /\.zip$/i.test(file.name);
    say('Envoi et lecture de « ' + file.name + ' » en cours…');
    result.innerHTML = '';
    fetch('/catalog/api/records?name=' + encodeURIComponent(file.name), {
      method: 'POST', credentials: 'same-origin', body: file,
      headers: {'Content-Type': zip ? 'application/zip' : 'application/xml', 'X-CSRF-Token': csrf || ''}
    }).then(function (r) {
      return r.json().then(function (body) { return {status: r.status, body: body}; });
    }).then(function (answer) {
      var b = answer.body;
      if (answer.status !== 200 && answer.status !== 422) {
        say('L\u2019import a échoué : ' + (b.detail || ('erreur ' + answer.status)), true);
        return;
      }
      say(b.imported + ' fiche(s) importée(s), ' + b.refused + ' fichier(s) refusé(s) sur ' + b.files + '.', b.imported === 0);
      var table = document.createElement('table');
      var head = table.insertRow();
      ['Fichier', 'Résultat', 'Détail'].forEach(function (t) { var th = document.createElement('th'); th.textContent = t; head.appendChild(th); });
      b.entries.forEach(function (e) {
        var row = table.insertRow();
        row.insertCell().textContent = e.file;
        row.insertCell().textContent = e.status === 'refused' ? 'refusé' : e.status === 'updated' ? 'mis à jour' : 'importé';
        var cell = row.insertCell();
        if (e.status === 'refused') {
          cell.textContent = e.reason;
        } else {
          e.identifiers.forEach(function (id, i) {
            var a = document.createElement('a');
            a.href = '/catalog/record?id=' + encodeURIComponent(id);
            a.textContent = id;
            if (i > 0) { cell.appendChild(document.createTextNode(', ')); }
            cell.appendChild(a);
          });
        }
      });
      result.appendChild(table);
    }).catch(function () { say('Le serveur ne répond pas. Réessayez.', true); });
  });
})();
