import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { PasswordHasher } from './password-hasher';
import { Role } from './role';
import { UsersService } from './users.service';

/**
 * Creates the admin account from ADMIN_EMAIL/ADMIN_PASSWORD at boot when it does not exist.
 * Idempotent and safe with several instances booting at once (UsersService.ensure). An existing
 * account with that email is left as it is: promoting it would hand admin to whoever registered
 * the address first.
 */
@Injectable()
export class AdminAccountBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminAccountBootstrap.name);

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { email, password } = this.config.admin;
    if (!email || !password) return;
    const existing = await this.users.findForLogin(email);
    const { user, created } = existing
      ? { user: existing, created: false }
      : await this.users.ensure({
          email,
          name: 'Administrator',
          passwordHash: await this.hasher.hash(password),
          role: Role.Admin,
        });
    if (created) this.logger.log(`admin account ${email} created`);
    else if (user.role !== Role.Admin)
      this.logger.warn(`ADMIN_EMAIL ${email} belongs to an existing ${user.role} account; left unchanged`);
  }
}
