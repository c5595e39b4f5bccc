import { Controller, Get, Post, UseGuards } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Roles } from './accounts/decorators/roles.decorator';
import { Role } from './accounts/role';
import { Public } from './common/decorators/public.decorator';
import { JsonBodyGuard } from './common/guards/json-body.guard';
import {
  applyOpenApiConventions,
  ERROR_SCHEMA_REF,
  openApiProblems,
  routeFactsOf,
} from './openapi-conventions';

@Controller('things')
class ThingsController {
  @Public()
  @Get()
  list() {}

  @Roles(Role.Staff)
  @Post(':id')
  @UseGuards(JsonBodyGuard)
  create() {}

  @Public({ ignoreToken: true })
  @Post('login')
  login() {}
}

const ok = { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } };
const doc = (paths: object) =>
  ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths }) as OpenAPIObject;

describe('OpenAPI conventions', () => {
  it('derive security and error responses from the guards metadata of each route', () => {
    const document = applyOpenApiConventions(
      doc({
        '/things': { get: { operationId: 'Things_list', responses: { 200: ok } } },
        '/things/{id}': {
          post: {
            operationId: 'Things_create',
            parameters: [{ name: 'id', in: 'path', required: true }],
            requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
            responses: { 201: { ...ok, headers: { 'X-Token': { description: 'no schema' } } } },
          },
        },
        '/things/login': {
          post: { operationId: 'Things_login', responses: { 200: ok, 401: { description: 'Bad' } } },
        },
      }),
      routeFactsOf([ThingsController]),
    );
    const list = document.paths['/things'].get!;
    expect(list.security).toEqual([{}, { bearer: [] }]);
    expect(Object.keys(list.responses)).toEqual(['200', '401']);
    const create = document.paths['/things/{id}'].post!;
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '401', '403', '404', '415']);
    expect(create.responses['403']).toMatchObject({
      description: 'Requires one of the roles: staff',
      content: { 'application/json': { schema: { $ref: ERROR_SCHEMA_REF } } },
    });
    expect((create.parameters![0] as { schema: object }).schema).toEqual({ type: 'string' });
    expect((create.responses['201'] as { headers: Record<string, object> }).headers['X-Token']).toMatchObject(
      {
        schema: { type: 'string' },
      },
    );
    const login = document.paths['/things/login'].post!;
    expect(login.security).toEqual([]);
    // A status the route documents keeps its description and gains the shared body.
    expect(login.responses['401']).toEqual({
      description: 'Bad',
      content: { 'application/json': { schema: { $ref: ERROR_SCHEMA_REF } } },
    });
    expect(openApiProblems(document)).toEqual([]);
  });

  it('refuse an operation no controller method answers', () => {
    expect(() =>
      applyOpenApiConventions(doc({ '/x': { get: { operationId: 'Nope_x', responses: {} } } }), new Map()),
    ).toThrow('Nope_x');
  });

  it('report operations without a success schema, security, error responses or a 400 for their input', () => {
    const problems = openApiProblems(
      doc({
        '/bare': {
          get: { operationId: 'a', responses: { 200: { description: 'OK' } } },
          post: {
            operationId: 'b',
            security: [{ bearer: [] }],
            requestBody: { content: { 'application/json': {} } },
            responses: { 201: ok, 409: { description: 'Conflict' } },
          },
        },
      }),
    );
    expect(problems).toEqual([
      'GET /bare: no security requirement',
      'GET /bare: response 200 has no schema',
      'GET /bare: no error responses',
      'POST /bare: error 409 is not an ErrorResponseDto',
      'POST /bare: reads a token but documents no 401',
      'POST /bare: request body has no schema',
      'POST /bare: takes input but documents no 400',
    ]);
  });
});
