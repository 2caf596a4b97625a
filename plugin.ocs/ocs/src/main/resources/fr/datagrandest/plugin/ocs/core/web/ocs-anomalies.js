/* OCS GE anomaly page: draws the polygons of a commune or EPCI (from the polygons export, Lambert-93) as SVG
 * coloured by cover class; a click selects or unselects a polygon, a drawn area selects the polygons whose centre
 * lies in it; the proposal is sent to POST /ocs/api/anomalies (one report per polygon, with the session's CSRF
 * token when the security module runs). Lists the reports with their status and the exports. No library. */
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var holder = document.getElementById('carte-anomalies');
  var errorBox = document.getElementById('erreur');
  var done = document.getElementById('confirmation');
  var STATUS = {new: 'nouveau', acknowledged: 'pris en compte', accepted: 'accepté', rejected: 'rejeté', exported: 'exporté'};

  function csrfToken() {
    return fetch('/api/auth/me', {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (me) { return me && me.csrfToken ? me.csrfToken : null; })
      .catch(function () { return null; });
  }

  function cell(tr, text) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : String(text);
    tr.appendChild(td);
    return td;
  }

  /* The reports for the team, filtered by status; the export links follow the filter. Editors (data-gestion)
   * get the workflow's next steps as buttons: new -> acknowledged | rejected -> accepted | rejected -> exported. */
  var filter = document.getElementById('filtre-statut');
  var manage = document.getElementById('signalements').getAttribute('data-gestion') === 'oui';
  var NEXT = {new: ['acknowledged', 'rejected'], acknowledged: ['accepted', 'rejected'], accepted: ['exported'],
    rejected: ['exported'], exported: []};
  var ACTION = {acknowledged: 'Prendre en compte', accepted: 'Accepter', rejected: 'Rejeter', exported: 'Marquer exporté'};

  function step(id, status, button) {
    var say = document.getElementById('etat-suivi');
    button.disabled = true;
    csrfToken().then(function (token) {
      var headers = {'Accept': 'application/json', 'Content-Type': 'application/json'};
      if (token) {
        headers['X-CSRF-Token'] = token;
      }
      return fetch('/ocs/api/anomalies/' + id + '/status', {method: 'POST', credentials: 'same-origin',
        headers: headers, body: JSON.stringify({status: status})});
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (answer) {
        if (r.ok) {
          say.textContent = 'Signalement n° ' + id + ' : ' + STATUS[answer.status] + '.';
          return list();
        }
        button.disabled = false;
        say.textContent = 'Signalement n° ' + id + ' : ' + (r.status === 409
          ? 'cette étape n\'est plus possible (le signalement a changé entre-temps) ; la liste est mise à jour.'
          : r.status === 401 || r.status === 403 ? 'réservé aux éditeurs et aux administrateurs : connectez-vous.'
          : 'refusé (' + r.status + ').');
        return r.status === 409 ? list() : null;
      });
    }).catch(function (e) {
      button.disabled = false;
      say.textContent = 'Le serveur n\'a pas répondu : ' + e;
    });
  }

  function list() {
    var status = filter.value;
    var query = status ? '?status=' + encodeURIComponent(status) : '';
    document.getElementById('export-geojson').href = '/ocs/api/anomalies/export' + query;
    document.getElementById('export-csv').href = '/ocs/api/anomalies/export' + (query ? query + '&' : '?') + 'format=csv';
    return fetch('/ocs/api/anomalies' + query, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (reports) {
        var body = document.querySelector('#signalements tbody');
        body.textContent = '';
        reports.sort(function (a, b) { return b.id - a.id; });
        reports.forEach(function (a) {
          var tr = document.createElement('tr');
          tr.setAttribute('data-id', a.id);
          cell(tr, a.id);
          cell(tr, a.polygonId);
          cell(tr, a.departement + ' ' + a.millesime);
          cell(tr, (a.currentCs || '') + ' / ' + (a.currentUs || ''));
          cell(tr, (a.proposedCs || '–') + ' / ' + (a.proposedUs || '–'));
          cell(tr, a.comment);
          cell(tr, STATUS[a.status] || a.status);
          cell(tr, a.reporter);
          cell(tr, new Date(a.createdAt).toLocaleString('fr-FR'));
          if (manage) {
            var actions = cell(tr, '');
            (NEXT[a.status] || []).forEach(function (next) {
              var button = document.createElement('button');
              button.type = 'button';
              button.className = 'etape';
              button.setAttribute('data-statut', next);
              button.textContent = ACTION[next];
              button.addEventListener('click', function () { step(a.id, next, button); });
              actions.appendChild(button);
              actions.appendChild(document.createTextNode(' '));
            });
          }
          body.appendChild(tr);
        });
        if (reports.length === 0) {
          var tr = document.createElement('tr');
          cell(tr, 'Aucun signalement' + (status ? ' de ce statut.' : '.')).colSpan = manage ? 10 : 9;
          body.appendChild(tr);
        }
      });
  }
  filter.addEventListener('change', list);
  list();

  /* A list made elsewhere (GeoJSON or CSV file), sent as it is: all or nothing, the lines at fault shown. */
  document.getElementById('envoyer-liste').addEventListener('click', function () {
    var file = document.getElementById('fichier-liste').files[0];
    var box = document.getElementById('erreur-liste');
    var ok = document.getElementById('confirmation-liste');
    box.hidden = true;
    ok.hidden = true;
    function refuse(message, lines) {
      box.textContent = '';
      var p = document.createElement('p');
      p.className = 'message';
      p.textContent = message;
      box.appendChild(p);
      if (lines && lines.length) {
        var ul = document.createElement('ul');
        lines.forEach(function (l) {
          var li = document.createElement('li');
          li.textContent = l;
          ul.appendChild(li);
        });
        box.appendChild(ul);
      }
      box.hidden = false;
    }
    if (!file) {
      refuse('Choisissez d\'abord un fichier GeoJSON ou CSV.');
      return;
    }
    var csv = /\.csv$/i.test(file.name);
    file.text().then(function (text) {
      return csrfToken().then(function (token) {
        var headers = {'Accept': 'application/json', 'Content-Type': csv ? 'text/csv' : 'application/geo+json'};
        if (token) {
          headers['X-CSRF-Token'] = token;
        }
        return fetch('/ocs/api/anomalies', {method: 'POST', credentials: 'same-origin', headers: headers, body: text});
      });
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (answer) {
        if (r.ok) {
          ok.textContent = answer.created + (answer.created > 1 ? ' signalements enregistrés' : ' signalement enregistré')
            + ' depuis ' + file.name + '.';
          ok.hidden = false;
          return list();
        }
        var detail = answer.detail || '';
        refuse(r.status === 401 ? 'Connectez-vous pour signaler des anomalies.'
          : /no anomaly recorded/.test(detail) ? 'Aucun signalement n\'a été enregistré : des lignes sont fausses (ci-dessous).'
          : /not JSON/.test(detail) ? 'Le fichier n\'est pas un GeoJSON lisible.'
          : /no anomaly in the request/.test(detail) ? 'Le fichier ne contient aucun signalement.'
          : 'La liste a été refusée (' + r.status + ').', answer.problems || (detail ? [detail] : []));
      });
    }).catch(function (e) {
      refuse('Le fichier n\'a pas pu être envoyé.', [String(e)]);
    });
  });

  if (!holder) {
    return;
  }

  var status = document.getElementById('etat-carte');
  var count = document.getElementById('nombre-choisis');
  var send = document.getElementById('envoyer');
  var zoneButton = document.getElementById('mode-zone');
  var applyZone = document.getElementById('appliquer-zone');
  var colours = {};
  document.querySelectorAll('#cs-propose option[data-color]').forEach(function (o) {
    colours[o.value] = o.getAttribute('data-color');
  });
  var map;
  var zoneLayer;
  var transform;
  var selected = {};
  var zone = null;

  function showError(message, details) {
    errorBox.textContent = '';
    var p = document.createElement('p');
    p.className = 'message';
    p.textContent = message;
    errorBox.appendChild(p);
    if (details && details.length) {
      var ul = document.createElement('ul');
      details.forEach(function (d) {
        var li = document.createElement('li');
        li.textContent = d;
        ul.appendChild(li);
      });
      errorBox.appendChild(ul);
    }
    errorBox.hidden = false;
  }

  function updateCount() {
    var n = Object.keys(selected).length;
    count.textContent = n === 0 ? 'Aucun polygone sélectionné.'
      : n + (n > 1 ? ' polygones sélectionnés.' : ' polygone sélectionné.');
    send.disabled = n === 0;
  }

  function toggle(path, on) {
    var id = path.getAttribute('data-id');
    if (on === undefined) {
      on = !selected[id];
    }
    if (on) {
      selected[id] = path;
      path.classList.add('choisi');
    } else {
      delete selected[id];
      path.classList.remove('choisi');
    }
  }

  function ringPath(ring) {
    return ring.map(function (c, i) {
      var p = transform(c);
      return (i === 0 ? 'M' : 'L') + p[0].toFixed(1) + ' ' + p[1].toFixed(1);
    }).join('') + 'Z';
  }

  function draw(collection) {
    var minx = Infinity;
    var miny = Infinity;
    var maxx = -Infinity;
    var maxy = -Infinity;
    collection.features.forEach(function (f) {
      var polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      polys.forEach(function (p) {
        p[0].forEach(function (c) {
          minx = Math.min(minx, c[0]); maxx = Math.max(maxx, c[0]);
          miny = Math.min(miny, c[1]); maxy = Math.max(maxy, c[1]);
        });
      });
    });
    var scale = 900 / Math.max(maxx - minx, maxy - miny);
    transform = function (c) { return [(c[0] - minx) * scale + 1, (maxy - c[1]) * scale + 1]; };
    var inverse = function (p) { return [minx + (p[0] - 1) / scale, maxy - (p[1] - 1) / scale]; };
    map = document.createElementNS(SVG, 'svg');
    map.setAttribute('viewBox', '0 0 ' + Math.ceil((maxx - minx) * scale + 2) + ' ' + Math.ceil((maxy - miny) * scale + 2));
    map.setAttribute('class', 'map anomalies');
    map.setAttribute('id', 'carte-polygones');
    map.setAttribute('role', 'img');
    map.setAttribute('aria-label', 'Polygones OCS GE : cliquez pour les sélectionner');
    collection.features.forEach(function (f) {
      var polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      var d = '';
      var sx = 0;
      var sy = 0;
      var n = 0;
      polys.forEach(function (p) {
        p.forEach(function (ring) { d += ringPath(ring); });
        p[0].forEach(function (c) { sx += c[0]; sy += c[1]; n++; });
      });
      var path = document.createElementNS(SVG, 'path');
      var props = f.properties;
      path.setAttribute('d', d);
      path.setAttribute('fill-rule', 'evenodd');
      path.setAttribute('fill', colours[props.CODE_CS] || '#dddddd');
      path.setAttribute('data-id', props.ID);
      path.setAttribute('data-millesime', props.MILLESIME);
      path.setAttribute('data-departement', String(props.commune).substring(0, 2));
      path.setAttribute('data-cx', sx / n);
      path.setAttribute('data-cy', sy / n);
      var title = document.createElementNS(SVG, 'title');
      title.textContent = props.ID + ' : ' + props.CODE_CS + ' / ' + props.CODE_US + ' (' + props.MILLESIME + ')';
      path.appendChild(title);
      map.appendChild(path);
    });
    zoneLayer = document.createElementNS(SVG, 'g');
    zoneLayer.setAttribute('class', 'zone');
    map.appendChild(zoneLayer);
    map.addEventListener('click', function (event) {
      if (zone) {
        var point = map.createSVGPoint();
        point.x = event.clientX;
        point.y = event.clientY;
        var p = point.matrixTransform(map.getScreenCTM().inverse());
        zone.push(inverse([p.x, p.y]));
        drawZone();
        return;
      }
      if (event.target.getAttribute && event.target.getAttribute('data-id')) {
        toggle(event.target);
        updateCount();
      }
    });
    holder.appendChild(map);
    var years = {};
    collection.features.forEach(function (f) { years[f.properties.MILLESIME] = true; });
    status.textContent = collection.features.length + ' polygones, millésime ' + Object.keys(years).join(', ') + '.';
  }

  function drawZone() {
    zoneLayer.textContent = '';
    if (!zone || zone.length === 0) {
      applyZone.disabled = true;
      return;
    }
    var shape = document.createElementNS(SVG, zone.length > 2 ? 'polygon' : 'polyline');
    shape.setAttribute('points', zone.map(function (c) { return transform(c).join(','); }).join(' '));
    shape.setAttribute('fill', zone.length > 2 ? 'rgba(31, 59, 87, 0.2)' : 'none');
    shape.setAttribute('stroke', '#1f3b57');
    shape.setAttribute('stroke-width', '2');
    zoneLayer.appendChild(shape);
    applyZone.disabled = zone.length < 3;
  }

  /* Even-odd ray casting: whether a point lies in the drawn ring. */
  function inside(x, y, ring) {
    var result = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      if ((ring[i][1] > y) !== (ring[j][1] > y)
          && x < (ring[j][0] - ring[i][0]) * (y - ring[i][1]) / (ring[j][1] - ring[i][1]) + ring[i][0]) {
        result = !result;
      }
    }
    return result;
  }

  zoneButton.addEventListener('click', function () {
    var on = zone === null;
    zone = on ? [] : null;
    zoneButton.setAttribute('aria-pressed', String(on));
    zoneButton.textContent = on ? 'Revenir à la sélection par clic' : 'Sélectionner par une zone';
    if (on) {
      status.textContent = 'Cliquez les sommets de la zone, puis « Sélectionner les polygones de la zone ».';
    }
    drawZone();
  });

  applyZone.addEventListener('click', function () {
    var n = 0;
    map.querySelectorAll('path[data-id]').forEach(function (path) {
      if (inside(parseFloat(path.getAttribute('data-cx')), parseFloat(path.getAttribute('data-cy')), zone)) {
        toggle(path, true);
        n++;
      }
    });
    status.textContent = n + ' polygone(s) dont le centre est dans la zone ajouté(s) à la sélection.';
    zone = [];
    drawZone();
    updateCount();
  });

  document.getElementById('vider').addEventListener('click', function () {
    Object.keys(selected).forEach(function (id) { toggle(selected[id], false); });
    updateCount();
  });

  /* The API's refusals (English, for programs) in French; the lines at fault follow as the API gives them. */
  function french(status, detail) {
    if (status === 401) {
      return 'Connectez-vous pour signaler des anomalies.';
    }
    if (/no anomaly recorded/.test(detail || '')) {
      return 'Aucun signalement n\'a été enregistré : certains polygones ne peuvent pas être signalés (détail ci-dessous).';
    }
    if (/propose a class or write a comment/.test(detail || '')) {
      return 'Proposez une classe ou écrivez un commentaire.';
    }
    if (/at most \d+ anomalies/.test(detail || '')) {
      return 'Trop de polygones en une fois (10 000 au plus) : envoyez-les en plusieurs fois.';
    }
    return 'Le signalement a été refusé (' + status + ').';
  }

  document.getElementById('signalement').addEventListener('submit', function (event) {
    event.preventDefault();
    errorBox.hidden = true;
    done.hidden = true;
    var form = event.target;
    var comment = form.comment.value.trim();
    if (!form.proposedCs.value && !form.proposedUs.value && !comment) {
      showError('Proposez une classe de couverture ou d\'usage, ou écrivez un commentaire.');
      return;
    }
    // one report per polygon, each with its own vintage and département (an EPCI may span two)
    var body = Object.keys(selected).map(function (id) {
      return {
        polygonId: id,
        millesime: parseInt(selected[id].getAttribute('data-millesime'), 10),
        departement: selected[id].getAttribute('data-departement'),
        proposedCs: form.proposedCs.value || null,
        proposedUs: form.proposedUs.value || null,
        comment: comment || null
      };
    });
    send.disabled = true;
    csrfToken().then(function (token) {
      var headers = {'Accept': 'application/json', 'Content-Type': 'application/json'};
      if (token) {
        headers['X-CSRF-Token'] = token;
      }
      return fetch('/ocs/api/anomalies', {method: 'POST', credentials: 'same-origin', headers: headers,
        body: JSON.stringify(body)});
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (answer) {
        send.disabled = false;
        if (!r.ok) {
          showError(french(r.status, answer.detail), answer.problems || (answer.detail ? [answer.detail] : []));
          return;
        }
        done.textContent = answer.created + (answer.created > 1 ? ' signalements enregistrés' : ' signalement enregistré')
          + ' (n° ' + answer.ids.join(', ') + ') : l\'équipe les examinera.';
        done.hidden = false;
        Object.keys(selected).forEach(function (id) { selected[id].classList.add('signale'); toggle(selected[id], false); });
        updateCount();
        form.comment.value = '';
        list();
      });
    }).catch(function (e) {
      send.disabled = false;
      showError('Le serveur n\'a pas répondu : vérifiez la connexion puis réessayez.', [String(e)]);
    });
  });

  fetch(holder.getAttribute('data-polygones'), {credentials: 'same-origin', headers: {'Accept': 'application/geo+json'}})
    .then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (answer) {
        if (!r.ok) {
          status.textContent = r.status === 404 ? 'Aucun polygone OCS GE importé pour ce territoire.'
            : 'Les polygones n\'ont pas pu être chargés (' + r.status + ').';
          return;
        }
        draw(answer);
      });
    })
    .catch(function () { status.textContent = 'Les polygones n\'ont pas pu être chargés.'; });
}());
