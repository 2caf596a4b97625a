// Browser scenarios for the DataGrandEst portal, run by PortalBrowserTest against a running platform.
// Usage: node portal.mjs <scenario>   with DGE_BASE_URL, DGE_SCREENSHOTS, DGE_ADMIN_PASSWORD, DGE_CHROMIUM and,
// for the upload, DGE_HELLO_JAR. Prints one "ok" line per check; exits 1 on the first failed check.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = required('DGE_BASE_URL').replace(/\/$/, '');
const screenshots = required('DGE_SCREENSHOTS');
const executablePath = process.env.DGE_CHROMIUM || '/usr/bin/chromium';
const ADMIN = 'admin';

function required(name) {
  const value = process.env[name];
  if (!value) { throw new Error(`the environment variable ${name} is required`); }
  return value;
}

function check(condition, what) {
  if (!condition) { throw new Error(`check failed: ${what}`); }
  console.log(`ok - ${what}`);
}

/** The system's Chromium with a new, empty profile; nothing is downloaded and nothing phones home. */
async function browser(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'dge-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: options.viewport || { width: 1280, height: 860 },
    locale: options.locale || 'fr-FR',
    acceptDownloads: false,
  });
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  const foreign = [];
  // An answer of 4xx to a fetch is part of the scenarios; a style, script or image that fails to load is not.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) { problems.push(`console: ${message.text()}`); }
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && ['stylesheet', 'script', 'image', 'font'].includes(response.request().resourceType())) {
      problems.push(`${response.status()} for ${response.url()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(base) && !url.startsWith('data:') && !url.startsWith('blob:')) { foreign.push(url); }
  });
  return {
    context, page, problems, foreign,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function shot(page, name, fullPage = true) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage });
  console.log(`screenshot ${join(screenshots, `${name}.png`)}`);
}

async function text(page, selector) {
  return (await page.locator(selector).first().innerText()).trim();
}

async function signIn(page, password, next = '/admin') {
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Identifiant').fill(ADMIN);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

function clean(session, where) {
  check(session.problems.length === 0, `${where}: no script error nor console error (${session.problems.join(' | ')})`);
  check(session.foreign.length === 0, `${where}: every resource comes from the platform itself (${session.foreign.join(', ')})`);
}

// ---------------------------------------------------------------- scenarios

const scenarios = {
  /** French when the browser asks for no language we speak; kernel entries; works with zero contributions. */
  async 'front-fr'() {
    const session = await browser({ locale: 'de-DE' });
    const { page } = session;
    const response = await page.goto(`${base}/`);
    check(response.status() === 200, 'the front page answers 200');
    check(await page.getAttribute('html', 'lang') === 'fr', 'a browser asking for German gets the page in French (<html lang="fr">)');
    check(await text(page, 'h1') === 'Les données publiques du Grand Est', 'the French heading is shown');
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    check(await nav.getByRole('link', { name: 'Accueil' }).getAttribute('aria-current') === 'page', 'the kernel entry "Accueil" is the current page');
    check(await nav.getByRole('link', { name: 'Administration' }).count() === 0, 'no "Administration" entry for an anonymous visitor');
    check((await text(page, '#no-services')).startsWith('Aucun service'), 'with no plugin contribution, the page says no service is installed');
    check(await page.getByRole('link', { name: /Se connecter/ }).count() === 1, 'a sign-in link is offered');
    check(await page.locator('#territory-unavailable, form.territory-form').count() === 1, 'the "Entrer par territoire" box is there (form, or a notice without the territory service)');

    await shot(page, 'front-fr');
    await page.keyboard.press('Tab');
    check(await page.evaluate(() => document.activeElement.textContent) === 'Aller au contenu', 'the first Tab reaches the "skip to content" link');
    const search = page.getByRole('searchbox', { name: 'Rechercher sur la plateforme' });
    await search.fill('strasbourg');
    await page.waitForSelector('#front-search-q-results p');
    check((await text(page, '#front-search-q-results')).length > 0, 'typing in the search box shows live results');
    await search.press('Enter');
    await page.waitForURL(/\/recherche\?q=strasbourg/);
    check(await text(page, '#results-heading') === 'Résultats pour « strasbourg »', 'the search page shows its results heading');
    await shot(page, 'search-fr');
    clean(session, 'front and search pages');

    const missing = await page.goto(`${base}/nulle-part`);
    check(missing.status() === 404 && await text(page, 'h1') === 'Page introuvable', 'an unknown address gets a French "page not found"');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(overflow <= 0, 'on a phone-sized screen nothing overflows sideways');
    await shot(page, 'front-mobile');
    clean(session, 'front page on a phone');
    await session.close();
  },

  /** The FR/EN switch, kept by the dge_lang cookie. */
  async 'front-en'() {
    const session = await browser({ locale: 'fr-FR' });
    const { page } = session;
    await page.goto(`${base}/`);
    check(await page.getAttribute('html', 'lang') === 'fr', 'a French browser gets French');
    await page.getByRole('navigation', { name: 'Langue' }).getByRole('link', { name: /^EN/ }).click();
    await page.waitForURL(/lang=en/);
    check(await page.getAttribute('html', 'lang') === 'en', 'the EN switch gives <html lang="en">');
    check(await text(page, 'h1') === 'Public data of the Grand Est region', 'the English heading is shown');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    check(await nav.getByRole('link', { name: 'Home' }).count() === 1, 'the kernel entry reads "Home"');
    check((await text(page, '#no-services')).startsWith('No service'), 'the empty services message is in English');
    await shot(page, 'front-en');
    await page.goto(`${base}/`);
    check(await page.getAttribute('html', 'lang') === 'en', 'the choice is kept for the next pages (cookie)');
    const navigation = await page.evaluate(async () => (await fetch('/api/portal/navigation')).json());
    check(navigation.language === 'en' && navigation.entries[0].label === 'Home', 'GET /api/portal/navigation answers in the chosen language');
    await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: /^FR/ }).click();
    await page.waitForURL(/lang=fr/);
    check(await page.getAttribute('html', 'lang') === 'fr', 'the FR switch brings French back');
    clean(session, 'language switch');
    await session.close();
  },

  /** "Entrer par territoire" with the territory service: suggestions while typing, then the territory page. */
  async territory() {
    const session = await browser({ locale: 'fr-FR' });
    const { page } = session;
    await page.goto(`${base}/`);
    const box = page.getByRole('searchbox', { name: 'Commune, intercommunalité (EPCI) ou département' });
    await box.fill('saint die');
    const suggestion = page.locator('#front-territory-q-results a', { hasText: 'Saint-Dié-des-Vosges' }).first();
    await suggestion.waitFor();
    check(await suggestion.getAttribute('href') === '/territoires/commune/88413', 'typing "saint die" suggests Saint-Dié-des-Vosges');
    await box.press('ArrowDown');
    check(await page.evaluate(() => document.activeElement.closest('.live-results') !== null), 'the down arrow moves into the suggestions');
    await shot(page, 'territory-suggestions', false);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/territoires\/commune\/88413$/);
    check(await text(page, 'h1') === 'Saint-Dié-des-Vosges', 'the territory page names the commune');
    check((await text(page, '.facts')).startsWith('code INSEE 88413'), 'it gives the INSEE code');
    check((await text(page, '#offers-heading')) === 'Ce que proposent les services', 'it has the plugins\' section');
    const parent = page.locator('section[aria-labelledby="parents-heading"]').getByRole('link', { name: 'Vosges', exact: true });
    check(await parent.count() === 1, 'its département is listed among the containing territories');
    await shot(page, 'territory-commune');
    await parent.click();
    await page.waitForURL(/\/territoires\/departement\/88$/);
    check((await text(page, '#children-heading')).startsWith('Intercommunalités ('), 'the département lists its inter-municipalities');
    await shot(page, 'territory-departement');
    const unknown = await page.goto(`${base}/territoires/commune/00000`);
    check(unknown.status() === 404, 'an unknown code answers 404');
    clean(session, 'territories');
    await session.close();
  },

  /** Without the security module nobody can sign in: the pages say so instead of breaking. */
  async 'no-security'() {
    const session = await browser();
    const { page } = session;
    const front = await page.goto(`${base}/`);
    check(front.status() === 200 && await text(page, 'h1') === 'Les données publiques du Grand Est', 'the front page works');
    const admin = await page.goto(`${base}/admin`);
    check(admin.status() === 503, '/admin answers 503 instead of a redirection to a sign-in that cannot work');
    check((await text(page, '#security-missing')).startsWith('Le module de sécurité de la plateforme n’est pas démarré'), 'the administration page says the security module is not running');
    await shot(page, 'admin-without-security');
    await page.goto(`${base}/login`);
    check((await text(page, '#security-missing')).includes('personne ne peut se connecter'), 'the sign-in page says nobody can sign in');
    check(await page.locator('#login-form').count() === 0, 'no sign-in form is offered');
    clean(session, 'without security');
    await session.close();
  },

  /** A wrong password: the French error from the 401. */
  async 'login-wrong'() {
    const session = await browser();
    const { page } = session;
    await signIn(page, 'not-the-password');
    const message = page.locator('#login-message');
    await page.waitForFunction(() => document.querySelector('#login-message').textContent.includes('incorrect'));
    check(await message.innerText() === 'Identifiant ou mot de passe incorrect.', 'a wrong password shows "Identifiant ou mot de passe incorrect."');
    check(await message.getAttribute('role') === 'alert', 'the error is announced (role="alert")');
    check(new URL(page.url()).pathname === '/login', 'the visitor stays on the sign-in page');
    await shot(page, 'login-error');
    clean(session, 'sign-in error');
    await session.close();
  },

  /** The administrator reaches /admin through the sign-in page and sees the module table. */
  async admin() {
    const session = await browser();
    const { page } = session;
    await page.goto(`${base}/admin`);
    check(new URL(page.url()).pathname === '/login', '/admin sends an anonymous visitor to the sign-in page');
    await signIn(page, required('DGE_ADMIN_PASSWORD'), new URL(page.url()).searchParams.get('next'));
    await page.waitForURL(`${base}/admin`);
    const row = page.locator('tr[data-bsn="fr.datagrandest.platform.core.modules"]');
    await row.waitFor();
    check(await row.count() === 1, 'the module table lists fr.datagrandest.platform.core.modules');
    check((await row.locator('td').nth(3).innerText()).includes('bon'), 'its health reads "bon"');
    check(await row.locator('code[title]').first().getAttribute('title').then((v) => /^[0-9a-f]{64}$/.test(v)), 'the full SHA-256 is in the title of the short one');
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    check(await nav.getByRole('link', { name: 'Administration' }).getAttribute('aria-current') === 'page', 'the "Administration" entry appears for the administrator');
    await shot(page, 'admin-modules', false);
    await page.getByLabel('Filtrer').fill('platform.core.modules');
    check(await page.locator('#modules-body tr:not([hidden])').count() === 1, 'the filter keeps only the matching module');
    check((await text(page, '#modules-count')).startsWith('1 module(s) affiché(s) sur'), 'the filter says how many modules it shows');
    await page.getByLabel('Filtrer').fill('');
    await page.getByRole('tab', { name: 'Journal d’audit' }).click();
    await page.waitForSelector('#audit-body tr td code');
    check((await text(page, '#audit-body')).includes('login'), 'the audit log tab shows the sign-in');
    check((await text(page, '#audit-range')).startsWith('Actions 1 à'), 'the audit log says which page it shows');
    await shot(page, 'admin-audit');
    clean(session, 'administration');
    await session.close();
  },

  /** Upload of a module: dry run, then deploy; it appears in the table. */
  async upload() {
    const session = await browser();
    const { page } = session;
    await signIn(page, required('DGE_ADMIN_PASSWORD'));
    await page.waitForURL(`${base}/admin`);
    await page.locator('tr[data-bsn="fr.datagrandest.platform.core.modules"]').waitFor();
    await page.getByLabel('Fichier du module (.jar)').setInputFiles(required('DGE_HELLO_JAR'));
    await page.getByRole('button', { name: 'Vérifier (essai à blanc)' }).click();
    const result = page.locator('#deploy-result');
    await page.waitForFunction(() => document.querySelector('#deploy-result dl'));
    check((await result.innerText()).includes('Essai à blanc réussi'), 'the dry run succeeds and says nothing was changed');
    check((await result.innerText()).includes('fr.datagrandest.test.hello'), 'the dry run names the module');
    check(await page.locator('tr[data-bsn="fr.datagrandest.test.hello"]').count() === 0, 'after the dry run the module is not installed yet');
    await page.locator('section.deploy').screenshot({ path: join(screenshots, 'admin-dry-run.png') });
    console.log(`screenshot ${join(screenshots, 'admin-dry-run.png')}`);
    await page.getByRole('button', { name: 'Déployer' }).click();
    const row = page.locator('tr[data-bsn="fr.datagrandest.test.hello"]');
    await row.waitFor();
    check((await text(page, '#admin-status')).startsWith('Déploiement réussi'), 'the page says the deployment succeeded');
    check((await row.innerText()).includes('1.0.0'), 'the new module is in the table with its version');
    await row.scrollIntoViewIfNeeded();
    await shot(page, 'admin-deployed', false);
    clean(session, 'upload');
    await session.close();
  },

  /** Uninstall asks for confirmation first, then the module leaves the table. */
  async uninstall() {
    const session = await browser();
    const { page } = session;
    await signIn(page, required('DGE_ADMIN_PASSWORD'));
    await page.waitForURL(`${base}/admin`);
    const row = page.locator('tr[data-bsn="fr.datagrandest.test.hello"]');
    await row.waitFor();
    await row.getByRole('button', { name: /Désinstaller/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    check((await dialog.innerText()).includes('Désinstaller fr.datagrandest.test.hello ?'), 'uninstalling asks for confirmation');
    await shot(page, 'admin-confirm-uninstall', false);
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    check(await row.count() === 1, 'cancelling keeps the module');
    await row.getByRole('button', { name: /Désinstaller/ }).click();
    await dialog.getByRole('button', { name: 'Désinstaller' }).click();
    await row.waitFor({ state: 'detached' });
    check((await text(page, '#admin-status')).startsWith('Terminé'), 'the page says the module was uninstalled');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${base}/`);
    check(await page.getByRole('link', { name: 'Se connecter' }).count() === 1, 'signing out comes back to the front page, signed out');
    await page.goto(`${base}/admin`);
    check(new URL(page.url()).pathname === '/login', 'after signing out, /admin asks to sign in again');
    clean(session, 'uninstall');
    await session.close();
  },
};

const name = process.argv[2];
if (!scenarios[name]) {
  console.error(`unknown scenario '${name}': use one of ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
try {
  await scenarios[name]();
  console.log(`scenario ${name} passed`);
} catch (error) {
  console.error(`scenario ${name} failed: ${error.stack || error}`);
  process.exit(1);
}
