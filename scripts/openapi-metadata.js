#!/usr/bin/env node
/**
 * Runs the @nestjs/swagger CLI plugin over src/ and writes src/metadata.ts: request and
 * response schemas read from DTO/entity types and TSDoc comments. openapi.ts loads it, so the
 * compiled app and the jest run (which compiles with swc, without the plugin) document the
 * same schemas. Generated on every build; not committed. The previous file is removed first: after
 * a DTO moves, the stale one imports a path that no longer exists and the generator's own type
 * check fails on it (leaving the stale file in place).
 */
const { PluginMetadataGenerator } = require('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator');
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');
const { rmSync } = require('node:fs');
const { join } = require('node:path');

process.chdir(join(__dirname, '..'));
const src = join(process.cwd(), 'src');
rmSync(join(src, 'metadata.ts'), { force: true });
new PluginMetadataGenerator().generate({
  visitors: [
    new ReadonlyVisitor({
      introspectComments: true,
      pathToSource: src,
      classValidatorShim: true,
      dtoFileNameSuffix: ['.dto.ts', '.entity.ts'],
    }),
  ],
  outputDir: src,
  watch: false,
  tsconfigPath: 'tsconfig.build.json',
});
