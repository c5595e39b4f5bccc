import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/**
 * 415 for a body that is not JSON on a JSON route. Fastify also parses `text/plain` out of the
 * box (the fake payment page posts such a form), so without this a text body would reach the
 * validation pipe as a string and come back as a confusing 400. Apply with
 * `@UseGuards(JsonBodyGuard)` on routes whose body is a JSON DTO; multipart routes do not use it.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { headers } = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    const type = headers['content-type'];
    if (type !== undefined && !JSON_TYPE.test(type)) {
      throw new DomainError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the body as JSON (Content-Type: application/json)',
      );
    }
    return true;
  }
}
