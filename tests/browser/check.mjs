#!/usr/bin/env node
// Opens a built Quire site in headless Chromium, the way a reader would.
//
//   node check.mjs SITE_DIR [--screenshots DIR] [--page NAME=PATH ...]
//                           [--expect-404 PATH] [--timeout SECONDS]
//
// Serves SITE_DIR on 127.0.0.1 (a port the OS picks), opens the home page, a
// post, a category page and the 404 page at 375 px and 1280 px wide, and fails
// on horizontal overflow, console errors, failed requests, and same-origin
// links that do not answer 200. Screenshots land in DIR (default:
// <repo>/target/screenshots). Without --page, the post and the category page
// are the first ones linked from /blog/.
//
// Exit status: 0 when every check passed, 1 when at least one failed, 2 when
// the check itself could not run (no such folder, browser would not start).

import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { isDirectory, isFile, startServer } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const WIDTHS = [375, 1280];
const HEIGHT = 800;
const NAVIGATION_TIMEOUT_MS = 20_000;
const LINK_TIMEOUT_MS = 5_000;
const CHROMIUM = '/usr/bin/chromium';
// The flags keep Chromium off the network: this machine has none, and
// without them Chromium keeps trying to reach its own services.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function usage(message) {
  console.error(`error: ${message}`);
  console.error(
    'usage: node check.mjs SITE_DIR [--screenshots DIR] [--page NAME=PATH ...] ' +
      '[--expect-404 PATH] [--timeout SECONDS]',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    site: null,
    screenshots: path.join(REPO, 'target', 'screenshots'),
    pages: [],
    notFound: '/does-not-exist/',
    timeoutSeconds: 180,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      i += 1;
      if (i >= argv.length) usage(`${arg} needs a value`);
      return argv[i];
    };
    if (arg === '--screenshots') options.screenshots = path.resolve(value());
    else if (arg === '--expect-404') options.notFound = value();
    else if (arg === '--timeout') options.timeoutSeconds = Number(value());
    else if (arg === '--page') {
      const spec = value();
      const eq = spec.indexOf('=');
      if (eq <= 0 || !spec.slice(eq + 1).startsWith('/')) {
        usage(`--page wants NAME=/path/, got \`${spec}\``);
      }
      options.pages.push({ name: spec.slice(0, eq), path: spec.slice(eq + 1) });
    } else if (arg.startsWith('--')) usage(`unknown option \`${arg}\``);
    else if (options.site === null) options.site = path.resolve(arg);
    else usage(`unexpected argument \`${arg}\``);
  }
  if (options.site === null) usage('give the folder of a built site');
  if (!(options.timeoutSeconds > 0)) usage('--timeout wants a positive number of seconds');
  return options;
}

// Links on a page, as absolute URLs without their fragment, same origin only.
// Fragment links into the page itself (a skip link) are not other pages.
async function sameOriginLinks(page, origin) {
  const hrefs = await page.$$eval('a[href], link[href]', (elements) =>
    elements.map((el) => el.href),
  );
  const self = new URL(page.url());
  self.hash = '';
  const links = new Set();
  for (const href of hrefs) {
    let url;
    try {
      url = new URL(href);
    } catch {
      continue;
    }
    if (url.origin !== origin) continue;
    const samePage = url.hash !== '';
    url.hash = '';
    if (samePage && url.href === self.href) continue;
    links.add(url.href);
  }
  return links;
}

// First post and first category linked from the blog index.
async function discoverPages(browser, origin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: HEIGHT } });
  try {
    const page = await context.newPage();
    const response = await page.goto(`${origin}/blog/`, {
      waitUntil: 'load',
      timeout: NAVIGATION_TIMEOUT_MS,
    });
    if (!response || response.status() !== 200) {
      throw new Error(`/blog/ answered ${response ? response.status() : 'nothing'}, want 200`);
    }
    const paths = await page.$$eval('main a[href], a[href]', (anchors) =>
      anchors
        .filter((a) => a.origin === window.location.origin)
        .map((a) => ({ path: a.pathname, inArticle: a.closest('article') !== null })),
    );
    const isPost = (p) =>
      /^\/blog\/[^/]+\/$/.test(p) && !/^\/blog\/(page|category|author)\//.test(p);
    const isCategory = (p) => /^\/blog\/category\/[^/]+\/$/.test(p);
    const post =
      paths.find((l) => l.inArticle && isPost(l.path)) ?? paths.find((l) => isPost(l.path));
    const category = paths.find((l) => isCategory(l.path));
    const missing = [];
    if (!post) missing.push('a post (/blog/<slug>/)');
    if (!category) missing.push('a category page (/blog/category/<slug>/)');
    if (missing.length > 0) {
      throw new Error(`/blog/ links to no ${missing.join(' and no ')}; pass --page NAME=PATH`);
    }
    return [
      { name: 'post', path: post.path },
      { name: 'category', path: category.path },
    ];
  } finally {
    await context.close();
  }
}

// Elements that stick out past the right edge, to say where an overflow comes from.
function overflowCulprits() {
  const width = document.documentElement.clientWidth;
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (rect.right > width + 0.5 && rect.width > 0) {
      const id = el.id ? `#${el.id}` : '';
      const cls = el.classList.length > 0 ? `.${[...el.classList].join('.')}` : '';
      culprits.push(`<${el.tagName.toLowerCase()}${id}${cls}> right edge ${Math.round(rect.right)} px`);
      if (culprits.length === 5) break;
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: width,
    culprits,
  };
}

async function checkPage(browser, origin, target, width, colorScheme, options) {
  const failures = [];
  const where = `${target.name} ${target.path} at ${width} px${colorScheme === 'dark' ? ' (dark)' : ''}`;
  const url = `${origin}${target.path}`;
  const context = await browser.newContext({
    viewport: { width, height: HEIGHT },
    colorScheme,
  });
  context.setDefaultTimeout(NAVIGATION_TIMEOUT_MS);
  try {
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      // Chromium reports the 404 status of the page itself as a console
      // error; on the 404 page that status is the point.
      const source = msg.location().url;
      if (target.expectStatus === 404 && source === url && /status of 404/.test(msg.text())) {
        return;
      }
      failures.push(`${where}: console error: ${msg.text()}${source ? ` (${source})` : ''}`);
    });
    page.on('pageerror', (err) => failures.push(`${where}: uncaught exception: ${err.message}`));
    page.on('requestfailed', (req) =>
      failures.push(`${where}: request failed: ${req.url()} (${req.failure()?.errorText ?? 'unknown'})`),
    );
    page.on('response', (res) => {
      const isDocument = res.request().isNavigationRequest() && res.request().frame() === page.mainFrame();
      if (isDocument) return;
      if (res.status() >= 400) failures.push(`${where}: ${res.url()} answered ${res.status()}`);
    });

    const response = await page.goto(url, { waitUntil: 'load' });
    const status = response ? response.status() : 0;
    if (status !== target.expectStatus) {
      failures.push(`${where}: page answered ${status}, want ${target.expectStatus}`);
    }
    // Late requests (lazy images, fonts) still count; give them a moment.
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});

    const overflow = await page.evaluate(overflowCulprits);
    if (overflow.scrollWidth > overflow.clientWidth) {
      const detail = overflow.culprits.length > 0 ? `; widest: ${overflow.culprits.join(', ')}` : '';
      failures.push(
        `${where}: horizontal overflow: page is ${overflow.scrollWidth} px wide in a ${overflow.clientWidth} px viewport${detail}`,
      );
    }

    const suffix = colorScheme === 'dark' ? '-dark' : '';
    const shot = path.join(options.screenshots, `${target.name}-${width}${suffix}.png`);
    await page.screenshot({ path: shot, fullPage: true });

    const links = await sameOriginLinks(page, origin);
    return { failures, links, shot };
  } finally {
    await context.close();
  }
}

// Each link once, through the same server, without following redirects:
// a link should name the page itself, not a URL that redirects to it.
async function checkLinks(linkSources, origin) {
  const failures = [];
  for (const [link, sources] of linkSources) {
    let status;
    let location = null;
    try {
      let res = await fetch(link, {
        method: 'HEAD',
        redirect: 'manual',
        signal: AbortSignal.timeout(LINK_TIMEOUT_MS),
      });
      if (res.status === 405) {
        res = await fetch(link, { redirect: 'manual', signal: AbortSignal.timeout(LINK_TIMEOUT_MS) });
      }
      status = res.status;
      location = res.headers.get('location');
    } catch (err) {
      status = `no answer (${err.message})`;
    }
    if (status !== 200) {
      const shown = link.startsWith(origin) ? link.slice(origin.length) : link;
      const redirect = location ? ` (redirects to ${location}: link to that instead)` : '';
      failures.push(`link ${shown} answered ${status}${redirect}; linked from ${[...sources].join(', ')}`);
    }
  }
  return failures;
}

async function main(options) {
  if (!(await isDirectory(options.site))) usage(`no such site folder: ${options.site}`);
  if (!(await isFile(path.join(options.site, 'index.html')))) {
    usage(`${options.site} has no index.html: build the site first`);
  }
  if (!(await isFile(CHROMIUM))) {
    usage(`${CHROMIUM} is missing: apt-get install -y chromium chromium-driver`);
  }
  // Old screenshots of pages that no longer exist would mislead a reader.
  await rm(options.screenshots, { recursive: true, force: true });
  await mkdir(options.screenshots, { recursive: true });

  const { server, origin } = await startServer(options.site);
  // playwright's launch() gives every run a new, empty user-data dir of its
  // own and deletes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
  try {
    console.log(`serving ${options.site} at ${origin}; ${browser.version()}`);
    const targets = [{ name: 'home', path: '/' }];
    targets.push(...(options.pages.length > 0 ? options.pages : await discoverPages(browser, origin)));
    targets.push({ name: '404', path: options.notFound });
    for (const t of targets) t.expectStatus = t.name === '404' ? 404 : 200;

    const failures = [];
    const linkSources = new Map();
    let passed = 0;
    let failed = 0;
    const runs = [];
    for (const target of targets) {
      for (const width of WIDTHS) runs.push([target, width, 'light']);
    }
    // Dark mode is a stylesheet branch of its own; one narrow post shows it.
    runs.push([targets.find((t) => t.name === 'post') ?? targets[0], 375, 'dark']);
    for (const [target, width, scheme] of runs) {
      const result = await checkPage(browser, origin, target, width, scheme, options);
      for (const link of result.links) {
        if (!linkSources.has(link)) linkSources.set(link, new Set());
        linkSources.get(link).add(target.path);
      }
      const mark = result.failures.length === 0 ? 'ok  ' : 'FAIL';
      console.log(`${mark} ${target.name} ${target.path} ${width} px ${scheme} -> ${path.relative(REPO, result.shot)}`);
      if (result.failures.length === 0) passed += 1;
      else failed += 1;
      failures.push(...result.failures);
    }

    const linkFailures = await checkLinks(linkSources, origin);
    console.log(
      `${linkFailures.length === 0 ? 'ok  ' : 'FAIL'} ${linkSources.size} same-origin links, ${linkFailures.length} not answering 200`,
    );
    if (linkFailures.length === 0) passed += 1;
    else failed += 1;
    failures.push(...linkFailures);

    if (failures.length > 0) {
      console.log(`\n${failures.length} browser check failure(s):`);
      for (const f of failures) console.log(`  - ${f}`);
    }
    console.log(`screenshots: ${options.screenshots}`);
    console.log(`browser: ${passed} passed, ${failed} failed`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    await browser.close();
    server.close();
  }
}

const options = parseArgs(process.argv.slice(2));
const deadline = setTimeout(() => {
  console.error(`error: browser checks took longer than ${options.timeoutSeconds} s; stopped`);
  process.exit(2);
}, options.timeoutSeconds * 1000);
deadline.unref();

main(options).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`error: browser checks could not run: ${err.message}`);
    process.exit(2);
  },
);
