/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument --
   this walks the untyped JSON of an OpenAPI document */
import type { Type } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ROLES } from './accounts/decorators/roles.decorator';
import { IS_PUBLIC, PUBLIC_IGNORE_TOKEN } from './common/decorators/public.decorator';
import { ERROR_DESCRIPTIONS } from './common/decorators/api-errors.decorator';
import { JsonBodyGuard } from './common/guards/json-body.guard';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a route's decorators say about who may call it and which errors it can answer. */
export interface RouteFacts {
  /** `true`: token optional (but validated when sent); `'ignore-token'`: never read; false: required. */
  public: boolean | typeof PUBLIC_IGNORE_TOKEN;
  roles: string[];
  /** Guarded by JsonBodyGuard (415 for a body that is not JSON). */
  jsonBody: boolean;
}

export const ERROR_SCHEMA_REF = '#/components/schemas/ErrorResponseDto';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The route facts of every controller method, keyed by the operationId openapi.ts gives it. */
export function routeFactsOf(controllers: readonly Type[]): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const controller of controllers) {
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const read = <T>(key: string): T | undefined =>
        (Reflect.getMetadata(key, handler) as T | undefined) ??
        (Reflect.getMetadata(key, controller) as T | undefined);
      const guards = [
        ...((Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[]) ?? []),
        ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[]) ?? []),
      ];
      facts.set(operationId(controller.name, name), {
        public: read<boolean | typeof PUBLIC_IGNORE_TOKEN>(IS_PUBLIC) ?? false,
        roles: read<string[]>(ROLES) ?? [],
        jsonBody: guards.includes(JsonBodyGuard),
      });
    }
  }
  return facts;
}

export const operationId = (controllerKey: string, methodKey: string) =>
  `${controllerKey.replace(/Controller$/, '')}_${methodKey}`;

const errorResponse = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: { $ref: ERROR_SCHEMA_REF } } },
});

/**
 * Makes the generated document say what the global guards, pipes and filter do, so a route added
 * anywhere is described completely without repeating it on every controller:
 * - `security`: bearer required (the default), optional (`@Public()`: a token sent must be valid),
 *   or none (`@Public({ ignoreToken: true })`);
 * - the error responses those imply, with the shared error body: 401 for any route that reads a
 *   token, 403 for `@Roles`, 400 for a route with parameters or a body (validation), 404 for a
 *   route with path parameters, 415 for a JSON body guard;
 * - error responses documented without a body get the shared error schema;
 * - response headers without a schema are strings.
 * Statuses a controller documents itself keep its description.
 */
export function applyOpenApiConventions(
  document: OpenAPIObject,
  facts: Map<string, RouteFacts>,
): OpenAPIObject {
  for (const pathItem of Object.values(document.paths) as Json[]) {
    for (const method of METHODS) {
      const op = pathItem[method] as Json | undefined;
      if (!op) continue;
      const route = facts.get(op.operationId as string);
      if (!route) throw new Error(`OpenAPI: no route metadata for operation ${op.operationId}`);
      const responses = (op.responses ??= {}) as Json;
      const add = (status: number, description = ERROR_DESCRIPTIONS[status] ?? 'Error') => {
        responses[status] ??= errorResponse(description);
      };

      if (route.public === PUBLIC_IGNORE_TOKEN) {
        op.security = [];
      } else if (route.public) {
        op.security = [{}, { bearer: [] }];
        add(401, 'A bearer token was sent but is invalid or expired');
      } else {
        op.security = [{ bearer: [] }];
        add(401);
      }
      if (route.roles.length) add(403, `Requires one of the roles: ${route.roles.join(', ')}`);
      if (op.parameters) op.parameters = mergeHeaderParameters(op.parameters as Json[]);
      const params = ((op.parameters ?? []) as Json[]).concat((pathItem.parameters ?? []) as Json[]);
      if (params.length || op.requestBody) add(400);
      if (params.some((p) => p.in === 'path')) add(404);
      if (route.jsonBody) add(415);

      for (const [status, response] of Object.entries(responses) as [string, Json][]) {
        if (Number(status) >= 400 && !response.content && !response.$ref)
          response.content = errorResponse(response.description ?? 'Error').content;
        for (const header of Object.values((response.headers ?? {}) as Json))
          if (!header.schema && !header.content && !header.$ref) header.schema = { type: 'string' };
      }
      for (const param of params)
        if (!param.schema && !param.content && !param.$ref) param.schema = { type: 'string' };
    }
  }
  return document;
}

/**
 * A header read with `@Headers('x-cart-token')` and documented with `@ApiHeader({ name: 'X-Cart-Token' })`
 * comes out twice (header names differ only in case, and the undocumented copy is marked required):
 * keep one per name, the documented one.
 */
function mergeHeaderParameters(parameters: Json[]): Json[] {
  const headers = new Map<string, Json>();
  for (const p of parameters) {
    if (p.in !== 'header') continue;
    const key = String(p.name).toLowerCase();
    const seen = headers.get(key);
    if (!seen || (!seen.description && p.description)) headers.set(key, p);
  }
  return parameters.filter((p) => p.in !== 'header' || headers.get(String(p.name).toLowerCase()) === p);
}

/**
 * What `npm test` demands of every operation beyond schema validity (test/openapi-document): one
 * problem per line, empty when the document is complete.
 */
export function openApiProblems(document: OpenAPIObject): string[] {
  const problems: string[] = [];
  for (const [path, pathItem] of Object.entries(document.paths) as [string, Json][]) {
    for (const method of METHODS) {
      const op = pathItem[method] as Json | undefined;
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.operationId) problems.push(`${where}: no operationId`);
      if (!Array.isArray(op.security)) problems.push(`${where}: no security requirement`);
      const responses = (op.responses ?? {}) as Json;
      const statuses = Object.keys(responses);
      const success = statuses.filter((s) => /^2\d\d$/.test(s) || /^3\d\d$/.test(s));
      if (!success.length) problems.push(`${where}: no success response`);
      for (const s of success) {
        const r = responses[s] as Json;
        const noBody = s === '204' || s.startsWith('3');
        if (!noBody && !Object.values((r.content ?? {}) as Json).some((c: Json) => c.schema))
          problems.push(`${where}: response ${s} has no schema`);
      }
      const errors = statuses.filter((s) => Number(s) >= 400);
      if (!errors.length) problems.push(`${where}: no error responses`);
      for (const s of errors) {
        const schema = (responses[s] as Json).content?.['application/json']?.schema as Json | undefined;
        if (schema?.$ref !== ERROR_SCHEMA_REF)
          problems.push(`${where}: error ${s} is not an ErrorResponseDto`);
      }
      const needsToken = Array.isArray(op.security) && op.security.some((req: Json) => 'bearer' in req);
      if (needsToken && !responses['401']) problems.push(`${where}: reads a token but documents no 401`);
      if (
        op.requestBody &&
        !Object.values((op.requestBody.content ?? {}) as Json).some((c: Json) => c.schema)
      )
        problems.push(`${where}: request body has no schema`);
      if ((op.requestBody || op.parameters?.length) && !responses['400'])
        problems.push(`${where}: takes input but documents no 400`);
    }
  }
  // A property documented as a bare `type: object` is what the swagger plugin writes for a type it
  // cannot infer (e.g. a union of enum members): clients would get `Record<string, never>`.
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {}) as [string, Json][]) {
    for (const [key, prop] of Object.entries((schema.properties ?? {}) as Json) as [string, Json][]) {
      const shaped = prop.properties || prop.additionalProperties || prop.allOf || prop.oneOf || prop.$ref;
      if (prop.type === 'object' && !shaped && !FREE_FORM.has(`${name}.${key}`))
        problems.push(`${name}.${key}: a shapeless object (give it an enum, a type or a schema)`);
    }
  }
  return problems;
}

/** Properties that are free-form objects on purpose. */
const FREE_FORM = new Set(['ErrorResponseDto.details']);
