// Rewrites tsc's dist/src/main.js as one ESM file, so the service starts without Node's loader reading some 1,500
// module files one by one (issue 16: cold start). The rest of dist/ stays as tsc wrote it: the worker pool's script,
// the commands and the tests load those files by path.
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';

const entry = 'dist/src/main.js';
const outDir = dirname(entry);

const external = [
  // Native addons, and what they are loaded through.
  'better-sqlite3',
  '@resvg/resvg-js',
  '@napi-rs/*',
  'pg',
  'pg-native',
  // Loaded only in the worker pool.
  'pdf-parse',
  // Swagger finds its UI's files through this package's own folder.
  'swagger-ui-dist',
  // @nestjs/mapped-types' fallback for older class-transformer releases, which have no cjs/ folder: never reached here.
  'class-transformer/storage',
  // Optional packages Nest and Swagger load only when asked for (microservices, websockets, Fastify): not installed.
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/websockets',
  '@nestjs/websockets/*',
  '@fastify/*',
];

// These two load typeorm, class-validator and class-transformer through createRequire, which esbuild cannot follow: Node
// would load a second copy of each from node_modules beside the bundle's, slower to start, with TypeORM's classes twice
// and the @Type() rules PartialType copies in a class-transformer storage the app's DTOs do not use. As plain require()
// calls, they get the bundle's one copy.
const sharedRequire = /node_modules\/@nestjs\/(typeorm\/dist\/common\/typeorm-compat|mapped-types\/dist\/type-helpers\.utils)\.js$/;
function withPlainRequire(path, source) {
  const plain = source.replace('const require = createRequire(import.meta.url);', '');
  if (plain === source) throw new Error(`${path} no longer makes its require() as it did: check what it loads before bundling it.`);
  return plain;
}

// Every module that reads import.meta.url or import.meta.dirname (its views, its assets, the worker's script, a
// createRequire) goes on seeing its own file's place, not the bundle's.
const ownPlace = {
  name: 'own-place',
  setup(builder) {
    builder.onLoad({ filter: /\.m?js$/ }, async ({ path }) => {
      let source = await readFile(path, 'utf8');
      if (sharedRequire.test(path)) source = withPlainRequire(path, source);
      else if (!source.includes('import.meta')) return undefined;
      const url = `__moduleUrl(${JSON.stringify(relative(outDir, path))})`;
      return {
        contents: source
          .replaceAll('import.meta.url', `${url}.href`)
          .replaceAll('import.meta.dirname', `__dirnameOf(__fileURLToPath(${url}))`)
          .replaceAll('import.meta.filename', `__fileURLToPath(${url})`),
        loader: 'js',
        resolveDir: dirname(path),
      };
    });
  },
};

await build({
  entryPoints: [entry],
  outfile: entry,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The files Node itself would load: without these, esbuild would also take a package's "module" build (xstate's).
  conditions: [],
  mainFields: ['main'],
  target: 'node20',
  // node_modules may be a link (a worktree's): paths stay under the project, as Node saw them before bundling.
  preserveSymlinks: true,
  // Nest's logs and TypeORM's and class-validator's messages read classes' and functions' own names: esbuild renames
  // some to keep them apart in one scope (AppModule2, _InstanceLoader), and this keeps what .name says.
  keepNames: true,
  external,
  plugins: [ownPlace],
  sourcemap: true,
  logLevel: 'warning',
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { dirname as __dirnameOf } from 'node:path';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      // The CommonJS packages in the bundle call require() for Node's own modules and for the externals above.
      'const require = __createRequire(import.meta.url);',
      'const __moduleUrl = (path) => new URL(path, import.meta.url);',
    ].join('\n'),
  },
});

// esbuild leaves characters inside regular expression literals as they are, even with its ASCII charset
// (evanw/esbuild#4205), and one character past U+00FF makes V8 keep the whole bundle's source, which it holds for
// as long as the service runs, at two bytes a character: 25 MB of heap instead of 12. Escaped, it is one byte a
// character. A character escaped already (`\Ω`, the same as `Ω`) loses its backslash. Only the lines holding such
// characters change (validator.js's alphabets, in regular expressions), and only their columns in the source map.
const bundled = await readFile(entry, 'utf8');
const escaped = bundled.replace(/(\\*)([\u0100-\uffff])/g, (_, slashes, character) => {
  const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
  return `${kept}\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
});
await writeFile(entry, escaped);
