/* Administration: the module table and its actions, the upload with its dry run, the module catalogue of the
 * configured repositories (install by resolution after a dry run), the audit log.
 * Every change sends the session's CSRF token (X-CSRF-Token), read from GET /api/auth/me. */
(function () {
  'use strict';
  var DGE = window.DGE;
  var root = document.getElementById('admin');
  if (!DGE || !root) { return; }
  var t = DGE.text;
  var el = DGE.el;
  var status = document.getElementById('admin-status');
  var modulesBody = document.getElementById('modules-body');
  var token = null;
  var AUDIT_PAGE = 20;

  function toLogin() { window.location.assign('/login?next=' + encodeURIComponent('/admin')); }

  function refreshToken() {
    return DGE.request('GET', '/api/auth/me').then(function (answer) {
      if (answer.status === 401) { toLogin(); throw new Error('signed out'); }
      if (!answer.ok || !answer.json) {
        DGE.say(status, t('admin.securityMissing'), 'error');
        throw new Error('no session');
      }
      token = answer.json.csrfToken;
      return token;
    });
  }

  /** A state-changing call with the CSRF token; a refused token is renewed once (the session may have rotated it). */
  function change(method, url) {
    function send() { return DGE.request(method, url, { headers: { 'X-CSRF-Token': token || '' } }); }
    return send().then(function (answer) {
      if (answer.status === 401) { toLogin(); throw new Error('signed out'); }
      if (answer.status !== 403) { return answer; }
      return refreshToken().then(send);
    });
  }

  // ------------------------------------------------------------ modules

  function short(sha) { return sha ? sha.substring(0, 12) + '…' : '—'; }

  function copyButton(module) {
    var code = el('code', { title: module.sha256 }, short(module.sha256));
    var button = el('button', { type: 'button', className: 'secondary small',
      'aria-label': t('admin.copyLabel', module.symbolicName) }, t('admin.copy'));
    button.addEventListener('click', function () {
      var done = function () { DGE.say(status, t('admin.copied'), 'ok'); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(module.sha256).then(done, function () { selectText(code, module.sha256); });
      } else {
        selectText(code, module.sha256);
      }
    });
    return el('div', { className: 'sha' }, module.sha256 ? [code, button] : [code]);
  }

  /** Without the clipboard API: shows the full value selected, ready for Ctrl+C. */
  function selectText(code, full) {
    code.textContent = full;
    var range = document.createRange();
    range.selectNodeContents(code);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    DGE.say(status, t('admin.copyFailed'), 'info');
  }

  function actionButton(module, action) {
    var button = el('button', { type: 'button', className: action === 'uninstall' ? 'danger small' : 'secondary small',
      'aria-label': t('admin.actionLabel', t('admin.action.' + action), module.symbolicName),
      'data-action': action }, t('admin.action.' + action));
    button.addEventListener('click', function () { act(module, action); });
    return button;
  }

  /** A fragment is attached to its host: it has nothing to start or stop. */
  function isFragment(module) { return module.fragment === true; }

  function row(module) {
    var actions = [];
    if (module.state !== 'ACTIVE' && !isFragment(module)) { actions.push(actionButton(module, 'start')); }
    if (module.state === 'ACTIVE' && !module.kernel) { actions.push(actionButton(module, 'stop')); }
    if (module.previousVersions > 0) { actions.push(actionButton(module, 'rollback')); }
    if (!module.kernel) { actions.push(actionButton(module, 'uninstall')); }
    var messages = module.healthMessages || [];
    return el('tr', { 'data-bsn': module.symbolicName }, [
      el('td', {}, [
        el('span', { className: 'module-name' }, module.name || module.symbolicName),
        el('code', { className: 'module-bsn' }, module.symbolicName)
      ]),
      el('td', {}, [module.version,
        module.previousVersions > 0 ? el('div', { className: 'meta' }, t('admin.previous', module.previousVersions)) : null]),
      el('td', {}, t(isFragment(module) ? 'admin.state.FRAGMENT' : 'admin.state.' + module.state)),
      el('td', {}, [el('span', { className: 'badge ' + module.health }, t('admin.health.' + module.health)),
        messages.length ? el('ul', { className: 'health-messages' }, messages.map(function (m) { return el('li', {}, m); })) : null]),
      el('td', {}, t('admin.source.' + module.source)),
      el('td', {}, copyButton(module)),
      el('td', {}, el('div', { className: 'row-actions' }, module.kernel
        ? [el('span', { className: 'badge kernel', title: t('admin.kernelHint') },
          [t('admin.kernel'), el('span', { className: 'visually-hidden' }, ' — ' + t('admin.kernelHint'))])].concat(actions)
        : actions))
    ]);
  }

  function loadModules(highlight) {
    return DGE.request('GET', '/api/admin/modules').then(function (answer) {
      if (answer.status === 401) { toLogin(); return; }
      if (!answer.ok || !answer.json) {
        DGE.say(status, t('admin.modulesFailed', DGE.problemMessage(answer)), 'error');
        return;
      }
      modulesBody.textContent = '';
      answer.json.modules.forEach(function (module) {
        var tr = row(module);
        tr.setAttribute('data-filter', (module.symbolicName + ' ' + (module.name || '')).toLowerCase());
        if (module.symbolicName === highlight) { tr.className = 'just-changed'; }
        modulesBody.appendChild(tr);
      });
      applyFilter();
      var changed = highlight && modulesBody.querySelector('tr.just-changed');
      if (changed && changed.scrollIntoView) { changed.scrollIntoView({ block: 'nearest' }); }
    }).catch(function () { DGE.say(status, t('network'), 'error'); });
  }

  // The list is long once a REST stack or many plugins run: a filter on names keeps it usable.
  var filter = document.getElementById('modules-filter');
  var filterCount = document.getElementById('modules-count');
  function applyFilter() {
    var words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var rows = modulesBody.querySelectorAll('tr[data-filter]');
    var shown = 0;
    Array.prototype.forEach.call(rows, function (tr) {
      var text = tr.getAttribute('data-filter');
      var match = words.every(function (w) { return text.indexOf(w) >= 0; });
      tr.hidden = !match;
      if (match) { shown++; }
    });
    filterCount.textContent = t('admin.filter.count', shown, rows.length);
  }
  filter.addEventListener('input', applyFilter);

  /** The modules that use this one, from the uninstall dry run; none when it cannot be asked. */
  function dependantsOf(module) {
    return DGE.request('DELETE', '/api/admin/modules/' + encodeURIComponent(module.symbolicName) + '?dryRun=true',
      { headers: { 'X-CSRF-Token': token || '' } }).then(function (answer) {
      return answer.ok && answer.json && answer.json.dependants ? answer.json.dependants : [];
    }, function () { return []; });
  }

  function confirmUninstall(module) {
    return dependantsOf(module).then(function (dependants) {
      var text = t('admin.confirmUninstall.text', module.symbolicName, module.version) +
        (dependants.length ? ' ' + t('admin.confirmUninstall.dependants', dependants.join(', ')) : '');
      var dialog = document.getElementById('confirm-dialog');
      if (!dialog || typeof dialog.showModal !== 'function') {
        return window.confirm(text);
      }
      document.getElementById('confirm-title').textContent = t('admin.confirmUninstall.title', module.symbolicName);
      document.getElementById('confirm-text').textContent = text;
      document.getElementById('confirm-ok').textContent = t('admin.confirmUninstall.ok');
      return new Promise(function (resolve) {
        dialog.addEventListener('close', function onClose() {
          dialog.removeEventListener('close', onClose);
          resolve(dialog.returnValue === 'confirm');
        });
        dialog.returnValue = '';
        dialog.showModal();
      });
    });
  }

  function act(module, action) {
    var ready = action === 'uninstall' ? confirmUninstall(module) : Promise.resolve(true);
    ready.then(function (confirmed) {
      if (!confirmed) { return; }
      var buttons = modulesBody.querySelectorAll('button[data-action]');
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
      DGE.say(status, t('admin.running.' + action, module.symbolicName), 'info');
      var url = '/api/admin/modules/' + encodeURIComponent(module.symbolicName);
      var call = action === 'uninstall' ? change('DELETE', url) : change('POST', url + '/' + action);
      return call.then(function (answer) {
        if (answer.ok) {
          DGE.say(status, t('admin.done', (answer.json && answer.json.message) || action), 'ok');
        } else if (answer.status === 403) {
          DGE.say(status, t('admin.forbidden') + ' ' + DGE.problemMessage(answer), 'error');
        } else {
          DGE.say(status, t('admin.refused', DGE.problemMessage(answer)), 'error');
        }
        return loadModules(module.symbolicName);
      });
    }).catch(function (e) {
      if (e && e.message !== 'signed out') { DGE.say(status, t('network'), 'error'); }
      loadModules();
    });
  }

  // ------------------------------------------------------------ upload: dry run, then deploy

  var deployForm = document.getElementById('deploy-form');
  var jarInput = document.getElementById('deploy-jar');
  var forceBox = document.getElementById('deploy-force');
  var checkButton = document.getElementById('deploy-check');
  var confirmButton = document.getElementById('deploy-confirm');
  var progress = document.getElementById('deploy-progress');
  var result = document.getElementById('deploy-result');

  function resetDeploy() {
    confirmButton.hidden = true;
    confirmButton.disabled = true;
    progress.hidden = true;
    DGE.say(result, '');
  }

  /** Sends the jar as the raw body with XMLHttpRequest, which reports upload progress. */
  function upload(dryRun, retried) {
    var file = jarInput.files[0];
    var url = '/api/admin/modules?dryRun=' + dryRun + (forceBox.checked ? '&force=true' : '');
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.withCredentials = true;
      xhr.setRequestHeader('Content-Type', 'application/java-archive');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('X-CSRF-Token', token || '');
      progress.hidden = false;
      progress.value = 0;
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) { progress.value = Math.round(100 * event.loaded / event.total); }
      };
      xhr.onload = function () {
        progress.hidden = true;
        var json = null;
        try { json = JSON.parse(xhr.responseText); } catch (e) { json = null; }
        resolve({ status: xhr.status, ok: xhr.status >= 200 && xhr.status < 300, json: json });
      };
      xhr.onerror = function () { progress.hidden = true; reject(new Error('network')); };
      xhr.send(file);
    }).then(function (answer) {
      if (answer.status === 401) { toLogin(); throw new Error('signed out'); }
      if (answer.status === 403 && !retried) { return refreshToken().then(function () { return upload(dryRun, true); }); }
      return answer;
    });
  }

  function describe(operation) {
    var versions = operation.fromVersion ? operation.fromVersion + ' → ' + operation.toVersion : operation.toVersion;
    var rows = [
      [t('admin.deploy.module'), el('code', {}, operation.symbolicName)],
      [t('admin.deploy.action'), t('admin.action.' + operation.action)],
      [t('admin.deploy.versions'), versions],
      [t('admin.deploy.sha256'), el('code', {}, operation.sha256)],
      [t('admin.deploy.message'), operation.message]
    ];
    if (!operation.dryRun && operation.swapMillis > 0) {
      rows.push([t('admin.deploy.swap'), t('admin.deploy.swapMillis', operation.swapMillis)]);
    }
    if (operation.refreshed && operation.refreshed.length) {
      rows.push([t('admin.deploy.refreshed'), operation.refreshed.join(', ')]);
    }
    var list = el('dl');
    rows.forEach(function (r) { list.appendChild(el('dt', {}, r[0])); list.appendChild(el('dd', {}, r[1])); });
    return list;
  }

  function showProblem(answer, lead) {
    var box = el('div', { className: 'form-message is-error', role: 'alert' }, [el('p', {}, lead), el('p', {}, DGE.problemMessage(answer))]);
    var missing = answer.json && answer.json.missingRequirements;
    if (missing && missing.length) {
      box.appendChild(el('p', {}, t('admin.deploy.missing', missing.length)));
      box.appendChild(el('ul', { className: 'missing-requirements' }, missing.map(function (m) { return el('li', {}, el('code', {}, m)); })));
    }
    DGE.say(result, '');
    result.appendChild(box);
  }

  jarInput.addEventListener('change', resetDeploy);
  forceBox.addEventListener('change', resetDeploy);
  deployForm.addEventListener('reset', function () { setTimeout(resetDeploy, 0); });

  deployForm.addEventListener('submit', function (event) {
    event.preventDefault();
    resetDeploy();
    var file = jarInput.files[0];
    if (!file) { DGE.say(result, t('admin.deploy.chooseFile'), 'error'); jarInput.focus(); return; }
    if (!/\.jar$/i.test(file.name)) { DGE.say(result, t('admin.deploy.notJar'), 'error'); jarInput.focus(); return; }
    checkButton.disabled = true;
    DGE.say(result, t('admin.deploy.uploading', file.name) + ' ' + t('admin.deploy.checking'), 'info');
    upload(true).then(function (answer) {
      checkButton.disabled = false;
      DGE.say(result, '');
      if (!answer.ok || !answer.json) { showProblem(answer, t('admin.deploy.dryRunFailed')); return; }
      var unchanged = answer.json.action === 'unchanged';
      result.appendChild(el('p', { className: 'form-message ' + (unchanged ? 'is-info' : 'is-ok') },
        unchanged ? t('admin.deploy.unchanged') : t('admin.deploy.dryRunOk') + ' ' + t('admin.deploy.confirmHint')));
      result.appendChild(describe(answer.json));
      if (!unchanged) {
        confirmButton.hidden = false;
        confirmButton.disabled = false;
        confirmButton.focus();
      }
    }).catch(function (e) {
      checkButton.disabled = false;
      if (e.message !== 'signed out') { DGE.say(result, t('network'), 'error'); }
    });
  });

  confirmButton.addEventListener('click', function () {
    confirmButton.disabled = true;
    checkButton.disabled = true;
    DGE.say(status, t('admin.deploy.deploying'), 'info');
    upload(false).then(function (answer) {
      checkButton.disabled = false;
      confirmButton.hidden = true;
      DGE.say(result, '');
      if (!answer.ok || !answer.json) {
        DGE.say(status, '', 'info');
        showProblem(answer, t('admin.deploy.failed'));
        return;
      }
      DGE.say(status, t('admin.deploy.done') + ' ' + answer.json.message, 'ok');
      result.appendChild(el('p', { className: 'form-message is-ok' }, t('admin.deploy.done')));
      result.appendChild(describe(answer.json));
      return loadModules(answer.json.symbolicName);
    }).catch(function (e) {
      checkButton.disabled = false;
      confirmButton.disabled = false;
      if (e.message !== 'signed out') { DGE.say(status, t('network'), 'error'); }
    });
  });

  // ------------------------------------------------------------ catalogue: install by resolution

  var catalogBody = document.getElementById('catalog-body');
  var repositoriesList = document.getElementById('repositories-list');
  var catalogResult = document.getElementById('catalog-result');
  var catalogConfirm = document.getElementById('catalog-confirm');
  var catalogLoaded = false;
  var pending = null;

  function loadCatalog() {
    catalogBody.textContent = '';
    catalogBody.appendChild(el('tr', {}, el('td', { colspan: '6' }, t('loading'))));
    return DGE.request('GET', '/api/admin/modules/available').then(function (answer) {
      catalogBody.textContent = '';
      repositoriesList.textContent = '';
      if (answer.status === 401) { toLogin(); return; }
      if (!answer.ok || !answer.json) {
        DGE.say(catalogResult, t('admin.catalog.failed', DGE.problemMessage(answer)), 'error');
        return;
      }
      // A repository that is down is said so; the others stay usable.
      var repositories = answer.json.repositories || [];
      if (!repositories.length) { repositoriesList.appendChild(el('li', {}, t('admin.catalog.none'))); }
      repositories.forEach(function (r) {
        repositoriesList.appendChild(el('li', { className: r.available ? 'repository-ok' : 'repository-down' },
          r.available ? t('admin.catalog.ok', r.location, r.modules) : t('admin.catalog.down', r.location, r.problem)));
      });
      var modules = answer.json.modules || [];
      if (!modules.length) { catalogBody.appendChild(el('tr', {}, el('td', { colspan: '6' }, t('admin.catalog.empty')))); }
      modules.forEach(function (m) { catalogBody.appendChild(catalogRow(m)); });
    }).catch(function () { DGE.say(catalogResult, t('network'), 'error'); });
  }

  function catalogRow(m) {
    var select = el('select', { 'aria-label': t('admin.catalog.version', m.symbolicName) },
      m.versions.map(function (v) { return el('option', { value: v }, v); }));
    var check = el('button', { type: 'button', className: 'secondary small',
      'aria-label': t('admin.catalog.checkLabel', m.symbolicName) }, t('admin.catalog.check'));
    check.addEventListener('click', function () { planInstall(m.symbolicName, select.value); });
    return el('tr', { 'data-bsn': m.symbolicName }, [
      el('td', {}, el('code', { className: 'module-bsn' }, m.symbolicName)),
      el('td', {}, m.description || '—'),
      el('td', {}, m.license ? m.license.split(';')[0] : '—'),
      el('td', {}, select),
      el('td', {}, m.installedVersion
        ? [m.installedVersion, m.newer ? el('div', {}, el('span', { className: 'badge DEGRADED' }, t('admin.catalog.newer'))) : null]
        : t('admin.catalog.notRunning')),
      el('td', {}, check)
    ]);
  }

  function planList(plan) {
    return el('ul', { className: 'install-plan' }, plan.steps.map(function (s) {
      return el('li', {}, [t('admin.catalog.step.' + s.action) + ' ', el('code', {}, s.symbolicName), ' ' +
        (s.fromVersion ? s.fromVersion + ' → ' : '') + s.toVersion + ' ', el('span', { className: 'meta' }, 'SHA-256 ' + s.sha256.substring(0, 12) + '…')]);
    }));
  }

  function install(bsn, version, dryRun) {
    return change('POST', '/api/admin/modules/available/' + encodeURIComponent(bsn) + '/install?dryRun=' + dryRun +
      '&version=' + encodeURIComponent(version));
  }

  function planInstall(bsn, version) {
    pending = null;
    catalogConfirm.hidden = true;
    DGE.say(catalogResult, t('admin.catalog.checking', bsn), 'info');
    install(bsn, version, true).then(function (answer) {
      DGE.say(catalogResult, '');
      if (!answer.ok || !answer.json) {
        catalogResult.appendChild(el('div', { className: 'form-message is-error', role: 'alert' },
          [el('p', {}, t('admin.catalog.refused')), el('p', {}, DGE.problemMessage(answer))]));
        return;
      }
      if (!answer.json.steps.length) { DGE.say(catalogResult, t('admin.catalog.nothing'), 'info'); return; }
      catalogResult.appendChild(el('p', { className: 'form-message is-ok' }, t('admin.catalog.plan')));
      catalogResult.appendChild(planList(answer.json));
      pending = { bsn: bsn, version: version };
      catalogConfirm.hidden = false;
      catalogConfirm.disabled = false;
      catalogConfirm.focus();
    }).catch(function (e) { if (e && e.message !== 'signed out') { DGE.say(catalogResult, t('network'), 'error'); } });
  }

  catalogConfirm.addEventListener('click', function () {
    if (!pending) { return; }
    var job = pending;
    catalogConfirm.disabled = true;
    DGE.say(status, t('admin.catalog.installing', job.bsn), 'info');
    install(job.bsn, job.version, false).then(function (answer) {
      catalogConfirm.hidden = true;
      pending = null;
      DGE.say(catalogResult, '');
      if (!answer.ok || !answer.json) {
        DGE.say(status, '', 'info');
        catalogResult.appendChild(el('div', { className: 'form-message is-error', role: 'alert' },
          [el('p', {}, t('admin.catalog.refused')), el('p', {}, DGE.problemMessage(answer))]));
        return;
      }
      DGE.say(status, t('admin.catalog.installed', answer.json.message), 'ok');
      catalogResult.appendChild(planList(answer.json));
      loadModules(job.bsn);
      return loadCatalog();
    }).catch(function (e) {
      catalogConfirm.disabled = false;
      if (e && e.message !== 'signed out') { DGE.say(status, t('network'), 'error'); }
    });
  });

  // ------------------------------------------------------------ audit log

  var auditBody = document.getElementById('audit-body');
  var auditRange = document.getElementById('audit-range');
  var newer = document.getElementById('audit-newer');
  var older = document.getElementById('audit-older');
  var auditOffset = 0;
  var auditLoaded = false;

  function formatTime(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) { return iso; }
    return date.toLocaleString(DGE.lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeStyle: 'medium' });
  }

  function loadAudit(offset) {
    auditBody.textContent = '';
    auditBody.appendChild(el('tr', {}, el('td', { colspan: '6' }, t('loading'))));
    return DGE.request('GET', '/api/admin/audit?offset=' + offset + '&limit=' + AUDIT_PAGE).then(function (answer) {
      auditBody.textContent = '';
      if (answer.status === 401) { toLogin(); return; }
      if (!answer.ok || !answer.json) {
        auditBody.appendChild(el('tr', {}, el('td', { colspan: '6' }, t('admin.audit.unavailable', DGE.problemMessage(answer)))));
        newer.disabled = true;
        older.disabled = true;
        auditRange.textContent = '';
        return;
      }
      var events = answer.json.events || [];
      var total = typeof answer.json.total === 'number' ? answer.json.total : offset + events.length;
      auditOffset = offset;
      if (!events.length) {
        auditBody.appendChild(el('tr', {}, el('td', { colspan: '6' }, t('admin.audit.empty'))));
      }
      events.forEach(function (e) {
        var resultText = Object.prototype.hasOwnProperty.call({ success: 1, refused: 1, failed: 1 }, e.result) ? t('admin.result.' + e.result) : e.result;
        auditBody.appendChild(el('tr', {}, [
          el('td', { className: 'nowrap' }, el('time', { datetime: e.time }, formatTime(e.time))),
          el('td', {}, e.actor), el('td', {}, el('code', {}, e.action)), el('td', {}, e.target),
          el('td', {}, resultText), el('td', {}, e.detail)
        ]));
      });
      auditRange.textContent = events.length ? t('admin.audit.range', offset + 1, offset + events.length, total) : '';
      newer.disabled = offset === 0;
      older.disabled = offset + events.length >= total;
    }).catch(function () {
      auditBody.textContent = '';
      auditBody.appendChild(el('tr', {}, el('td', { colspan: '6' }, t('network'))));
    });
  }

  newer.addEventListener('click', function () { loadAudit(Math.max(0, auditOffset - AUDIT_PAGE)); });
  older.addEventListener('click', function () { loadAudit(auditOffset + AUDIT_PAGE); });

  // ------------------------------------------------------------ tabs (arrow keys move between them)

  var tabs = Array.prototype.slice.call(root.querySelectorAll('[role="tab"]'));
  function select(tab, focus) {
    tabs.forEach(function (other) {
      var selected = other === tab;
      other.setAttribute('aria-selected', selected ? 'true' : 'false');
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
    });
    if (focus) { tab.focus(); }
    if (tab.id === 'tab-audit' && !auditLoaded) { auditLoaded = true; loadAudit(0); }
    if (tab.id === 'tab-catalog' && !catalogLoaded) { catalogLoaded = true; loadCatalog(); }
  }
  tabs.forEach(function (tab, index) {
    tab.addEventListener('click', function () { select(tab, false); });
    tab.addEventListener('keydown', function (event) {
      var next = null;
      if (event.key === 'ArrowRight') { next = tabs[(index + 1) % tabs.length]; }
      if (event.key === 'ArrowLeft') { next = tabs[(index - 1 + tabs.length) % tabs.length]; }
      if (event.key === 'Home') { next = tabs[0]; }
      if (event.key === 'End') { next = tabs[tabs.length - 1]; }
      if (next) { event.preventDefault(); select(next, true); }
    });
  });

  // ------------------------------------------------------------ start

  refreshToken().then(function () { return loadModules(); }).catch(function () { /* message already shown */ });
}());
