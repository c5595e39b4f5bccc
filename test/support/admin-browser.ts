/// <reference lib="dom" />
/**
 * The admin app in a real browser, shared by the admin-browser specs: Debian's chromium driven by
 * playwright-core against the real API (the spec's own fresh database), served at /admin by the
 * same app as production. Access tokens live 30 s (JWT_ACCESS_TTL_SECONDS), so a session outlives
 * its token. Screenshots go to artifacts/admin/ (git-ignored).
 */
import axeCore from 'axe-core';
import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { ADMIN_DIST } from '../../src/app.setup';
import { createTestApp, TestApp } from './test-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', 'artifacts', 'admin');
export const PASSWORD = 'admin-test-123';
export const ACCESS_TTL_SECONDS = 30;

export interface AdminBrowser {
  t: TestApp;
  /** `http://127.0.0.1:<port>`: the API and the admin at `${base}/admin/`. */
  base: string;
  browser: Browser;
}

/** Starts the app on a free port (media URLs are absolute, so it needs its address first) and chromium. */
export async function startAdminBrowser(database: string): Promise<AdminBrowser> {
  if (!existsSync(join(ADMIN_DIST, 'index.html')))
    throw new Error(`No admin build in ${ADMIN_DIST}: run npm run build`);
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await createTestApp(database, {
    JWT_ACCESS_TTL_SECONDS: String(ACCESS_TTL_SECONDS),
    PUBLIC_URL: base,
  });
  await t.app.listen(port, '127.0.0.1');
  return { t, base, browser: await launchChromium() };
}

/** Debian's chromium, headless (also for test/sdk-browser.e2e-spec.ts). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function stopAdminBrowser(ab: AdminBrowser | undefined) {
  await ab?.browser.close();
  await ab?.t.close();
}

/** A user who can log in through the API (registered, then given its role). */
export async function account(
  { t }: AdminBrowser,
  role: 'customer' | 'seller' | 'staff' | 'admin',
  name: string,
) {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@admin-e2e.test`;
  const res = await t.http.post('/api/v1/auth/register', { email, password: PASSWORD, name });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
  const id = (res.body as { user: { id: string } }).user.id;
  await t.sql(`UPDATE "user" SET role = $2 WHERE id = $1`, [id, role]);
  // The session registration opened is not the one under test.
  await t.sql(`DELETE FROM refresh_token WHERE user_id = $1`, [id]);
  return { id, email, name };
}

/** A new browser context and page; `errors` collects uncaught page errors (expect it empty). */
export async function newPage(
  { browser }: AdminBrowser,
  width = 1280,
  height = 900,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  return { context, page, errors };
}

export async function login({ base }: AdminBrowser, page: Page, email: string) {
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** axe-core in the page: no serious or critical violations. */
export async function expectAccessible(page: Page, screen: string) {
  // Evaluated through the DevTools protocol: the admin's CSP (script-src 'self') stays as served.
  // A snackbar or dialog still fading in has a blended colour that is not what the user reads once
  // it is there: wait until every finite transition or animation has finished (spinners loop forever).
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
    undefined,
    { polling: 'raf', timeout: 10_000 },
  );
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeCore.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axeCore }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.nodes
            .slice(0, 3)
            .map(
              (n) =>
                `${n.target.join(' ')} ${n.html.slice(0, 160)} ${(n.failureSummary ?? '').slice(0, 240)}`,
            )
            .join(' | ')}`,
      );
  });
  expect({ screen, violations }).toEqual({ screen, violations: [] });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
