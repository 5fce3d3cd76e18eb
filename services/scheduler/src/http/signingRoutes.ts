import express, { type Router } from 'express';
import type { SigningService } from '../signing/signingService.js';
import { ownerOf } from './taskRoutes.js';

export function signingRoutes(signing: SigningService): Router {
  const router = express.Router();
  const base = '/internal/v1/owners/:ownerId/signing-keys';
  router.get(base, async (req, res) => {
    res.json(await signing.keys(ownerOf(req.params)));
  });
  router.post(`${base}/rotate`, async (req, res) => {
    res.json(await signing.rotate(ownerOf(req.params)));
  });
  router.post(`${base}/promote`, async (req, res) => {
    res.json(await signing.promote(ownerOf(req.params)));
  });
  return router;
}
