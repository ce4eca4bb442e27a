// The README's screenshots, taken from the real site: the front page and a post with comments.
// Always written to target/browser/screenshots/; with LUPA_UPDATE_SCREENSHOTS=1 also to
// docs/screenshots/ (commit those when the look of the site changes).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { before, after, test } = require('node:test');
const { World } = require('../lib/world');
const { ARTIFACTS_DIR, REPO_ROOT } = require('../lib/lupa');

let world;
before(async () => { world = await World.start({ empty: false }); });
after(async () => { if (world) await world.stop(); });

const SHOTS = [
  { file: 'front.png', entry: { name: 'front page', path: '/' }, fullPage: false },
  { file: 'post.png', entry: { name: 'post with comments', path: (w) => w.postPath, expect: '.comment' }, fullPage: true },
];

for (const shot of SHOTS) {
  test(`screenshot: ${shot.entry.name}`, async () => {
    const { page } = await world.open(shot.entry, 'fi');
    try {
      await page.setViewportSize({ width: 1100, height: 860 });
      const dirs = [path.join(ARTIFACTS_DIR, 'screenshots')];
      if (process.env.LUPA_UPDATE_SCREENSHOTS === '1') dirs.push(path.join(REPO_ROOT, 'docs', 'screenshots'));
      for (const dir of dirs) {
        fs.mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: path.join(dir, shot.file), fullPage: shot.fullPage });
      }
    } finally {
      await page.close();
    }
  });
}
