/**
 * Rate limits of the expensive routes lifted out of the way: e2e tests send hundreds of searches,
 * carts and checkouts from one address (inject() and spawned servers alike are 127.0.0.1). Files
 * that test a limit set its key to a tiny value instead.
 */
export const UNTHROTTLED_ENV: Record<string, string> = {
  THROTTLE_SEARCH_PER_MINUTE: '1000000',
  THROTTLE_SEARCH_PER_ACCOUNT_PER_MINUTE: '1000000',
  THROTTLE_UPLOADS_PER_MINUTE: '1000000',
  THROTTLE_UPLOADS_PER_ACCOUNT_PER_MINUTE: '1000000',
  THROTTLE_GUEST_CARTS_PER_MINUTE: '1000000',
  THROTTLE_CHECKOUT_PER_MINUTE: '1000000',
  THROTTLE_CHECKOUT_PER_ACCOUNT_PER_MINUTE: '1000000',
  THROTTLE_ANALYTICS_EXPORT_PER_MINUTE: '1000000',
  THROTTLE_ANALYTICS_EXPORT_PER_ACCOUNT_PER_MINUTE: '1000000',
};
