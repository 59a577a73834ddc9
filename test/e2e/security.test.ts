/**
 * The UI under the server's security headers: every page, for an officer and an enterprise user,
 * and the API docs, load with no Content-Security-Policy violation. Violations are caught twice: the
 * harness turns the console's CSP errors into page errors, and a `securitypolicyviolation`
 * listener installed before the first script runs records every blocked inline style or script.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, login, newPage, skipReason } from './harness.ts';

const OFFICER_PAGES = [
  'catalogue',
  'catalogue/000·二',
  'check',
  'notices',
  'applications',
  'review',
  'fund',
  'audit',
  'screening',
  'simulation',
  'admin/guides',
];
const ENTERPRISE_PAGES = ['catalogue', 'check', 'applications'];

async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __cspViolation(v: string): void }).__cspViolation(
        `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`,
      ),
    );
  });
  return violations;
}

describe.skipIf(!hasChromium)(`the UI under the CSP${skipReason ? ` — ${skipReason}` : ''}`, () => {
  const suite = browserSuite();

  for (const [role, pages] of [
    ['admin', OFFICER_PAGES],
    ['enterprise', ENTERPRISE_PAGES],
  ] as const) {
    it(`every ${role} page loads with no CSP violation`, async () => {
      const { page, context, errors } = await newPage(suite.browser, suite.server.baseURL);
      const violations = await watchViolations(page);
      await login(page, suite.server.users[role], suite.server.password);
      for (const name of pages) {
        await page.goto(`/${name}`);
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(200);
      }
      const headers = (await page.request.get('/')).headers();
      expect(headers['content-security-policy']).toContain("script-src 'self'");
      await context.close();
      expect(violations).toEqual([]);
      expect(errors).toEqual([]);
    });
  }

  it('the API docs (Swagger UI) load with no CSP violation', async () => {
    const { page, context, errors } = await newPage(suite.browser, suite.server.baseURL);
    const violations = await watchViolations(page);
    await page.goto('/api/docs');
    // Swagger UI is one 1.5 MB script that then fetches and draws the whole document: on two busy
    // cores that took 12–16 s, and a CI run failed on the harness's former 15 s per locator.
    await page.locator('.swagger-ui .info').waitFor();
    // Every tag of the document is there, folded (uiConfig docExpansion 'none'); untagged operations
    // would sit under Swagger UI's "default".
    const doc = (await (await page.request.get('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    const tags = new Set(
      Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags ?? ['default'])),
    );
    await expect.poll(() => page.locator('.swagger-ui .opblock-tag').count()).toBe(tags.size);
    await context.close();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});
