import type { AuthUser } from '../accounts/auth-user';
import type { ActorKind } from './entities/order-event.entity';

/** Who causes a transition; recorded in the order history. */
export interface Actor {
  kind: ActorKind;
  id: string | null;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null };
export const PROVIDER_ACTOR: Actor = { kind: 'provider', id: null };

/** A user acting in their current role. */
export const userActor = (user: AuthUser): Actor => ({ kind: user.role, id: user.id });
