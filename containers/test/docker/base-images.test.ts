import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CONTAINER_IMAGES } from '../../images';
import { baseImagesOf, bundledVersion, debianMirror, nodeBaseImage } from './base-images';

const CHANGELOG = [
  '<a id="22.23.3"></a>',
  '## 2026-09-23, Version 22.23.3',
  '* [`b816fc8958`] - **deps**: upgrade npm to 10.9.9 (npm team)',
  '* [`871167ddfd`] - **deps**: update corepack to 0.36.0 (Node.js GitHub Bot)',
  '<a id="22.23.2"></a>',
  '## Version 22.23.2',
  '* [`aaaaaaaaaa`] - **doc**: npm to the rescue',
  '<a id="22.23.1"></a>',
  '* [`d568a1bb53`] - **deps**: upgrade npm to 10.9.8 (npm team)',
  '* [`0123456789`] - **deps**: update corepack to 0.35.0',
].join('\n');

describe('the base images of the Dockerfiles', () => {
  test.each([CONTAINER_IMAGES.training, CONTAINER_IMAGES.serving])('$file builds every stage from the one pinned Node image', async (image) => {
    const text = await fs.readFile(path.join(image.directory, image.file), 'utf8');
    expect(baseImagesOf(text)).toEqual(['public.ecr.aws/docker/library/node:22.23.3-bookworm-slim']);
  });

  test('a build argument overrides the ARG default, and FROM an earlier stage is no base image', () => {
    const text = 'ARG NODE_IMAGE=node:1.2.3-bookworm-slim\nFROM ${NODE_IMAGE} AS build\nRUN true\nFROM build AS test\nFROM $NODE_IMAGE\n';
    expect(baseImagesOf(text)).toEqual(['node:1.2.3-bookworm-slim']);
    expect(baseImagesOf(text, { NODE_IMAGE: 'mirror.example/node:22.1.0-trixie-slim' })).toEqual(['mirror.example/node:22.1.0-trixie-slim']);
  });

  test('reads the Node version and Debian release from the tag', () => {
    expect(nodeBaseImage('public.ecr.aws/docker/library/node:22.23.3-bookworm-slim')).toEqual({ ref: 'public.ecr.aws/docker/library/node:22.23.3-bookworm-slim', nodeVersion: '22.23.3', suite: 'bookworm' });
  });

  test('fails when the base image is not an exact node:<version>-<release>-slim tag', () => {
    expect(() => nodeBaseImage('node:22-bookworm-slim')).toThrow('no stand-in recipe for the base image node:22-bookworm-slim: the check can stand in only for node:<x.y.z>-<debian release>-slim tags');
    expect(() => nodeBaseImage('python:3.12-slim')).toThrow(/no stand-in recipe for the base image python:3\.12-slim/);
  });
});

describe('bundledVersion', () => {
  test('takes the newest upgrade at or before the release', () => {
    expect(bundledVersion(CHANGELOG, '22.23.3', 'npm')).toBe('10.9.9');
    expect(bundledVersion(CHANGELOG, '22.23.3', 'corepack')).toBe('0.36.0');
    expect(bundledVersion(CHANGELOG, '22.23.2', 'npm')).toBe('10.9.8');
    expect(bundledVersion(CHANGELOG, '22.23.2', 'corepack')).toBe('0.35.0');
  });

  test('fails when the changelog has no entry for the release', () => {
    expect(() => bundledVersion(CHANGELOG, '22.99.0', 'npm')).toThrow('the Node changelog has no entry for 22.99.0, so the npm it bundles is unknown');
  });
});

describe('debianMirror', () => {
  test('reads deb822 .sources and one-line sources.list entries for the release', () => {
    const deb822 = 'Types: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\n\nTypes: deb\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\nComponents: main\n';
    expect(debianMirror([deb822], 'bookworm')).toBe('http://mirror.example/debian');
    expect(debianMirror(['# comment\ndeb [arch=amd64] http://ftp.example/debian bookworm main\n'], 'bookworm')).toBe('http://ftp.example/debian');
  });

  test('fails when no source serves the release', () => {
    expect(() => debianMirror(['deb http://ftp.example/debian trixie main\n'], 'bookworm')).toThrow("no apt source on this machine serves Debian bookworm (read /etc/apt/sources.list and /etc/apt/sources.list.d/); add one, e.g. `deb http://deb.debian.org/debian bookworm main`");
  });
});
