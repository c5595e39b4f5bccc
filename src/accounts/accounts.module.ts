import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { AccountsDemoSeed } from './accounts-demo.seed';
import { AdminAccountBootstrap } from './admin-account.bootstrap';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AvatarService } from './avatar.service';
import { RefreshToken } from './entities/refresh-token.entity';
import { User } from './entities/user.entity';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { RolesGuard } from './guards/roles.guard';
import { MeController } from './me.controller';
import { PasswordHasher } from './password-hasher';
import { ProfileService } from './profile.service';
import { SignInHooks } from './sign-in-hooks';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RefreshTokenPurgeService } from './refresh-token-purge.service';
import { JwtStrategy } from './strategies/jwt.strategy';
import { TokensService } from './tokens.service';
import { UserActivationHooks } from './user-activation-hooks';
import { UserAdminService } from './user-admin.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Users, authentication (JWT + rotating refresh tokens), profiles, staff user management. */
@Module({
  imports: [
    TypeOrmModule.forFeature([User, RefreshToken]),
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject so jsonwebtoken does not try the string as a PEM key on every sign (see JwtStrategy).
        secret: createSecretKey(Buffer.from(config.jwt.secret!)),
        signOptions: { algorithm: 'HS256', expiresIn: config.jwt.accessTtlSeconds },
      }),
    }),
    RateLimitModule,
  ],
  controllers: [AuthController, MeController, UsersController],
  providers: [
    UsersService,
    PasswordHasher,
    TokensService,
    AuthService,
    ProfileService,
    AvatarService,
    UserAdminService,
    AdminAccountBootstrap,
    AccountsDemoSeed,
    SignInHooks,
    UserActivationHooks,
    RefreshTokenPurgeService,
    JwtStrategy,
    // Order matters: authenticate first, then check roles.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [UsersService, AccountsDemoSeed, SignInHooks, UserActivationHooks],
})
export class AccountsModule {}
