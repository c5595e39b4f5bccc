import { DomainError } from '../common/errors/domain-error';
import { Role } from './role';
import { assertMayChangeUser, UserChange } from './user-policy';

const admin = { id: 'a', role: Role.Admin };
const staff = { id: 's', role: Role.Staff };
const user = (role: Role, id = `t-${role}`) => ({ id, role });

const outcome = (
  actor: { id: string; role: Role },
  target: { id: string; role: Role },
  change: UserChange,
) => {
  try {
    assertMayChangeUser(actor, target, change);
    return 'ok';
  } catch (err) {
    return `${(err as DomainError).status} ${(err as DomainError).code}`;
  }
};

describe('assertMayChangeUser', () => {
  it.each([
    [Role.Customer, { active: false }, 'ok'],
    [Role.Seller, { active: false }, 'ok'],
    [Role.Seller, { active: true }, 'ok'],
    [Role.Customer, { role: Role.Customer }, 'ok'], // same role: not a role change
    [Role.Customer, { role: Role.Seller }, '403 FORBIDDEN'],
    [Role.Customer, { role: Role.Admin }, '403 FORBIDDEN'],
    [Role.Staff, { active: false }, '403 FORBIDDEN'],
    [Role.Admin, { active: false }, '403 FORBIDDEN'],
    [Role.Staff, {}, '403 FORBIDDEN'],
  ])('staff on a %s with %j -> %s', (targetRole, change, expected) => {
    expect(outcome(staff, user(targetRole), change)).toBe(expected);
  });

  it.each([
    [Role.Customer, { role: Role.Seller }, 'ok'],
    [Role.Customer, { role: Role.Admin }, 'ok'],
    [Role.Staff, { active: false }, 'ok'],
    [Role.Admin, { role: Role.Customer }, 'ok'],
  ])('admin on a %s with %j -> %s', (targetRole, change, expected) => {
    expect(outcome(admin, user(targetRole), change)).toBe(expected);
  });

  it('nobody deactivates or re-roles themselves', () => {
    expect(outcome(admin, admin, { active: false })).toBe('409 CANNOT_DEACTIVATE_SELF');
    expect(outcome(admin, admin, { role: Role.Customer })).toBe('409 CANNOT_CHANGE_OWN_ROLE');
    expect(outcome(admin, admin, { active: true, role: Role.Admin })).toBe('ok');
    expect(outcome(staff, staff, { active: false })).toBe('403 FORBIDDEN');
  });

  it('customers and sellers cannot manage anyone', () => {
    expect(outcome(user(Role.Seller, 'x'), user(Role.Customer), { active: false })).toBe('403 FORBIDDEN');
    expect(outcome(user(Role.Customer, 'y'), user(Role.Customer), {})).toBe('403 FORBIDDEN');
  });
});
