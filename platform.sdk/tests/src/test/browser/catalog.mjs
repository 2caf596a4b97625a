// The module catalogue of the admin page in the system's Chromium: repositories with their status, the dry-run
// plan of an installation, the installation on confirmation. Environment: DGE_BASE_URL, DGE_ADMIN_PASSWORD,
// DGE_CHROMIUM, DGE_SCREENSHOTS, DGE_DOWN_REPOSITORY (the URL of a repository that is down).
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.DGE_BASE_URL.replace(/\/$/, '');
const screenshots = process.env.DGE_SCREENSHOTS;
const MODULE = 'fr.datagrandest.platform.core.territories';

function check(condition, what) {
  if (!condition) { throw new Error(`check failed: ${what}`); }
  console.log(`ok - ${what}`);
}

const profile = mkdtempSync(join(tmpdir(), 'dge-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.DGE_CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  viewport: { width: 1280, height: 900 }, locale: 'fr-FR', acceptDownloads: false,
});
const problems = [];
try {
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) { problems.push(m.text()); } });

  await page.goto(`${base}/login?next=%2Fadmin`);
  await page.getByLabel('Identifiant').fill('admin');
  await page.getByLabel('Mot de passe').fill(process.env.DGE_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${base}/admin`);

  await page.getByRole('tab', { name: 'Catalogue de modules' }).click();
  await page.waitForSelector('#catalog-body tr[data-bsn]');
  const repositories = await page.locator('#repositories-list').innerText();
  check(/: \d+ module\(s\)/.test(repositories), 'the published repository is listed with its number of modules');
  check(repositories.includes(`${process.env.DGE_DOWN_REPOSITORY} : indisponible`), 'the repository that is down is said to be unavailable');
  const row = page.locator(`#catalog-body tr[data-bsn="${MODULE}"]`);
  check((await row.innerText()).includes('non installé'), 'the territories module is offered, not installed');
  check((await row.innerText()).includes('EUPL-1.2'), 'its licence is shown');

  await row.getByRole('button', { name: `Vérifier l’installation de ${MODULE}` }).click();
  await page.waitForSelector('#catalog-result ul.install-plan');
  const plan = await page.locator('#catalog-result').innerText();
  check(plan.includes('Essai à blanc réussi'), 'the dry run succeeds');
  check(plan.includes('org.locationtech.jts.jts-core') && plan.includes(MODULE), 'the plan lists the module and the library it needs');
  const modules = await page.request.get(`${base}/api/admin/modules`);
  check(!(await modules.text()).includes(MODULE), 'after the dry run nothing is installed');
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, 'catalog-plan.png') });

  await page.getByRole('button', { name: 'Installer', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#admin-status').innerText.startsWith('Installé'), null, { timeout: 120000 });
  await page.waitForFunction((bsn) => {
    const tr = document.querySelector(`#catalog-body tr[data-bsn="${bsn}"]`);
    return tr && !tr.innerText.includes('non installé');
  }, MODULE, { timeout: 30000 });
  check(true, 'after the installation the catalogue shows the module running');
  await page.screenshot({ path: join(screenshots, 'catalog-installed.png') });
  check(problems.length === 0, `no script error (${problems.join(' | ')})`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
