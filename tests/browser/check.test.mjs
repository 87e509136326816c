// Tests of the browser check itself: the server it reads the site through,
// and that the check fails, naming each problem, on a site that has them.
// Run with `node --test` in this folder (`cargo xtask ci` does).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { startServer } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BROKEN_SITE = path.join(HERE, 'fixtures', 'broken-site');

describe('static server', () => {
  let server;
  let origin;
  before(async () => {
    ({ server, origin } = await startServer(BROKEN_SITE));
  });
  after(() => server.close());

  // One request, redirects not followed: the check must see them.
  async function get(pathname, method = 'GET') {
    const res = await fetch(`${origin}${pathname}`, { method, redirect: 'manual' });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      location: res.headers.get('location'),
      body: await res.text(),
    };
  }

  const cases = [
    // [request path, status, content type, text the body contains]
    ['/', 200, 'text/html; charset=utf-8', '<h1>Home</h1>'],
    ['/blog/a-post/', 200, 'text/html; charset=utf-8', '<h1>A post</h1>'],
    ['/blog/a-post/index.html', 200, 'text/html; charset=utf-8', '<h1>A post</h1>'],
    ['/style.css', 200, 'text/css; charset=utf-8', '.too-wide'],
    ['/img/logo.svg', 200, 'image/svg+xml', '<svg'],
    ['/files/notes%202024.txt', 200, 'text/plain; charset=utf-8', 'plain text'],
    ['/nowhere/', 404, 'text/html; charset=utf-8', '<h1>Not found</h1>'],
    ['/img/missing.png', 404, 'text/html; charset=utf-8', '<h1>Not found</h1>'],
    ['/%E0%A4%A', 404, 'text/html; charset=utf-8', '<h1>Not found</h1>'],
  ];
  for (const [pathname, status, type, contains] of cases) {
    test(`GET ${pathname} answers ${status} ${type}`, async () => {
      const res = await get(pathname);
      assert.equal(res.status, status);
      assert.equal(res.type, type);
      assert.ok(res.body.includes(contains), `body of ${pathname} lacks ${contains}`);
    });
  }

  test('a folder without its slash is redirected to it, query kept', async () => {
    const res = await get('/blog/a-post?x=1');
    assert.equal(res.status, 301);
    assert.equal(res.location, '/blog/a-post/?x=1');
  });

  test('HEAD answers like GET without a body', async () => {
    const res = await get('/blog/', 'HEAD');
    assert.equal(res.status, 200);
    assert.equal(res.type, 'text/html; charset=utf-8');
    assert.equal(res.body, '');
  });

  // fetch would normalize these paths itself, so they go out as written.
  const climb = '../'.repeat(20);
  for (const raw of [`/${climb}etc/passwd`, `/${climb.replaceAll('/', '%2F')}etc%2Fpasswd`]) {
    test(`${raw} does not climb out of the site`, async () => {
      const status = await new Promise((resolve, reject) => {
        const req = request(`${origin}/`, { path: raw }, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(status, 404);
    });
  }
});

describe('browser check', () => {
  test('fails on the broken fixture site and names every problem', { timeout: 120_000 }, () => {
    const shots = mkdtempSync(path.join(tmpdir(), 'quire-browser-test-'));
    try {
      const run = spawnSync(
        process.execPath,
        [path.join(HERE, 'check.mjs'), BROKEN_SITE, '--screenshots', shots, '--timeout', '100'],
        { encoding: 'utf8', timeout: 110_000 },
      );
      const output = `${run.stdout}\n${run.stderr}`;
      assert.equal(run.status, 1, `want exit 1 (checks failed), got ${run.status}:\n${output}`);
      const expected = [
        'post /blog/a-post/ at 375 px: horizontal overflow: page is',
        'post /blog/a-post/ at 375 px: console error: fixture: deliberate console error',
        '/img/missing.png answered 404',
        'link /blog answered 301 (redirects to /blog/',
        'link /gone/ answered 404; linked from /blog/a-post/',
      ];
      for (const line of expected) assert.ok(output.includes(line), `output lacks "${line}":\n${output}`);
      // The home, category and 404 pages have no problem at either width.
      const clean = ['home / 375', 'home / 1280', 'category /blog/category/news/ 1280', '404 /does-not-exist/ 375'];
      for (const page of clean) {
        assert.ok(output.includes(`ok   ${page}`), `want "${page}" to pass:\n${output}`);
      }
      // At 1280 px the wide box fits: no overflow reported there.
      assert.ok(!output.includes('at 1280 px: horizontal overflow'), output);
    } finally {
      rmSync(shots, { recursive: true, force: true });
    }
  });
});
