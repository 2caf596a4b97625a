// Editing forms of the directory's pages: the form is sent as JSON to the REST API with the session's CSRF token
// (the API applies the rights and checks and writes the history); its refusals are shown in French.
(function () {
  'use strict';
  var form = document.getElementById('edit');
  if (!form) { return; }
  var problem = document.getElementById('problem');
  var saving = document.getElementById('saving');

  // The API's messages (English, for programs) said in French for the people filling the form, with the field.
  var KNOWN = [
    [/^a person needs a first name or a last name/, 'Donnez au moins un prénom ou un nom.', 'lastName'],
    [/^the e-mail address is not valid: '(.*)'/, 'L\'adresse électronique « $1 » n\'est pas valide.', 'email'],
    [/^the phone number is not valid: '(.*)'/, 'Le numéro de téléphone « $1 » n\'est pas valide (dix chiffres commençant par 0, ou +indicatif).', 'phone'],
    [/^this e-mail address belongs to a person erased on request/, 'Cette adresse électronique est celle d\'une personne effacée à sa demande (RGPD) : un administrateur doit d\'abord lever l\'effacement, si la personne demande à revenir.', 'email'],
    [/^an organisation needs a name/, 'Donnez le nom de l\'organisation.', 'name'],
    [/^the SIREN must have 9 digits: '(.*)'/, 'Le SIREN « $1 » doit compter 9 chiffres.', 'siren'],
    [/^the SIRET must have 14 digits: '(.*)'/, 'Le SIRET « $1 » doit compter 14 chiffres.', 'siret'],
    [/^the website must be an http\(s\) address: '(.*)'/, 'Le site web « $1 » doit être une adresse http(s).', 'website'],
    [/^give both territoryLevel and territoryCode, or neither/, 'Choisissez le type de territoire et donnez son code, ou ni l\'un ni l\'autre.', 'territoryCode'],
    [/^no (\S+) of Grand Est has the code '(.*)'/, 'Aucun territoire ($1) du Grand Est n\'a le code « $2 ».', 'territoryCode'],
    [/^each role needs an organisationId and a role/, 'Chaque rôle doit avoir une organisation.', null],
    [/^an editor adds organisations to their own collège/, 'Ajoutez une adhésion à l\'un de vos collèges : vous ne créez des organisations que dans vos collèges.', null],
    [/^you may change your own contact details/, 'Vous pouvez modifier vos coordonnées ; votre organisation et vos rôles sont modifiés par un référent de votre collège.', null]
  ];
  var BY_STATUS = {
    400: 'La saisie est refusée.',
    401: 'Votre session a expiré : reconnectez-vous puis recommencez.',
    403: 'Vous n\'avez pas le droit de faire cette modification : un référent ne modifie que les fiches de son collège, une personne que sa propre fiche.',
    404: 'Cette fiche n\'existe plus.',
    409: 'La modification entre en conflit avec une donnée existante.',
    413: 'La saisie est trop longue.'
  };

  function token() {
    return fetch('/api/auth/me', {credentials: 'same-origin'}).then(function (r) {
      return r.ok ? r.json() : {};
    }).then(function (me) { return me.csrfToken || ''; });
  }

  function value(el) {
    var v = el.value.trim();
    if (v === '') { return null; }
    return el.getAttribute('data-type') === 'number' ? Number(v) : v;
  }

  function collect() {
    var body = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.closest('tr[data-row]')) { return; }
      body[el.name] = value(el);
    });
    form.querySelectorAll('table[data-list]').forEach(function (table) {
      var list = [];
      table.querySelectorAll('tr[data-row]').forEach(function (row) {
        var item = {};
        row.querySelectorAll('[name]').forEach(function (el) { item[el.name] = value(el); });
        // a row without its first choice (collège, organisation) is an empty row
        var first = row.querySelector('[name]');
        if (first && value(first) !== null) { list.push(item); }
      });
      body[table.getAttribute('data-list')] = list;
    });
    return body;
  }

  function show(status, detail) {
    form.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
    var text = status === 0 ? 'Le serveur ne répond pas : vérifiez votre connexion puis recommencez.'
      : BY_STATUS[status] || ('Le serveur n\'a pas pu enregistrer la fiche (erreur ' + status + ').');
    var field = null;
    for (var i = 0; i < KNOWN.length; i++) {
      if (KNOWN[i][0].test(detail || '')) {
        text = detail.match(KNOWN[i][0])[0].replace(KNOWN[i][0], KNOWN[i][1]);
        field = KNOWN[i][2];
        break;
      }
    }
    problem.textContent = '';
    var strong = document.createElement('strong');
    strong.textContent = 'Non enregistré. ';
    problem.appendChild(strong);
    problem.appendChild(document.createTextNode(text));
    if (detail && !field) {
      var small = document.createElement('small');
      small.textContent = ' (réponse du serveur : ' + detail + ')';
      problem.appendChild(small);
    }
    problem.hidden = false;
    var old = document.getElementById('field-problem');
    if (old) { old.remove(); }
    var input = field && form.querySelector('[name="' + field + '"]');
    if (input) {
      // the message also next to the field, where the eye and the screen reader are
      var note = document.createElement('span');
      note.id = 'field-problem';
      note.className = 'field-problem';
      note.textContent = text;
      input.insertAdjacentElement('afterend', note);
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'field-problem');
      input.focus();
    } else {
      problem.focus();
    }
  }

  form.querySelectorAll('button[data-add-row]').forEach(function (button) {
    button.addEventListener('click', function () {
      var body = form.querySelector('table[data-list="' + button.getAttribute('data-add-row') + '"] tbody');
      var rows = body.querySelectorAll('tr[data-row]');
      var copy = rows[rows.length - 1].cloneNode(true);
      copy.querySelectorAll('input').forEach(function (el) { el.value = ''; });
      copy.querySelectorAll('select').forEach(function (el) { el.selectedIndex = 0; });
      body.appendChild(copy);
      copy.querySelector('select, input').focus();
    });
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var button = form.querySelector('button[type=submit]');
    button.disabled = true;
    saving.textContent = 'Enregistrement…';
    token().then(function (t) {
      return fetch(form.getAttribute('data-api'), {
        method: form.getAttribute('data-method'), credentials: 'same-origin',
        headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': t},
        body: JSON.stringify(collect())
      });
    }).then(function (r) {
      return r.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (r.ok && json && json.id) {
          saving.textContent = 'Enregistré.';
          window.location.assign(form.getAttribute('data-next') + json.id);
          return;
        }
        button.disabled = false;
        saving.textContent = '';
        show(r.status, json && (json.detail || json.message));
      });
    }).catch(function () {
      button.disabled = false;
      saving.textContent = '';
      show(0, null);
    });
  });
}());
