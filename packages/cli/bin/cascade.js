#!/usr/bin/env node
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => import('node:fs/promises').then((fs) => fs.readFile(path, 'utf8')),
  cwd: process.cwd(),
});
