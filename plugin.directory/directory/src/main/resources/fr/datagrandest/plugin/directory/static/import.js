// Import page: preview (dry run), import, and decisions on merge proposals, through the directory's REST API.
(function () {
  'use strict';
  var form = document.getElementById('import');
  var applyButton = document.getElementById('apply');
  var progress = document.getElementById('progress');
  var result = document.getElementById('result');
  var proposals = document.getElementById('proposals');
  var csrf = null;

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }

  function token() {
    if (csrf) { return Promise.resolve(csrf); }
    return fetch('/api/auth/me', {credentials: 'same-origin'}).then(function (r) {
      return r.ok ? r.json() : {};
    }).then(function (me) { csrf = me.csrfToken || ''; return csrf; });
  }

  function query(dryRun) {
    var file = document.getElementById('file').files[0];
    var params = ['fileName=' + encodeURIComponent(file.name), 'college=' + encodeURIComponent(document.getElementById('college').value)];
    if (dryRun) { params.push('dryRun=true'); }
    document.getElementById('mapping').value.split('\n').forEach(function (line) {
      if (line.trim()) { params.push('map=' + encodeURIComponent(line.trim())); }
    });
    return '/directory/api/imports?' + params.join('&');
  }

  function send(dryRun) {
    var file = document.getElementById('file').files[0];
    if (!file) { return; }
    applyButton.disabled = true;
    token().then(function (t) {
      var xhr = new XMLHttpRequest();
      xhr.open('POST', query(dryRun));
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      if (t) { xhr.setRequestHeader('X-CSRF-Token', t); }
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) {
          progress.innerHTML = 'Envoi du fichier : <progress max="100" value="' + Math.round(100 * e.loaded / e.total) + '"></progress>';
        }
      };
      xhr.upload.onload = function () { progress.textContent = 'Analyse du fichier et recherche des doublons…'; };
      xhr.onload = function () {
        var body;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = {detail: xhr.responseText}; }
        if (xhr.status >= 400) {
          progress.textContent = '';
          result.innerHTML = '<p class="warn" role="alert">Refusé (' + xhr.status + ') : ' + esc(body.detail || body.title) + '</p>';
          return;
        }
        progress.textContent = dryRun ? 'Aperçu prêt : rien n\'a été écrit.' : 'Import terminé.';
        show(body);
        applyButton.disabled = !dryRun;
        if (!dryRun) { loadProposals(); }
      };
      xhr.onerror = function () { progress.textContent = 'Le serveur ne répond pas.'; };
      xhr.send(file);
    });
  }

  function show(r) {
    var html = '<h2>' + (r.dryRun ? 'Aperçu' : 'Rapport d\'import') + '</h2><p>' + esc(r.summary) + '</p>' +
      '<p>Format : ' + esc(r.format) + ', encodage : ' + esc(r.encoding) + (r.delimiter ? ', séparateur « ' + esc(r.delimiter) + ' »' : '') + '</p>' +
      '<table><caption>Colonnes</caption><thead><tr><th scope="col">Colonne du fichier</th><th scope="col">Champ</th></tr></thead><tbody>' +
      r.columns.map(function (c) { return '<tr><td>' + esc(c.header) + '</td><td>' + (c.field === 'ignore' ? '<span class="warn">ignorée</span>' : esc(c.field)) + '</td></tr>'; }).join('') +
      '</tbody></table>';
    if (r.flagged.length) {
      html += '<table><caption>Valeurs à corriger (les lignes sont gardées)</caption><thead><tr><th scope="col">Ligne</th><th scope="col">Champ</th><th scope="col">Valeur</th><th scope="col">Problème</th></tr></thead><tbody>' +
        r.flagged.map(function (f) { return '<tr><td>' + f.row + '</td><td>' + esc(f.field) + '</td><td>' + esc(f.value) + '</td><td>' + esc(f.problem) + '</td></tr>'; }).join('') + '</tbody></table>';
    }
    if (r.duplicates.length) {
      html += '<table><caption>Doublons</caption><thead><tr><th scope="col">Ligne</th><th scope="col">Motif</th><th scope="col">Fiche importée</th><th scope="col">Fiche existante</th><th scope="col">Différences</th></tr></thead><tbody>' +
        r.duplicates.map(function (d) {
          return '<tr><td>' + d.row + '</td><td>' + esc(d.reason) + '</td><td>' + esc(d.incoming) + '</td><td>' +
            esc(d.existingName || d.existingOrganisation || (d.sameAsRow ? 'ligne ' + d.sameAsRow : '')) + '</td><td>' +
            esc(JSON.stringify(d.differences)) + '</td></tr>';
        }).join('') + '</tbody></table>';
    }
    if (r.errors.length) {
      html += '<table><caption>Lignes non importées</caption><tbody>' +
        r.errors.map(function (e) { return '<tr><td>' + e.row + '</td><td>' + esc(e.problem) + '</td></tr>'; }).join('') + '</tbody></table>';
    }
    if (r.skipped && r.skipped.length) {
      html += '<table><caption>Lignes ignorées : personnes effacées à leur demande (RGPD)</caption><tbody>' +
        r.skipped.map(function (e) { return '<tr><td>' + e.row + '</td><td>effacée à sa demande</td></tr>'; }).join('') + '</tbody></table>';
    }
    result.innerHTML = html;
  }

  function loadProposals() {
    fetch('/directory/api/imports/proposals?status=pending', {credentials: 'same-origin'}).then(function (r) {
      return r.ok ? r.json() : [];
    }).then(function (list) {
      if (!list.length) { proposals.innerHTML = '<p>Aucune proposition en attente.</p>'; return; }
      proposals.innerHTML = '<table><thead><tr><th scope="col">Motif</th><th scope="col">Fiche existante</th><th scope="col">Ligne importée</th><th scope="col">Décision</th></tr></thead><tbody>' +
        list.map(function (p) {
          var i = p.incoming;
          return '<tr><td>' + esc(p.reason) + '</td><td>' + esc(p.personName || '') + '</td><td>' +
            esc([i.firstName, i.lastName, i.email, i.phone, i.organisation].filter(Boolean).join(' · ')) + '</td><td>' +
            '<button data-id="' + p.id + '" data-do="accept">Fusionner</button> <button class="secondary" data-id="' + p.id + '" data-do="reject">Garder séparé</button></td></tr>';
        }).join('') + '</tbody></table>';
    });
  }

  proposals.addEventListener('click', function (e) {
    var b = e.target.closest('button[data-id]');
    if (!b) { return; }
    token().then(function (t) {
      return fetch('/directory/api/imports/proposals/' + b.dataset.id + '/' + b.dataset.do, {
        method: 'POST', credentials: 'same-origin', headers: t ? {'X-CSRF-Token': t} : {}
      });
    }).then(loadProposals);
  });

  form.addEventListener('submit', function (e) { e.preventDefault(); send(true); });
  applyButton.addEventListener('click', function () { send(false); });
  loadProposals();
}());
