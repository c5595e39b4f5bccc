import { Injectable } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { Role } from './role';
import { UsersService } from './users.service';

export interface DemoAccount {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Documented in README.md ("Demo accounts"); demo data only, never production credentials. */
export const DEMO_ACCOUNTS = {
  seller: {
    email: 'seller@bazaar.test',
    password: 'seller-demo-123',
    name: 'Demo Seller',
    role: Role.Seller,
  },
  customer: {
    email: 'customer@bazaar.test',
    password: 'customer-demo-123',
    name: 'Demo Customer',
    role: Role.Customer,
  },
} as const;

/** The accounts step of the demo seed (DemoSeeder). Idempotent: existing accounts are returned as they are. */
@Injectable()
export class AccountsDemoSeed {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
  ) {}

  async run(): Promise<{ seller: DemoAccount; customer: DemoAccount }> {
    const [seller, customer] = await Promise.all([this.account('seller'), this.account('customer')]);
    return { seller, customer };
  }

  private async account(kind: keyof typeof DEMO_ACCOUNTS): Promise<DemoAccount> {
    const { email, password, name, role } = DEMO_ACCOUNTS[kind];
    const { user } = await this.users.ensure({
      email,
      name,
      role,
      passwordHash: await this.hasher.hash(password),
    });
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  }
}
