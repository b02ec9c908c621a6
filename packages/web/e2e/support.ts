import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { expect, inject } from 'vitest';
import { login, type ApiSession } from '@grimnir/server/test-support/control-plane-process.js';
import type { StackInfo } from './stack.js';

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;
type Viewport = typeof DESKTOP | typeof PHONE;

const SHOTS = resolve(import.meta.dirname, '../../../artifacts/screenshots');
let info: Promise<StackInfo> | undefined;
let browser: Promise<Browser> | undefined;

/** The running product (started on first use by global-setup's coordinator). */
export function stack(): Promise<StackInfo> {
  info ??= fetch(inject('webE2eCoordinator')).then(async (r) => {
    if (!r.ok) throw new Error(await r.text());
    return (await r.json()) as StackInfo;
  });
  return info;
}

// A client address of its own per test file and context: the server trusts X-Forwarded-For
// here, so one file's login attempts never count against another's limit.
let contexts = 0;
const clientIp = () =>
  `10.${process.pid % 250}.${++contexts % 250}.${Math.floor(Math.random() * 250) + 1}`;

interface Tab {
  page: Page;
  context: BrowserContext;
  ip: string;
  close(): Promise<void>;
}

/** A fresh browser context (no cookies) at the given size. */
export async function openTab(viewport: Viewport): Promise<Tab> {
  const s = await stack();
  browser ??= chromium.connect(s.wsEndpoint);
  const ip = clientIp();
  const context = await (
    await browser
  ).newContext({
    viewport,
    baseURL: s.baseUrl,
    extraHTTPHeaders: { 'x-forwarded-for': ip },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { page, context, ip, close: () => context.close() };
}

export async function closeBrowser(): Promise<void> {
  const b = await browser?.catch(() => undefined);
  await b?.close();
}

/** The REST API as the admin (to set up users and stations a test needs). */
async function adminApi(): Promise<ApiSession> {
  const s = await stack();
  return login(s.baseUrl, 'admin', s.adminPassword);
}

let users = 0;
/** A user with a global role (and membership on `stationId` when given). */
export async function makeUser(o: {
  role: 'admin' | 'manager' | 'dj' | 'viewer';
  active?: boolean;
  stationId?: string;
  stationRole?: 'manager' | 'dj' | 'viewer';
}): Promise<{ id: string; username: string; password: string }> {
  const api = await adminApi();
  const username = `e2e_${o.role}_${process.pid}_${++users}`;
  const password = 'e2e-password-123';
  const user = await api.call<{ id: string }>('POST', '/api/v1/users', {
    username,
    email: `${username}@example.test`,
    password,
    role: o.role,
    active: o.active ?? true,
  });
  if (o.stationId)
    await api.call('PUT', `/api/v1/stations/${o.stationId}/members/${user.id}`, {
      role: o.stationRole ?? (o.role === 'admin' ? 'manager' : o.role),
    });
  return { id: user.id, username, password };
}

/** No WCAG 2.1 A/AA violations that axe can find on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const found = result.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found).toEqual([]);
}

/** A full-page screenshot in artifacts/screenshots/<name>-<width>.png (CI keeps them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
}

/**
 * Drags a sortable row by its handle onto another row's place, as a hand would: both brought into
 * view first (a row below the fold would get the pointer outside the page), a press, a few pixels
 * to start the drag, then small steps to the target's middle.
 */
export async function dragOnto(page: Page, handle: Locator, target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  await handle.scrollIntoViewIfNeeded();
  const from = await handle.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('drag: the handle or its target is not visible');
  const x = from.x + from.width / 2;
  await page.mouse.move(x, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, from.y + from.height / 2 + (to.y > from.y ? 8 : -8), { steps: 4 });
  await page.mouse.move(x, to.y + to.height / 2, { steps: 16 });
  await page.mouse.up();
}
