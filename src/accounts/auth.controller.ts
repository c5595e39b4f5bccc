import { Body, Controller, Headers, HttpCode, HttpStatus, Ip, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { Public } from '../common/decorators/public.decorator';
import { JsonBodyGuard } from '../common/guards/json-body.guard';
import { AuthResult, AuthService } from './auth.service';
import { AuthResponseDto } from './dto/auth-response.dto';
import { LoginDto } from './dto/login.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RegisterDto } from './dto/register.dto';
import { toAuthUserDto } from './user.mapper';

const CART_TOKEN_HEADER = {
  name: 'X-Cart-Token',
  required: false,
  description: 'Guest cart token; its cart is merged into the account’s cart on login/registration.',
};

const toResponse = ({ user, tokens }: AuthResult): AuthResponseDto => ({
  user: toAuthUserDto(user),
  ...tokens,
});

/**
 * Public, and ignores any Authorization header: a client holding a stale access token must
 * still be able to log in or refresh. Login, register and refresh are rate-limited per IP
 * (ThrottlerGuard, THROTTLE_AUTH_PER_MINUTE); login also per account (AuthService).
 */
@ApiTags('auth')
@Public({ ignoreToken: true })
@UseGuards(JsonBodyGuard)
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Create a customer account and log in. */
  @Post('register')
  @UseGuards(ThrottlerGuard)
  @ApiHeader(CART_TOKEN_HEADER)
  @ApiCreatedResponse({ type: AuthResponseDto })
  @ApiErrors(400, [409, 'An account with this email already exists'], 429)
  async register(
    @Body() dto: RegisterDto,
    @Headers('x-cart-token') cartToken?: string,
  ): Promise<AuthResponseDto> {
    return toResponse(await this.auth.register(dto, { cartToken }));
  }

  /**
   * Log in with email and password. A wrong password and an unknown email get the same
   * 401 `Invalid email or password`. After LOGIN_MAX_FAILURES failures within
   * LOGIN_FAILURE_WINDOW_MINUTES, that client IP is locked out of that account (429 with
   * `Retry-After`) until they age out; once the account has that many failures from all IPs,
   * IPs that keep failing on it wait an exponential back-off. An IP with no failures on the
   * account gets through at once, so strangers cannot lock the owner out.
   */
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @UseGuards(ThrottlerGuard)
  @ApiHeader(CART_TOKEN_HEADER)
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiErrors(400, [401, 'Invalid email or password, or a deactivated account'], 429)
  async login(
    @Body() dto: LoginDto,
    @Ip() ip: string,
    @Headers('x-cart-token') cartToken?: string,
  ): Promise<AuthResponseDto> {
    return toResponse(await this.auth.login(dto, ip, { cartToken }));
  }

  /**
   * Exchange a refresh token for a new pair. Each refresh token works once: presenting one that
   * was already exchanged revokes the whole session, including the tokens issued after it.
   */
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiErrors(
    400,
    [401, 'Refresh token invalid, expired, revoked or reused, or the account is deactivated'],
    429,
  )
  async refresh(@Body() dto: RefreshTokenDto): Promise<AuthResponseDto> {
    return toResponse(await this.auth.refresh(dto.refreshToken));
  }

  /** End the session the refresh token belongs to. Always 204, also for an unknown token. */
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Session ended' })
  @ApiErrors(400)
  async logout(@Body() dto: RefreshTokenDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }
}
