/** Redis' AOF fsync policies (`appendfsync`): what a deployment may choose between. */
export const appendfsyncPolicies = ['always', 'everysec', 'no'];
