/* DataGrandEst portal: small progressive enhancements. The pages work without this script, except sign-in and
 * administration, which need it to talk to the JSON APIs. */
(function () {
  'use strict';

  var data = { lang: document.documentElement.lang || 'fr', texts: {} };
  var holder = document.getElementById('dge-texts');
  if (holder) {
    try { data = JSON.parse(holder.textContent); } catch (e) { /* keep the defaults */ }
  }

  /** The text for a key, with {0}, {1}… replaced by the arguments. */
  function text(key) {
    var value = Object.prototype.hasOwnProperty.call(data.texts, key) ? data.texts[key] : key;
    for (var i = 1; i < arguments.length; i++) {
      value = value.split('{' + (i - 1) + '}').join(String(arguments[i]));
    }
    return value;
  }

  /** Creates an element with text content (never HTML) and attributes. */
  function el(tag, attributes, content) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === 'className') { node.className = value; } else { node.setAttribute(name, value === true ? '' : value); }
    });
    [].concat(content === undefined ? [] : content).forEach(function (child) {
      if (child === null || child === undefined) { return; }
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** Reads a JSON (or problem+json) answer; never throws on a body that is not JSON. */
  function readJson(response) {
    return response.text().then(function (body) {
      var json = null;
      try { json = body ? JSON.parse(body) : null; } catch (e) { json = null; }
      return { status: response.status, ok: response.ok, json: json, headers: response.headers };
    });
  }

  /** A JSON request on this site, with the session cookie. */
  function request(method, url, options) {
    options = options || {};
    var headers = Object.assign({ 'Accept': 'application/json' }, options.headers || {});
    var init = { method: method, credentials: 'same-origin', headers: headers };
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.json);
    }
    return fetch(url, init).then(readJson);
  }

  /** The message of a problem answer, or a generic one. */
  function problemMessage(answer) {
    if (answer.json && typeof answer.json.detail === 'string' && answer.json.detail) { return answer.json.detail; }
    if (answer.json && typeof answer.json.title === 'string' && answer.json.title) { return answer.json.title; }
    return text('unexpected', answer.status);
  }

  var csrfToken = null;
  /** The session's CSRF token, from GET /api/auth/me; resolves to null when not signed in. */
  function csrf(refresh) {
    if (csrfToken && !refresh) { return Promise.resolve(csrfToken); }
    return request('GET', '/api/auth/me').then(function (answer) {
      csrfToken = answer.ok && answer.json ? answer.json.csrfToken || null : null;
      return answer.ok ? csrfToken : null;
    });
  }

  /** Shows a message in a live region; kind is 'error', 'ok' or 'info'. */
  function say(region, message, kind) {
    if (!region) { return; }
    region.className = region.className.replace(/\bis-(error|ok|info)\b/g, '').trim();
    if (message) { region.classList.add('is-' + (kind || 'info')); }
    region.textContent = message || '';
  }

  window.DGE = { lang: data.lang, text: text, el: el, request: request, problemMessage: problemMessage, csrf: csrf, say: say };

  // ------------------------------------------------------------ results while typing

  function debounce(fn, millis) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, millis);
    };
  }

  function territoryItem(territory) {
    return el('li', {}, [
      el('a', { href: territory.path }, territory.name),
      el('span', { className: 'meta' }, ' (' + text('level.' + territory.level) + ' · ' + territory.code + ')')
    ]);
  }

  function renderSearch(box, answer, form, query) {
    var json = answer.json || {};
    var links = json.results || [];
    var territories = json.territories || [];
    box.textContent = '';
    if (!links.length && !territories.length) {
      box.appendChild(el('p', { className: 'meta' }, text('search.none')));
      return;
    }
    box.appendChild(el('p', { className: 'visually-hidden' }, text('search.count', links.length + territories.length)));
    if (territories.length) {
      box.appendChild(el('h3', {}, text('search.territories')));
      box.appendChild(el('ul', {}, territories.map(territoryItem)));
    }
    var groups = {};
    var order = [];
    links.forEach(function (link) {
      var source = link.source || text('search.others');
      if (!groups[source]) { groups[source] = []; order.push(source); }
      groups[source].push(link);
    });
    order.forEach(function (source) {
      box.appendChild(el('h3', {}, source));
      box.appendChild(el('ul', {}, groups[source].map(function (link) {
        return el('li', {}, [el('a', { href: link.path }, link.title),
          link.summary ? el('span', { className: 'meta' }, ' — ' + link.summary) : null]);
      })));
    });
    box.appendChild(el('a', { className: 'all', href: form.action + '?q=' + encodeURIComponent(query) }, text('search.all')));
  }

  function renderTerritories(box, answer) {
    box.textContent = '';
    if (answer.status === 503) {
      box.appendChild(el('p', { className: 'meta' }, text('territory.unavailable')));
      return;
    }
    var territories = (answer.json && answer.json.territories) || [];
    if (!territories.length) {
      box.appendChild(el('p', { className: 'meta' }, text('search.none')));
      return;
    }
    box.appendChild(el('p', { className: 'visually-hidden' }, text('search.count', territories.length)));
    box.appendChild(el('ul', {}, territories.map(territoryItem)));
  }

  function enhance(form) {
    var input = form.querySelector('input[name="q"]');
    var box = document.getElementById(form.getAttribute('data-results'));
    var level = form.querySelector('select');
    if (!input || !box) { return; }
    var latest = 0;
    var run = debounce(function () {
      var query = input.value.trim();
      if (query.length < 2) { box.textContent = ''; return; }
      var ticket = ++latest;
      var url = form.getAttribute('data-endpoint') + '?q=' + encodeURIComponent(query) + '&lang=' + encodeURIComponent(data.lang);
      if (level && level.value) { url += '&level=' + encodeURIComponent(level.value); }
      request('GET', url).then(function (answer) {
        if (ticket !== latest) { return; } // an older answer arriving late
        if (form.getAttribute('data-kind') === 'territories') { renderTerritories(box, answer); }
        else { renderSearch(box, answer, form, query); }
      }).catch(function () {
        if (ticket === latest) { box.textContent = ''; box.appendChild(el('p', { className: 'meta' }, text('network'))); }
      });
    }, 250);
    input.addEventListener('input', run);
    if (level) { level.addEventListener('change', run); }

    // Down arrow goes from the box into the results, up/down moves between them, Escape comes back.
    function links() { return Array.prototype.slice.call(box.querySelectorAll('a')); }
    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown' && links().length) { event.preventDefault(); links()[0].focus(); }
      if (event.key === 'Escape') { box.textContent = ''; }
    });
    box.addEventListener('keydown', function (event) {
      var all = links();
      var index = all.indexOf(document.activeElement);
      if (index < 0) { return; }
      if (event.key === 'ArrowDown' && index < all.length - 1) { event.preventDefault(); all[index + 1].focus(); }
      if (event.key === 'ArrowUp') { event.preventDefault(); (index > 0 ? all[index - 1] : input).focus(); }
      if (event.key === 'Escape') { event.preventDefault(); box.textContent = ''; input.focus(); }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('form.live-search'), enhance);

  // ------------------------------------------------------------ sign out

  Array.prototype.forEach.call(document.querySelectorAll('[data-logout]'), function (button) {
    button.addEventListener('click', function () {
      button.disabled = true;
      csrf(true).then(function (token) {
        return request('POST', '/api/auth/logout', { headers: token ? { 'X-CSRF-Token': token } : {} });
      }).then(function (answer) {
        if (answer.ok || answer.status === 401) { window.location.assign('/'); return; }
        button.disabled = false;
        window.alert(text('logout.failed'));
      }).catch(function () {
        button.disabled = false;
        window.alert(text('network'));
      });
    });
  });
}());
