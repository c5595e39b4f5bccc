import type { Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorResponseDto } from './common/errors/error-response.dto';
import { applyOpenApiConventions, operationId, routeFactsOf } from './openapi-conventions';

/**
 * Swagger UI at /docs and the OpenAPI 3 JSON at /docs-json.
 * Request/response schemas come from the Swagger CLI plugin's metadata, generated into
 * `src/metadata.ts` by `npm run build` (scripts/openapi-metadata.ts) so that both the
 * compiled app and jest (which does not run the plugin) see the same schemas.
 */
export async function setupOpenApi(app: NestFastifyApplication): Promise<void> {
  const document = await createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}

/**
 * The document as served: generated from the decorators, then completed centrally by
 * openapi-conventions.ts (security, the error responses the global guards and pipes imply).
 */
export async function createOpenApiDocument(app: NestFastifyApplication): Promise<OpenAPIObject> {
  const metadataFile = ['metadata.js', 'metadata.ts'].map((f) => join(__dirname, f)).find(existsSync);
  if (metadataFile) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { default: metadata } = require(metadataFile) as {
      default: () => Promise<Record<string, unknown>>;
    };
    await SwaggerModule.loadPluginMetadata(metadata);
  }
  const config = new DocumentBuilder()
    .setTitle('Bazaar API')
    .setDescription(
      'Multi-seller commerce backend. Money fields are integers of minor units (cents, kobo) with an ISO-4217 ' +
        '`currency`. Lists take `page`, `perPage` (max 100) and `sort`, and answer `{data,total,page,perPage}`. ' +
        'Errors are `{statusCode, error, code, message, details?}`.',
    )
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponseDto],
    operationIdFactory: operationId,
  });
  const controllers = [...app.get(ModulesContainer).values()].flatMap((m) =>
    [...m.controllers.values()].map((c) => c.metatype as Type),
  );
  return applyOpenApiConventions(document, routeFactsOf(controllers));
}
