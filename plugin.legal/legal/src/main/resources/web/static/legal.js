/* Ressources juridiques : scripts of the pages under /legal. Plain JavaScript, no framework, no CDN. */
(function () {
  'use strict';
  var API = '/legal/api';
  var csrf = null;
  var me = null;

  function esc(s) {
    return String(s == null ? '' : s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }
  function $(id) { return document.getElementById(id); }
  function problem(response) {
    return response.json().then(function (p) { return p.detail || p.title || ('Erreur ' + response.status); },
      function () { return 'Erreur ' + response.status; });
  }
  function getJson(path) {
    return fetch(API + path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) { return problem(r).then(function (m) { throw new Error(m); }); }
      return r.json();
    });
  }
  function send(method, path, body, type) {
    var headers = { Accept: 'application/json' };
    headers['Content-Type'] = type || 'application/json';
    if (csrf) { headers['X-CSRF-Token'] = csrf; }
    return fetch(API + path, { method: method, credentials: 'same-origin', headers: headers,
      body: type ? body : JSON.stringify(body) });
  }
  function message(el, text, error) {
    el.innerHTML = text ? '<p class="message' + (error ? ' erreur' : '') + '" role="' + (error ? 'alert' : 'status') + '">' + esc(text) + '</p>' : '';
  }
  var KINDS = { guide: 'Guide', fiche: 'Fiche pratique', modele: 'Modèle', decision: 'Décision', texte: 'Texte de loi' };
  var STATUS = { draft: 'Brouillon', published: 'Publié', archived: 'Archivé' };
  var DIMENSIONS = { kind: 'Type', theme: 'Thème', audience: 'Public', year: 'Année', status: 'État' };

  function account() {
    return fetch('/api/auth/me', { credentials: 'same-origin' }).then(function (r) {
      return r.ok ? r.json() : null;
    }, function () { return null; }).then(function (who) {
      me = who;
      csrf = who && who.csrfToken;
      var box = $('compte');
      if (box) {
        box.innerHTML = who ? 'Connecté : ' + esc(who.username)
          : '<a href="/login?next=' + encodeURIComponent(location.pathname + location.search) + '">Se connecter</a>';
      }
      return who;
    });
  }

  // ----- Library
  function library() {
    var params = new URLSearchParams(location.search);
    $('q').value = params.get('q') || '';
    $('form-recherche').addEventListener('submit', function (e) {
      e.preventDefault();
      var p = new URLSearchParams();
      if ($('q').value.trim()) { p.set('q', $('q').value.trim()); }
      history.pushState(null, '', '/legal' + (p.toString() ? '?' + p : ''));
      load();
    });
    window.addEventListener('popstate', load);
    function load() {
      var p = new URLSearchParams(location.search);
      if (!p.get('limit')) { p.set('limit', '20'); }
      getJson('/documents?' + p).then(function (r) {
        $('nombre').textContent = r.total + (r.total > 1 ? ' documents' : ' document') + (r.query ? ' pour « ' + r.query + ' »' : '');
        $('index-etat').innerHTML = r.indexReady ? '' : '<p class="message">Index en cours de reconstruction ; les résultats seront bientôt complets.</p>';
        $('resultats').innerHTML = r.hits.map(function (h) {
          return '<article class="resultat"><h2><a href="/legal/document?ref=' + encodeURIComponent(h.slug) + '">' + esc(h.title) + '</a></h2>' +
            '<p class="meta"><span class="etiquette">' + esc(KINDS[h.kind] || h.kind) + '</span>' +
            (h.status !== 'published' ? '<span class="etiquette ' + esc(h.status) + '">' + esc(STATUS[h.status]) + '</span>' : '') +
            esc(h.year) + '</p><p>' + esc(h.summary) + '</p></article>';
        }).join('') || '<p>Aucun document ne correspond. Essayez d\'autres mots ou retirez un filtre.</p>';
        var offset = Number(p.get('offset') || 0);
        var nav = '';
        if (offset > 0) { nav += pageLink(p, Math.max(0, offset - 20), '← Précédents'); }
        if (offset + 20 < r.total) { nav += ' ' + pageLink(p, offset + 20, 'Suivants →'); }
        $('pages').innerHTML = nav;
        facets(r.facets, p);
      }).catch(function (e) { message($('resultats'), e.message, true); });
    }
    function pageLink(p, offset, label) {
      var q = new URLSearchParams(p); q.set('offset', offset); q.delete('limit');
      return '<a href="/legal?' + esc(q.toString()) + '">' + label + '</a>';
    }
    function facets(all, p) {
      var html = '';
      Object.keys(DIMENSIONS).forEach(function (dim) {
        var values = all[dim] || [];
        if (!values.length) { return; }
        var chosen = p.getAll(dim);
        html += '<fieldset><legend>' + DIMENSIONS[dim] + '</legend>' + values.map(function (v) {
          var label = dim === 'kind' ? (KINDS[v.value] || v.value) : dim === 'status' ? (STATUS[v.value] || v.value) : v.value;
          return '<label><input type="checkbox" data-dim="' + dim + '" value="' + esc(v.value) + '"' +
            (chosen.indexOf(v.value) >= 0 ? ' checked' : '') + '> ' + esc(label) + ' (' + v.count + ')</label>';
        }).join('') + '</fieldset>';
      });
      $('facettes').innerHTML = html;
      $('facettes').querySelectorAll('input').forEach(function (box) {
        box.addEventListener('change', function () {
          var q = new URLSearchParams(location.search);
          q.delete('offset');
          var dim = box.dataset.dim, values = q.getAll(dim).filter(function (v) { return v !== box.value; });
          q.delete(dim);
          values.forEach(function (v) { q.append(dim, v); });
          if (box.checked) { q.append(dim, box.value); }
          history.pushState(null, '', '/legal' + (q.toString() ? '?' + q : ''));
          load();
        });
      });
    }
    load();
    account().then(function () {
      getJson('/access').then(function (a) { $('edition').hidden = !a.editor; });
    });
    $('form-document').addEventListener('submit', function (e) {
      e.preventDefault();
      function list(v) { return v.split(',').map(function (x) { return x.trim(); }).filter(Boolean); }
      send('POST', '/documents', { title: $('d-titre').value, kind: $('d-type').value, summary: $('d-resume').value,
        body: $('d-corps').value, themes: list($('d-themes').value), audience: list($('d-public').value), licence: $('d-licence').value })
        .then(function (r) {
          if (!r.ok) { return problem(r).then(function (m) { message($('edition-message'), m, true); }); }
          return r.json().then(function (d) { location.href = '/legal/document?ref=' + encodeURIComponent(d.slug); });
        });
    });
  }

  // ----- One document
  function documentPage() {
    var ref = new URLSearchParams(location.search).get('ref');
    var box = $('document');
    if (!ref) { message(box, 'Aucun document demandé.', true); return; }
    account().then(function () { return getJson('/documents/' + encodeURIComponent(ref)); }).then(function (r) {
      var d = r.document;
      document.title = d.title + ' — Ressources juridiques — DataGrandEst';
      var html = '<h1>' + esc(d.title) + '</h1><p class="meta"><span class="etiquette">' + esc(KINDS[d.kind] || d.kind) + '</span>' +
        '<span class="etiquette ' + esc(d.status) + '">' + esc(STATUS[d.status]) + '</span> ' + esc(d.author) + ' — ' + esc(d.issued) +
        ' — version ' + esc(d.version) + ' — licence <a href="/legal/licences#' + esc(d.licence) + '">' + esc(d.licence) + '</a></p>' +
        '<p><strong>' + esc(d.summary) + '</strong></p>' +
        '<p class="meta">Thèmes : ' + d.themes.map(function (t) { return '<a href="/legal?theme=' + encodeURIComponent(t) + '">' + esc(t) + '</a>'; }).join(', ') +
        ' — Public : ' + d.audience.map(esc).join(', ') + '</p>' +
        '<div class="document-corps">' + window.renderMarkdown(d.body) + '</div>';
      if (d.attachments.length) {
        html += '<h2>Pièces jointes</h2><ul>' + d.attachments.map(function (a) {
          return '<li><a href="' + API + '/documents/' + d.id + '/attachments/' + a.id + '">' + esc(a.filename) + '</a> <span class="meta">(' +
            Math.max(1, Math.round(a.sizeBytes / 1024)) + ' Kio, ' + a.pages + ' p.)</span></li>';
        }).join('') + '</ul>';
      }
      if (r.canEdit) {
        html += '<section class="carte"><h2>Gestion (équipe juridique)</h2>' +
          '<p><label for="statut">État : </label><select id="statut">' + ['draft', 'published', 'archived'].map(function (s) {
            return '<option value="' + s + '"' + (s === d.status ? ' selected' : '') + '>' + STATUS[s] + '</option>'; }).join('') +
          '</select> <button type="button" id="changer-statut">Enregistrer l\'état</button></p>' +
          '<p><label for="fichier">Ajouter une pièce jointe (PDF, DOCX, ODT, Markdown) : </label><input type="file" id="fichier" accept=".pdf,.docx,.odt,.md">' +
          ' <button type="button" id="envoyer">Envoyer</button></p><div id="progression"></div><div id="gestion-message"></div>' +
          '<h3>Versions</h3><ul>' + r.versions.map(function (v) {
            return '<li>v' + v.version + ' — ' + esc(v.changedAt) + ' — ' + esc(v.changedBy) + ' — ' + esc(v.note) + '</li>'; }).join('') + '</ul></section>';
      }
      box.innerHTML = html;
      if (r.canEdit) { editing(d); }
    }).catch(function (e) { message(box, e.message, true); });
  }
  function editing(d) {
    $('changer-statut').addEventListener('click', function () {
      var body = { kind: d.kind, title: d.title, summary: d.summary, body: d.body, themes: d.themes, audience: d.audience,
        author: d.author, issued: d.issued, licence: d.licence, status: $('statut').value };
      send('PUT', '/documents/' + d.id, body).then(function (r) {
        if (!r.ok) { return problem(r).then(function (m) { message($('gestion-message'), m, true); }); }
        location.reload();
      });
    });
    $('envoyer').addEventListener('click', function () {
      var file = $('fichier').files[0];
      if (!file) { message($('gestion-message'), 'Choisissez un fichier.', true); return; }
      // XMLHttpRequest reports upload progress, which fetch does not.
      var xhr = new XMLHttpRequest();
      xhr.open('POST', API + '/documents/' + d.id + '/attachments?filename=' + encodeURIComponent(file.name));
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      if (csrf) { xhr.setRequestHeader('X-CSRF-Token', csrf); }
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) {
          $('progression').innerHTML = '<label>Envoi : <progress max="100" value="' + Math.round(100 * e.loaded / e.total) + '"></progress></label>';
        }
      };
      xhr.onload = function () {
        if (xhr.status === 201) { location.reload(); return; }
        var detail = 'Erreur ' + xhr.status;
        try { detail = JSON.parse(xhr.responseText).detail || detail; } catch (ignored) { /* not JSON */ }
        message($('gestion-message'), detail, true);
      };
      xhr.send(file);
    });
  }

  // ----- Licences
  function licences() {
    var all = [];
    getJson('/licences').then(function (list) { all = list; show(); highlight(); });
    $('filtre-licences').addEventListener('change', show);
    function show() {
      var f = $('filtre-licences').value;
      $('licences').innerHTML = all.filter(function (l) {
        return !f || (f === 'crpa' ? l.crpaList : l.subject === f);
      }).map(card).join('');
    }
    function highlight() {
      if (location.hash) { var el = document.getElementById(decodeURIComponent(location.hash.substring(1))); if (el) { el.scrollIntoView(); el.focus(); } }
    }
    getJson('/licences/questions').then(function (questions) {
      $('questionnaire').innerHTML = questions.map(function (q) {
        return '<fieldset class="clause-choix"><legend>' + esc(q.label) + '</legend>' + (q.help ? '<p class="meta">' + esc(q.help) + '</p>' : '') +
          Object.keys(q.answers).map(function (value, i) {
            return '<label><input type="radio" name="' + esc(q.id) + '" value="' + esc(value) + '"' + (i === 0 ? ' checked' : '') + '> ' +
              esc(q.answers[value]) + '</label> ';
          }).join('') + '</fieldset>';
      }).join('') + '<button type="submit">Recommander une licence</button>';
    });
    $('questionnaire').addEventListener('submit', function (e) {
      e.preventDefault();
      var p = new URLSearchParams(new FormData($('questionnaire')));
      getJson('/licences/recommendation?' + p).then(function (r) {
        $('recommandation').innerHTML = '<div class="carte recommandation"><h3>Licence recommandée : <a href="#' + esc(r.licence.id) + '">' +
          esc(title(r.licence)) + '</a> <span class="licence-id">(' + esc(r.licence.id) + ')</span></h3>' +
          '<p><strong>Pourquoi :</strong></p><ul class="raisons">' + r.reasons.map(function (x) { return '<li>' + esc(x) + '</li>'; }).join('') + '</ul>' +
          (r.warnings.length ? '<p><strong>Points d\'attention :</strong></p><ul class="raisons">' + r.warnings.map(function (x) { return '<li>' + esc(x) + '</li>'; }).join('') + '</ul>' : '') +
          (r.alternatives.length ? '<p>Autres choix possibles : ' + r.alternatives.map(function (l) {
            return '<a href="#' + esc(l.id) + '">' + esc(l.name) + '</a>'; }).join(', ') + '</p>' : '') + '</div>';
      }).catch(function (err) { message($('recommandation'), err.message, true); });
    });
  }
  // "BSD 2-Clause License", not "BSD 2-Clause License 2 clauses": the version only when the name lacks it.
  function title(l) {
    var v = (l.version || '').trim();
    return v && l.name.indexOf(v.split(' ')[0]) < 0 ? l.name + ' ' + v : l.name;
  }
  function card(l) {
    return '<article class="carte" id="' + esc(l.id) + '" tabindex="-1"><h3>' + esc(title(l)) +
      ' <span class="licence-id">' + esc(l.id) + '</span></h3><p class="meta">' +
      '<span class="etiquette">' + esc(l.subject) + '</span><span class="etiquette">' + esc(l.family) + '</span>' +
      (l.crpaList ? '<span class="etiquette">liste du CRPA</span>' : '<span class="etiquette draft">hors liste du CRPA</span>') + '</p>' +
      '<p>' + esc(l.summary) + '</p><p><strong>Obligations</strong></p><ul>' + l.obligations.map(function (o) { return '<li>' + esc(o) + '</li>'; }).join('') + '</ul>' +
      '<p><strong>Compatibilité :</strong> ' + esc(l.compatibility) + '</p><p><strong>Usage typique :</strong> ' + esc(l.typicalUse) + '</p>' +
      '<p><a href="' + esc(l.url) + '" rel="noopener">Texte officiel de la licence</a></p>' + datasets(l) + '</article>';
  }
  // The catalogue's datasets under the licence (only while the catalogue runs; otherwise the API says why).
  function datasets(l) {
    var d = l.datasets;
    if (!d) { return ''; }
    var html = '<section class="jeux" aria-label="Jeux de données sous ' + esc(l.id) + '"><p><strong>Jeux de données du catalogue :</strong> ';
    if (!d.catalogue) { return html + '<span class="meta">' + esc(d.message) + '</span></p></section>'; }
    if (!d.total) { return html + 'aucun jeu de données du catalogue n\'est publié sous cette licence.</p></section>'; }
    html += Number(d.total) + (d.total > 1 ? ' jeux de données' : ' jeu de données') + '</p><ul>' + d.first.map(function (j) {
      // Only paths of this site: a link given by another plugin never leads elsewhere.
      var name = /^\/(?!\/)/.test(j.pagePath) ? '<a href="' + esc(j.pagePath) + '">' + esc(j.title) + '</a>' : esc(j.title);
      return '<li>' + name + (j.organisation ? ' <span class="meta">— ' + esc(j.organisation) + '</span>' : '') + '</li>';
    }).join('') + '</ul>';
    if (d.total > d.first.length) {
      html += '<p class="meta">… et ' + (d.total - d.first.length) + ' autre' + (d.total - d.first.length > 1 ? 's' : '') + ' dans le catalogue.</p>';
    }
    return html + '</section>';
  }

  // ----- Clauses
  function clauses() {
    getJson('/clauses').then(function (r) {
      $('categorie').innerHTML = '<option value="">Toutes les catégories</option>' + r.categories.map(function (c) {
        return '<option value="' + esc(c) + '">' + esc(c) + '</option>'; }).join('');
      show(r);
    });
    $('form-clauses').addEventListener('submit', function (e) {
      e.preventDefault();
      var p = new URLSearchParams();
      if ($('q-clauses').value.trim()) { p.set('q', $('q-clauses').value.trim()); }
      if ($('categorie').value) { p.set('category', $('categorie').value); }
      getJson('/clauses?' + p).then(show).catch(function (err) { message($('clauses'), err.message, true); });
    });
    function show(r) {
      $('nombre-clauses').textContent = r.total + (r.total > 1 ? ' clauses' : ' clause');
      $('clauses').innerHTML = r.clauses.map(function (c) {
        return '<article class="carte" id="' + esc(c.id) + '"><h2>' + esc(c.title) + '</h2><p class="meta"><span class="etiquette">' + esc(c.category) +
          '</span>version ' + c.version + ' — identifiant <span class="licence-id">' + esc(c.id) + '</span></p>' +
          '<div>' + window.renderMarkdown(c.body) + '</div>' +
          c.alternatives.map(function (a) { return '<details><summary>Variante : ' + esc(a.label) + '</summary>' + window.renderMarkdown(a.body) + '</details>'; }).join('') +
          (c.commentary ? '<p class="meta"><strong>Commentaire :</strong> ' + esc(c.commentary) + '</p>' : '') +
          (c.variables.length ? '<p class="meta">Champs : ' + c.variables.map(esc).join(', ') + '</p>' : '') + '</article>';
      }).join('') || '<p>Aucune clause ne correspond.</p>';
    }
  }

  // ----- Assembly
  function assemblage() {
    var models = [], clauseById = {};
    Promise.all([getJson('/models'), getJson('/clauses')]).then(function (all) {
      models = all[0];
      all[1].clauses.forEach(function (c) { clauseById[c.id] = c; });
      $('modele').innerHTML = models.map(function (m) { return '<option value="' + esc(m.id) + '">' + esc(m.title) + '</option>'; }).join('');
      choose();
    }).catch(function (e) { message($('assemblage-message'), e.message, true); });
    $('modele').addEventListener('change', choose);
    function model() { return models.filter(function (m) { return m.id === $('modele').value; })[0]; }
    function choose() {
      var m = model();
      $('modele-description').textContent = m.description;
      $('titre-doc').value = m.title;
      $('choix-clauses').innerHTML = m.clauses.map(function (mc) {
        var c = clauseById[mc.clause];
        if (!c) { return ''; }
        return '<div class="clause-choix"><label><input type="checkbox" data-clause="' + esc(c.id) + '" checked' + (mc.required ? ' disabled' : '') + '> <strong>' +
          esc(c.title) + '</strong>' + (mc.required ? ' (obligatoire)' : '') + '</label>' +
          (c.alternatives.length ? ' — <label>rédaction : <select data-alternative="' + esc(c.id) + '"><option value="">principale</option>' +
            c.alternatives.map(function (a) { return '<option value="' + esc(a.id) + '">' + esc(a.label) + '</option>'; }).join('') + '</select></label>' : '') +
          (c.commentary ? '<p class="commentaire">' + esc(c.commentary) + '</p>' : '') + '</div>';
      }).join('');
      $('choix-clauses').querySelectorAll('input,select').forEach(function (el) { el.addEventListener('change', fields); });
      fields();
    }
    function chosen() {
      var out = [];
      $('choix-clauses').querySelectorAll('input[data-clause]').forEach(function (box) {
        if (box.checked) {
          var alt = $('choix-clauses').querySelector('select[data-alternative="' + box.dataset.clause + '"]');
          out.push({ id: box.dataset.clause, alternative: alt ? alt.value : '' });
        }
      });
      return out;
    }
    function names(text, into) {
      var re = /\{\{\s*([a-z][a-z0-9_]{0,40})\s*\}\}/g, m;
      while ((m = re.exec(text || ''))) { if (into.indexOf(m[1]) < 0) { into.push(m[1]); } }
    }
    function fields() {
      var m = model(), needed = [];
      names($('titre-doc').value, needed);
      names(m.preamble, needed);
      chosen().forEach(function (ch) {
        var c = clauseById[ch.id];
        var alt = c.alternatives.filter(function (a) { return a.id === ch.alternative; })[0];
        names(alt ? alt.body : c.body, needed);
      });
      names(m.closing, needed);
      var old = {};
      $('variables').querySelectorAll('input').forEach(function (i) { old[i.name] = i.value; });
      $('variables').innerHTML = needed.map(function (n) {
        return '<p><label for="v-' + esc(n) + '">' + esc(n.replace(/_/g, ' ')) + '</label><br><input type="text" id="v-' + esc(n) + '" name="' + esc(n) +
          '" value="' + esc(old[n] || '') + '" required maxlength="2000"></p>';
      }).join('');
    }
    function request() {
      var variables = {};
      $('variables').querySelectorAll('input').forEach(function (i) { variables[i.name] = i.value; });
      return { model: model().id, title: $('titre-doc').value, clauses: chosen(), variables: variables };
    }
    function run(format, preview) {
      message($('assemblage-message'), 'Assemblage en cours…');
      return fetch(API + '/assemblies?format=' + format + (preview ? '&preview=true' : ''), {
        method: 'POST', credentials: 'same-origin',
        headers: Object.assign({ 'Content-Type': 'application/json' }, csrf ? { 'X-CSRF-Token': csrf } : {}),
        body: JSON.stringify(request())
      }).then(function (r) {
        if (!r.ok) { return problem(r).then(function (m) { message($('assemblage-message'), 'Impossible d\'assembler : ' + m, true); return null; }); }
        message($('assemblage-message'), preview ? 'Aperçu à jour.' : 'Document enregistré et téléchargé.');
        return r.blob();
      });
    }
    $('apercu').addEventListener('click', function () {
      run('html', true).then(function (blob) { if (blob) { blob.text().then(function (t) { $('cadre-apercu').srcdoc = t; }); } });
    });
    document.querySelectorAll('button[data-format]').forEach(function (b) {
      b.addEventListener('click', function () {
        var format = b.dataset.format;
        run(format, false).then(function (blob) {
          if (!blob) { return; }
          var a = document.createElement('a');
          a.href = URL.createObjectURL(blob);
          a.download = ($('titre-doc').value || 'document').replace(/[^A-Za-z0-9À-ÿ]+/g, '-') + '.' + format;
          document.body.appendChild(a); a.click(); a.remove();
        });
      });
    });
    $('titre-doc').addEventListener('change', fields);
  }


  // ----- Questions and FAQ
  function questions() {
    getJson('/faq').then(function (r) {
      $('faq').innerHTML = r.entries.map(function (e) {
        return '<article class="carte"><h3>' + esc(e.question) + '</h3><p class="meta">' + esc(e.detail) + '</p>' + window.renderMarkdown(e.answer) +
          (e.relatedDocuments.length ? '<p class="meta">Documents : ' + e.relatedDocuments.map(function (d) {
            return '<a href="/legal/document?ref=' + encodeURIComponent(d) + '">' + esc(d) + '</a>'; }).join(', ') + '</p>' : '') +
          (e.relatedClauses.length ? '<p class="meta">Clauses : ' + e.relatedClauses.map(function (c) {
            return '<a href="/legal/clauses#' + encodeURIComponent(c) + '">' + esc(c) + '</a>'; }).join(', ') + '</p>' : '') + '</article>';
      }).join('') || '<p>Aucune réponse publiée pour le moment.</p>';
    }).catch(function (e) { message($('faq'), e.message, true); });
    account().then(function (who) {
      $('poser').hidden = !who;
      $('connexion').hidden = !!who;
      if (who) { mine(); }
    });
    function mine() {
      getJson('/questions').then(function (list) {
        $('mes-questions').hidden = false;
        $('liste-questions').innerHTML = list.map(function (q) {
          return '<article class="carte"><h3>' + esc(q.title) + '</h3><p class="meta">' + esc(q.askedBy) + ' — ' + esc(q.askedAt) +
            ' — <span class="etiquette' + (q.status === 'open' ? ' draft' : '') + '">' + (q.status === 'open' ? 'en attente' : 'répondue') + '</span>' +
            (q.faq ? '<span class="etiquette">FAQ</span>' : '') + '</p><p>' + esc(q.body) + '</p>' +
            q.attachments.map(function (a) { return '<p class="meta"><a href="' + API + '/questions/' + q.id + '/attachments/' + a.id + '">' + esc(a.filename) + '</a></p>'; }).join('') +
            (q.answer ? '<div class="document-corps">' + window.renderMarkdown(q.answer) + '</div>' : '') + '</article>';
        }).join('') || '<p>Aucune question.</p>';
      });
    }
    $('form-question').addEventListener('submit', function (e) {
      e.preventDefault();
      send('POST', '/questions', { title: $('qu-titre').value, body: $('qu-corps').value, email: $('qu-email').value }).then(function (r) {
        if (!r.ok) { return problem(r).then(function (m) { message($('question-message'), m, true); }); }
        return r.json().then(function (q) {
          var file = $('qu-fichier').files[0];
          if (!file) { return q; }
          return send('POST', '/questions/' + q.id + '/attachments?filename=' + encodeURIComponent(file.name), file, 'application/octet-stream')
            .then(function (up) {
              if (!up.ok) { return problem(up).then(function (m) { throw new Error('Question enregistrée, mais la pièce jointe est refusée : ' + m); }); }
              return q;
            });
        }).then(function () {
          message($('question-message'), 'Question envoyée à l\'équipe juridique.');
          $('form-question').reset();
          mine();
        });
      }).catch(function (err) { message($('question-message'), err.message, true); });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var page = document.body.dataset.page;
    if (page === 'library' && $('resultats')) { library(); }
    else if (page === 'library') { documentPage(); }
    else {
      if (page !== 'questions') { account(); }
      if (page === 'licences') { licences(); }
      if (page === 'clauses') { clauses(); }
      if (page === 'assemblage') { assemblage(); }
      if (page === 'questions') { questions(); }
    }
  });
})();
