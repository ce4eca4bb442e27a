// HTML validity through the Nu HTML Checker (npm vnu-jar, run with the machine's Java): the
// documents as sent (the raw response, not the DOM), all checked in one run of the checker
// (one JVM start), which refuses localhost URLs and so reads them from files.
'use strict';

const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const vnu = require('vnu-jar');

/** A page the checker must fail, so a checker that checks nothing cannot pass the suite. */
const CANARY = '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div></p></body></html>';

/** Errors, and the checker's warning that the text is in another language than declared. */
const fails = (m) => m.type === 'error' || (m.type === 'non-document-error')
  || /appears to be written in/.test(m.message);

/** Runs the checker on `files`; returns a map from file name to its messages. */
function checkFiles(files) {
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', vnu, '--format', 'json', '--stdout', '--also-check-css', ...files], {
      encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    }, (error, stdout, stderr) => {
      // The checker exits non-zero when it found errors; no JSON at all is a real failure.
      let parsed;
      try {
        parsed = JSON.parse(stdout);
      } catch {
        reject(new Error(`the Nu HTML Checker gave no report${error ? ` (${error.message})` : ''}:\n${stderr}`));
        return;
      }
      const results = new Map();
      for (const m of parsed.messages) {
        const name = decodeURIComponent(path.basename(new URL(m.url).pathname));
        if (!results.has(name)) results.set(name, []);
        results.get(name).push(m);
      }
      resolve(results);
    });
  });
}

/** Writes the canary next to the pages and returns its file. */
function writeCanary(dir) {
  const file = path.join(dir, 'canary.html');
  fs.writeFileSync(file, CANARY);
  return file;
}

/** The failing messages of one checked file, as report lines. */
function failingMessages(results, file) {
  return (results.get(path.basename(file)) || []).filter(fails)
    .map((m) => `  line ${m.lastLine}:${m.firstColumn || m.lastColumn}: ${m.message}\n    ${(m.extract || '').replace(/\n/g, ' ')}`);
}

module.exports = { checkFiles, failingMessages, writeCanary };
