import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Public } from '../auth/access.decorators.js';
import { GOVUK_DIST } from './page-renderer.js';

// tsc does not copy these files, so the compiled module reads them from the source tree.
const OWN_ASSETS = [resolve(import.meta.dirname, 'assets'), resolve(import.meta.dirname, '../../../src/web/assets')].find((folder) =>
  existsSync(folder),
)!;
const GOVUK = join(GOVUK_DIST, 'govuk');
const AUTOCOMPLETE = join(dirname(createRequire(import.meta.url).resolve('accessible-autocomplete/package.json')), 'dist');
const FILES: Record<string, { root: string; path: string }> = {
  'app.css': { root: OWN_ASSETS, path: 'app.css' },
  'app.js': { root: OWN_ASSETS, path: 'app.js' },
  'accessible-autocomplete.min.css': { root: AUTOCOMPLETE, path: 'accessible-autocomplete.min.css' },
  'accessible-autocomplete.min.js': { root: AUTOCOMPLETE, path: 'accessible-autocomplete.min.js' },
  'govuk-frontend.min.css': { root: GOVUK, path: 'govuk-frontend.min.css' },
  'govuk-frontend.min.js': { root: GOVUK, path: 'govuk-frontend.min.js' },
  'manifest.json': { root: GOVUK, path: 'assets/manifest.json' },
  'person-autocomplete.js': { root: OWN_ASSETS, path: 'person-autocomplete.js' },
};

/**
 * The Design System's CSS, fonts, images and JavaScript, and the autocomplete for choosing people,
 * served by the service itself from the installed packages, so pages need nothing from the internet.
 */
@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  @Get('*path')
  @Public()
  serve(@Param('path') path: string[] | string, @Res() response: Response): void {
    const name = Array.isArray(path) ? path.join('/') : path;
    const file = FILES[name] ?? (/^(fonts|images)\/[\w.-]+$/.test(name) ? { root: GOVUK, path: `assets/${name}` } : undefined);
    if (!file) throw new NotFoundException('No such file.');
    response.sendFile(file.path, { root: file.root, maxAge: '1d', dotfiles: 'deny' }, (error) => {
      if (error && !response.headersSent) response.status(404).json({ statusCode: 404, error: 'Not Found', message: 'No such file.' });
    });
  }
}
