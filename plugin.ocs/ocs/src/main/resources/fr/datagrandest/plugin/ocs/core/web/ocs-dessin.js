/* OCS GE drawing page: clicks on the commune map become the vertices of a Lambert-93 polygon (the map's data-
 * attributes give the transform), or a GeoJSON is pasted or loaded from a file; the area is sent to
 * POST /ocs/api/indicators (with the session's CSRF token when the security module runs) and the answer shown.
 * The API's refusals are in English for programs: they are shown here in French. No library, works offline. */
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var map = document.getElementById('carte-dessin');
  var text = document.getElementById('texte-geojson');
  var errorBox = document.getElementById('erreur');
  var results = document.getElementById('resultats');
  var count = document.getElementById('sommets');
  var buttons = {
    compute: document.getElementById('calculer'),
    undo: document.getElementById('annuler-sommet'),
    clear: document.getElementById('effacer')
  };
  var minx = parseFloat(map.getAttribute('data-minx'));
  var maxy = parseFloat(map.getAttribute('data-maxy'));
  var scale = parseFloat(map.getAttribute('data-scale'));
  var vertices = [];
  var layer = document.createElementNS(SVG, 'g');
  layer.setAttribute('class', 'zone');
  map.appendChild(layer);

  var nf1 = new Intl.NumberFormat('fr-FR', {minimumFractionDigits: 1, maximumFractionDigits: 1});
  var nf2 = new Intl.NumberFormat('fr-FR', {minimumFractionDigits: 2, maximumFractionDigits: 2});
  function ha(m2) { return nf1.format(m2 / 10000) + ' ha'; }
  function pct(share) { return nf2.format(share * 100) + ' %'; }

  /* The API's messages (English) and their French wording; the API's own detail follows for reference. */
  var FRENCH = [
    [/body is empty/, 'Aucune zone n\'a été envoyée : dessinez une zone ou collez un GeoJSON.'],
    [/not JSON/, 'Le texte n\'est pas du JSON : collez un polygone GeoJSON.'],
    [/FeatureCollection must hold exactly one Feature/, 'La FeatureCollection doit contenir exactement une Feature (la zone).'],
    [/unsupported crs/, 'Système de coordonnées non pris en charge : donnez des longitudes/latitudes (WGS 84) ou du Lambert-93 (EPSG:2154).'],
    [/must be a GeoJSON Polygon or MultiPolygon/, 'La zone doit être un Polygon ou un MultiPolygon GeoJSON.'],
    [/MultiPolygon has no polygon/, 'Le MultiPolygon ne contient aucun polygone.'],
    [/outside metropolitan France/, 'Les coordonnées Lambert-93 sont hors de la France métropolitaine.'],
    [/not longitude\/latitude/, 'Les coordonnées ne sont pas des longitudes/latitudes en France ; pour du Lambert-93, ajoutez le membre "crs" EPSG:2154.'],
    [/not a valid polygon: Self-intersection/, 'Le contour de la zone se recoupe : les côtés ne doivent pas se croiser.'],
    [/not a valid polygon/, 'La zone n\'est pas un polygone valide (contour qui se recoupe, trous hors du contour…).'],
    [/empty \(zero area\)/, 'La zone a une surface nulle.'],
    [/km², more than/, 'La zone est trop vaste (plus de 1 000 km²) : consultez plutôt les indicateurs des communes, de l\'EPCI ou du département.'],
    [/more than \d+ vertices/, 'La zone a trop de sommets (100 000 au plus).'],
    [/position must be/, 'Une position doit être un couple de nombres [x, y].'],
    [/ring needs at least 4 positions/, 'Un contour doit avoir au moins 4 positions, la dernière égale à la première.'],
    [/at least one ring/, 'Un polygone doit avoir au moins un contour.'],
    [/no OCS GE polygon in the drawn area/, 'Aucun polygone OCS GE dans la zone : elle est hors des communes des départements importés.'],
    [/no OCS GE vintage is imported/, 'Aucun millésime OCS GE n\'est importé pour le département de la zone.'],
    [/larger than .* MiB/, 'Le fichier GeoJSON est trop volumineux.'],
    [/is after to/, 'Le millésime de départ est postérieur au millésime d\'arrivée.']
  ];

  function french(status, detail) {
    for (var i = 0; i < FRENCH.length; i++) {
      if (FRENCH[i][0].test(detail || '')) {
        return FRENCH[i][1];
      }
    }
    if (status === 403) {
      return 'Vous n\'êtes pas autorisé à faire ce calcul : reconnectez-vous.';
    }
    return 'Le calcul a été refusé (' + status + ').';
  }

  function showError(message, detail) {
    errorBox.textContent = '';
    var p = document.createElement('p');
    p.className = 'message';
    p.textContent = message;
    errorBox.appendChild(p);
    if (detail) {
      var d = document.createElement('p');
      d.className = 'note';
      d.textContent = 'Détail technique : ' + detail;
      errorBox.appendChild(d);
    }
    errorBox.hidden = false;
    errorBox.scrollIntoView({block: 'nearest'});
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.textContent = '';
  }

  function toLambert(px, py) {
    return [Math.round((minx + (px - 1) / scale) * 10) / 10, Math.round((maxy - (py - 1) / scale) * 10) / 10];
  }

  function toMap(x, y) {
    return [(x - minx) * scale + 1, (maxy - y) * scale + 1];
  }

  function redraw() {
    while (layer.firstChild) {
      layer.removeChild(layer.firstChild);
    }
    var points = vertices.map(function (v) { return toMap(v[0], v[1]).join(','); }).join(' ');
    var shape = document.createElementNS(SVG, vertices.length > 2 ? 'polygon' : 'polyline');
    shape.setAttribute('points', points);
    shape.setAttribute('fill', vertices.length > 2 ? 'rgba(31, 59, 87, 0.25)' : 'none');
    shape.setAttribute('stroke', '#1f3b57');
    shape.setAttribute('stroke-width', '1.5');
    layer.appendChild(shape);
    vertices.forEach(function (v) {
      var c = document.createElementNS(SVG, 'circle');
      var p = toMap(v[0], v[1]);
      c.setAttribute('cx', p[0]);
      c.setAttribute('cy', p[1]);
      c.setAttribute('r', '2.5');
      c.setAttribute('fill', '#c0392b');
      layer.appendChild(c);
    });
    buttons.compute.disabled = vertices.length < 3;
    buttons.undo.disabled = vertices.length === 0;
    buttons.clear.disabled = vertices.length === 0;
    count.textContent = vertices.length === 0 ? 'Aucun sommet placé.'
      : vertices.length + (vertices.length > 1 ? ' sommets placés' : ' sommet placé')
        + (vertices.length < 3 ? ' : il en faut au moins 3.' : '.');
  }

  map.addEventListener('click', function (event) {
    var point = map.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var p = point.matrixTransform(map.getScreenCTM().inverse());
    vertices.push(toLambert(p.x, p.y));
    redraw();
  });

  buttons.undo.addEventListener('click', function () {
    vertices.pop();
    redraw();
  });

  buttons.clear.addEventListener('click', function () {
    vertices = [];
    redraw();
    clearError();
  });

  buttons.compute.addEventListener('click', function () {
    var ring = vertices.slice();
    ring.push(vertices[0]);
    var feature = {
      type: 'Feature',
      properties: {nom: 'zone dessinée'},
      geometry: {
        type: 'Polygon',
        crs: {type: 'name', properties: {name: 'urn:ogc:def:crs:EPSG::2154'}},
        coordinates: [ring]
      }
    };
    text.value = JSON.stringify(feature);
    send(text.value);
  });

  document.getElementById('calculer-geojson').addEventListener('click', function () {
    var body = text.value.trim();
    if (!body) {
      showError('Collez un GeoJSON ou chargez un fichier avant de lancer le calcul.');
      return;
    }
    try {
      JSON.parse(body);
    } catch (e) {
      showError('Le texte n\'est pas du JSON valide : vérifiez les accolades, crochets et virgules.', e.message);
      return;
    }
    send(body);
  });

  document.getElementById('fichier-geojson').addEventListener('change', function (event) {
    var file = event.target.files[0];
    if (!file) {
      return;
    }
    if (file.size > 16 * 1024 * 1024) {
      showError('Le fichier est trop volumineux (16 Mio au plus).');
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      text.value = reader.result;
      clearError();
    };
    reader.onerror = function () {
      showError('Le fichier n\'a pas pu être lu.');
    };
    reader.readAsText(file);
  });

  function csrfToken() {
    return fetch('/api/auth/me', {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (me) { return me && me.csrfToken ? me.csrfToken : null; })
      .catch(function () { return null; });
  }

  function send(body) {
    clearError();
    results.hidden = true;
    count.textContent = 'Calcul en cours…';
    csrfToken().then(function (token) {
      var headers = {'Accept': 'application/json', 'Content-Type': 'application/geo+json'};
      if (token) {
        headers['X-CSRF-Token'] = token;
      }
      return fetch('/ocs/api/indicators', {method: 'POST', credentials: 'same-origin', headers: headers, body: body});
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (answer) {
        redraw();
        if (!r.ok) {
          showError(french(r.status, answer.detail), answer.detail || answer.title || r.statusText);
          return;
        }
        show(answer);
      });
    }).catch(function (e) {
      redraw();
      showError('Le serveur n\'a pas répondu : vérifiez la connexion puis réessayez.', String(e));
    });
  }

  function el(name, attrs, content) {
    var e = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (content !== undefined && content !== null) {
      e.textContent = content;
    }
    return e;
  }

  function figure(list, id, label, m2, extra) {
    var div = el('div', {id: id, 'data-m2': String(m2)});
    div.appendChild(el('dt', null, label));
    div.appendChild(el('dd', null, ha(m2) + (extra ? ' (' + extra + ')' : '')));
    list.appendChild(div);
  }

  function classTable(caption, classes, from, to) {
    var table = el('table');
    table.appendChild(el('caption', null, caption));
    var head = el('tr');
    ['Code', 'Classe', String(from), String(to)].forEach(function (h) { head.appendChild(el('th', {scope: 'col'}, h)); });
    table.appendChild(el('thead')).appendChild(head);
    var body = el('tbody');
    classes.forEach(function (c) {
      if (c.areaFrom <= 0 && c.areaTo <= 0) {
        return;
      }
      var tr = el('tr', {'data-code': c.code});
      var sw = el('span', {'class': 'sw'});
      sw.style.background = c.color;
      var label = el('td');
      label.appendChild(sw);
      label.appendChild(document.createTextNode(' ' + c.label));
      tr.appendChild(el('td', null, c.code));
      tr.appendChild(label);
      tr.appendChild(el('td', {'data-m2': String(c.areaFrom)}, ha(c.areaFrom)));
      tr.appendChild(el('td', {'data-m2': String(c.areaTo)}, ha(c.areaTo)));
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  function show(r) {
    results.textContent = '';
    var from = Math.min.apply(null, r.sources.map(function (s) { return s.from; }));
    var to = Math.max.apply(null, r.sources.map(function (s) { return s.to; }));
    results.appendChild(el('h2', null, 'Indicateurs de la zone (' + from + ' → ' + to + ')'));
    if (r.synthetic) {
      var w = el('p', {'class': 'warning', role: 'note'});
      w.appendChild(el('strong', null, 'Données synthétiques.'));
      w.appendChild(document.createTextNode(' Chiffres de démonstration calculés sur une OCS GE fictive : ils ne'
        + ' décrivent pas l\'occupation réelle du sol.'));
      results.appendChild(w);
    }
    var sources = r.sources.map(function (s) {
      return 'département ' + s.departement + ' : ' + s.from + ' → ' + s.to + ' (' + s.communes + ' commune'
        + (s.communes > 1 ? 's' : '') + ')';
    }).join(' ; ');
    results.appendChild(el('p', {'class': 'sources'}, 'Millésimes : ' + sources + ' ; matrice ' + r.matrix
      + ', nomenclature ' + r.nomenclature + '.'
      + (r.mixedVintages ? ' La zone couvre des départements aux millésimes différents : les flux additionnent des'
        + ' périodes différentes.' : '')
      + (r.departementsWithoutData && r.departementsWithoutData.length
        ? ' Sans millésime importé : ' + r.departementsWithoutData.join(', ') + ' (non compté).' : '')));
    var dl = el('dl', {'class': 'figures'});
    figure(dl, 'surface-dessinee', 'Surface dessinée', r.drawnArea);
    figure(dl, 'surface-couverte', 'Surface couverte par l\'OCS GE', r.area, pct(r.coveredShare));
    figure(dl, 'artificialise', 'Surface artificialisée ' + to, r.artificialised.to.area, pct(r.artificialised.to.share));
    figure(dl, 'impermeabilise', 'Surface imperméabilisée ' + to, r.impervious.to.area, pct(r.impervious.to.share));
    figure(dl, 'artificialisation', 'Artificialisation ' + from + '–' + to, r.flows.artificialisation);
    figure(dl, 'desartificialisation', 'Désartificialisation ' + from + '–' + to, r.flows.deArtificialisation);
    figure(dl, 'net', 'Artificialisation nette ' + from + '–' + to, r.flows.net);
    figure(dl, 'enaf', 'Consommation d\'ENAF ' + from + '–' + to, r.enaf.consumption, ha(r.enaf.annualRate) + ' par an');
    results.appendChild(dl);
    results.appendChild(el('p', {'class': 'note'}, 'ENAF : ' + r.enaf.source + '. ' + (r.zanNote || '')));
    if (r.enaf.fichiersFonciers) {
      results.appendChild(el('p', {'class': 'note', id: 'note-cerema'}, r.enaf.fichiersFonciers));
    }
    results.appendChild(el('h3', null, 'Couverture du sol par classe'));
    results.appendChild(classTable('Surfaces par classe de couverture', r.cover, from, to));
    results.appendChild(el('h3', null, 'Usage du sol par classe'));
    results.appendChild(classTable('Surfaces par classe d\'usage', r.use, from, to));
    results.appendChild(el('h3', null, 'Principaux changements de couverture'));
    if (r.flows.coverChanges.length === 0) {
      results.appendChild(el('p', null, 'Aucun changement de couverture entre les millésimes dans la zone.'));
    } else {
      var table = el('table', {id: 'changements'});
      var head = el('tr');
      head.appendChild(el('th', {scope: 'col'}, 'Changement'));
      head.appendChild(el('th', {scope: 'col'}, 'Surface'));
      table.appendChild(el('thead')).appendChild(head);
      var body = el('tbody');
      r.flows.coverChanges.forEach(function (c) {
        var tr = el('tr');
        tr.appendChild(el('td', null, c.change));
        tr.appendChild(el('td', {'data-m2': String(c.area)}, ha(c.area)));
        body.appendChild(tr);
      });
      table.appendChild(body);
      results.appendChild(table);
    }
    results.hidden = false;
    results.scrollIntoView({block: 'start'});
  }

  redraw();
}());
