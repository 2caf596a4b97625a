// Visionneuse DataGrandEst : couches WMS (rendues par la plateforme avec leur style), légende,
// informations au clic (GetFeatureInfo) et zoom sur un territoire. Aucune ressource externe.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const integre = params.has('integre') || params.has('embed');
  if (integre) document.body.classList.add('integre');
  const demandees = (params.get('layers') || params.get('couches') || '').split(',').filter(Boolean);
  const etat = document.getElementById('etat');
  let couches = [];

  // Emprise demandée (?bbox=ouest,sud,est,nord), validée et écrite dans la page par le serveur.
  const emprise = (document.getElementById('carte').dataset.emprise || '').split(',').map(Number);
  const options = {
    container: 'carte',
    style: { version: 8, sources: {}, layers: [{ id: 'fond', type: 'background', paint: { 'background-color': '#f4f1ea' } }] },
    center: [5.6, 48.7], zoom: 6.3, attributionControl: { compact: false }
  };
  if (emprise.length === 4 && emprise.every(Number.isFinite)) {
    options.bounds = [[emprise[0], emprise[1]], [emprise[2], emprise[3]]];
    options.fitBoundsOptions = { padding: 20, maxZoom: 14 };
  }
  const map = new maplibregl.Map(options);
  map.addControl(new maplibregl.NavigationControl(), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');

  function wmsUrl(id) {
    return '/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=' + encodeURIComponent(id) +
      '&STYLES=&CRS=EPSG:3857&BBOX={bbox-epsg-3857}&WIDTH=256&HEIGHT=256&FORMAT=image/png&TRANSPARENT=TRUE';
  }

  function absolu(chemin) { return new URL(chemin, location.origin).toString(); }

  function afficher(couche, visible) {
    const id = 'wms-' + couche.id;
    if (visible && !map.getSource(id)) {
      map.addSource(id, { type: 'raster', tiles: [absolu(wmsUrl(couche.id))], tileSize: 256, attribution: couche.attribution });
      map.addLayer({ id: id, type: 'raster', source: id });
    } else if (!visible && map.getSource(id)) {
      map.removeLayer(id);
      map.removeSource(id);
    }
  }

  function legende(couche) {
    const ul = document.createElement('ul');
    ul.className = 'legende';
    ul.setAttribute('aria-label', 'Légende de ' + couche.title);
    for (const entree of couche.legend) {
      const li = document.createElement('li');
      const s = document.createElement('span');
      s.className = 'symbole';
      s.setAttribute('aria-hidden', 'true');
      if (entree.fill) s.style.background = entree.fill;
      if (entree.stroke) s.style.borderColor = entree.stroke;
      if (couche.geometryType === 'point') s.style.borderRadius = '50%';
      li.append(s, document.createTextNode(entree.label));
      ul.append(li);
    }
    return ul;
  }

  function liste() {
    const conteneur = document.getElementById('couches');
    conteneur.textContent = '';
    couches.forEach(function (couche, i) {
      const div = document.createElement('div');
      div.className = 'couche';
      const cb = document.createElement('input');
      cb.type = 'checkbox';
      cb.id = 'couche-' + couche.id;
      cb.checked = demandees.length ? demandees.includes(couche.id) : i < 2 || couche.id === 'departements';
      const label = document.createElement('label');
      label.htmlFor = cb.id;
      label.textContent = ' ' + couche.title;
      cb.addEventListener('change', function () { ordonner(); });
      const actions = document.createElement('div');
      actions.className = 'actions';
      const zoom = document.createElement('button');
      zoom.type = 'button';
      zoom.textContent = 'Centrer';
      zoom.addEventListener('click', function () { if (couche.extent) map.fitBounds(couche.extent, { padding: 20 }); });
      const donnees = document.createElement('a');
      donnees.href = '/maps/ogcapi/collections/' + encodeURIComponent(couche.id) + '/items?f=html';
      donnees.textContent = 'Données';
      actions.append(zoom, document.createTextNode(' · '), donnees,
        document.createTextNode(' · ' + couche.featureCount.toLocaleString('fr-FR') + ' objets'));
      div.append(cb, label, actions);
      // La fiche du catalogue qui décrit la couche, quand le catalogue fonctionne.
      if (couche.catalogRecordLink) {
        const fiche = document.createElement('div');
        fiche.className = 'fiche';
        const lien = document.createElement('a');
        lien.href = couche.catalogRecordLink.href;
        lien.textContent = couche.catalogRecordLink.title;
        fiche.append(document.createTextNode('Fiche du catalogue : '), lien);
        div.append(fiche);
      }
      div.append(legende(couche));
      conteneur.append(div);
    });
    ordonner();
  }

  // Polygones étendus en bas, détails au-dessus : l'ordre de la liste inverse, comme dans un SIG.
  function ordonner() {
    const visibles = couches.filter(c => document.getElementById('couche-' + c.id).checked);
    couches.forEach(c => afficher(c, false));
    visibles.slice().reverse().forEach(c => afficher(c, true));
  }

  map.on('load', function () {
    etat.textContent = 'Chargement des couches…';
    fetch('/maps/api/layers').then(r => r.json()).then(function (data) {
      // Les plus détaillées d'abord dans la liste (dessinées au-dessus).
      const rang = { point: 0, line: 1, geometry: 2, polygon: 3 };
      couches = data.sort((a, b) => (rang[a.geometryType] - rang[b.geometryType]) || (b.featureCount - a.featureCount));
      liste();
      etat.textContent = couches.length + ' couches disponibles.';
      const territoire = params.get('territoire') || params.get('territory');
      if (territoire && territoire.includes(':')) {
        const [niveau, code] = territoire.split(':');
        allerA(niveau, code, params.get('nom') || code);
      }
    }).catch(function () { etat.textContent = 'Les couches n\u2019ont pas pu être chargées.'; });
  });

  map.on('click', function (e) {
    const visibles = couches.filter(c => document.getElementById('couche-' + c.id)?.checked).map(c => c.id);
    const infos = document.getElementById('infos');
    if (!visibles.length) { infos.textContent = 'Aucune couche affichée.'; return; }
    const b = map.getBounds();
    const canvas = map.getCanvas();
    const w = canvas.clientWidth, h = canvas.clientHeight;
    const url = '/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&STYLES=&CRS=CRS:84&FORMAT=image/png' +
      '&LAYERS=' + visibles.join(',') + '&QUERY_LAYERS=' + visibles.join(',') +
      '&BBOX=' + [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(',') +
      '&WIDTH=' + w + '&HEIGHT=' + h + '&I=' + Math.round(e.point.x) + '&J=' + Math.round(e.point.y) +
      '&INFO_FORMAT=application/json&FEATURE_COUNT=' + visibles.length;
    infos.textContent = 'Recherche…';
    fetch(url).then(r => r.json()).then(function (fc) {
      infos.textContent = '';
      if (!fc.features || !fc.features.length) { infos.textContent = 'Aucun objet à cet endroit.'; return; }
      for (const f of fc.features) {
        const couche = couches.find(c => c.id === f.properties.layer);
        const t = document.createElement('table');
        const cap = document.createElement('caption');
        cap.textContent = couche ? couche.title : f.properties.layer;
        t.append(cap);
        for (const [k, v] of Object.entries(f.properties)) {
          if (k === 'layer') continue;
          const tr = document.createElement('tr');
          const th = document.createElement('th'); th.scope = 'row'; th.textContent = k;
          const td = document.createElement('td'); td.textContent = v === null ? '' : String(v);
          tr.append(th, td); t.append(tr);
        }
        infos.append(t);
      }
    }).catch(function () { infos.textContent = 'Les informations n\u2019ont pas pu être lues.'; });
  });

  function allerA(niveau, code, nom) {
    fetch('/api/territories/' + encodeURIComponent(niveau) + '/' + encodeURIComponent(code) + '/geometry?crs=4326')
      .then(r => { if (!r.ok) throw new Error(); return r.json(); })
      .then(function (f) {
        let minx = 180, miny = 90, maxx = -180, maxy = -90;
        (function parcourir(c) {
          if (typeof c[0] === 'number') {
            minx = Math.min(minx, c[0]); maxx = Math.max(maxx, c[0]); miny = Math.min(miny, c[1]); maxy = Math.max(maxy, c[1]);
          } else c.forEach(parcourir);
        })(f.geometry.coordinates);
        map.fitBounds([[minx, miny], [maxx, maxy]], { padding: 30, animate: false });
        etat.textContent = 'Carte centrée sur ' + ((f.properties && f.properties.name) || nom) + '.';
      })
      .catch(function () { etat.textContent = 'Le contour de ce territoire n\u2019est pas disponible.'; });
  }

  const champ = document.getElementById('recherche-territoire');
  const resultats = document.getElementById('resultats-territoire');
  let minuteur;
  champ.addEventListener('input', function () {
    clearTimeout(minuteur);
    minuteur = setTimeout(function () {
      const q = champ.value.trim();
      resultats.textContent = '';
      if (q.length < 2) return;
      fetch('/api/territories?limit=8&q=' + encodeURIComponent(q)).then(r => { if (!r.ok) throw new Error(); return r.json(); })
        .then(function (liste) {
          for (const t of liste) {
            const li = document.createElement('li');
            const b = document.createElement('button');
            b.type = 'button';
            const niveaux = { commune: 'commune', epci: 'EPCI', departement: 'département', region: 'région' };
            b.textContent = t.name + ' (' + (niveaux[t.level] || t.level) + ')';
            b.addEventListener('click', () => allerA(t.level, t.code, t.name));
            li.append(b);
            resultats.append(li);
          }
          if (!liste.length) resultats.textContent = 'Aucun territoire trouvé.';
        })
        .catch(function () { resultats.textContent = 'La recherche de territoires n\u2019est pas disponible.'; });
    }, 250);
  });
})();
