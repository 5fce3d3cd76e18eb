import express, { type Router } from 'express';
import { HttpError, jsonBody, parseOr400 } from '@later/runtime';
import { insertApiKey, listApiKeys, revokeApiKey, type ApiKeyRow, type Pool } from '@later/store';
import { ApiKeyId, CreateApiKeyRequest, type ApiKey } from '@later/types';
import { issueApiKey, type ApiKeyVerifier } from '../auth/apiKeys.js';

const view = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  prefix: `lk_${row.prefix}`,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

/** The caller's API keys: create (the secret is shown once), list, revoke. */
export function apiKeyRoutes(pool: Pool, verifier: ApiKeyVerifier, maxKeys: number): Router {
  const router = express.Router();
  const owner = (res: express.Response) => res.locals.ownerId as string;

  router.post('/v1/api-keys', jsonBody('16kb'), async (req, res) => {
    const { name } = parseOr400(CreateApiKeyRequest, req.body);
    const key = issueApiKey();
    const row = await insertApiKey(
      pool,
      owner(res),
      { name, prefix: key.prefix, secretDigest: key.secretDigest },
      maxKeys,
    );
    if (!row)
      throw new HttpError(409, `this account already has ${maxKeys} API keys, the most it may hold: revoke one first`);
    res.status(201).json({ ...view(row), apiKey: key.key });
  });

  router.get('/v1/api-keys', async (_req, res) => {
    res.json({ keys: (await listApiKeys(pool, owner(res))).map(view) });
  });

  router.delete('/v1/api-keys/:id', async (req, res) => {
    const id = parseOr400(ApiKeyId, req.params.id, 'id');
    const row = await revokeApiKey(pool, owner(res), id);
    if (!row) throw new HttpError(404, `no API key ${id}`);
    // This replica forgets it at once; the others within KEY_RECHECK_MS.
    verifier.forget(id);
    res.json(view(row));
  });

  return router;
}
