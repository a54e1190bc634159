import { Router } from 'express';
import type { PartnerKeyModel } from './partnerKeyModel';
import { listPartnerKeys } from './partnerKeyListing';

/**
 * City only: `GET /directory/partner-keys`, read by gateways with the subgraph listing (same poll, same poke).
 * Public like `/directory/subgraphs`: it holds hashes of random keys, limits and origins, nothing secret.
 */
export function partnerRoutes(keys: PartnerKeyModel): Router {
  const router = Router();
  router.get('/directory/partner-keys', async (req, res) => {
    const listing = await listPartnerKeys(keys);
    res.set('ETag', listing.etag).set('Cache-Control', 'no-cache');
    if (req.get('if-none-match') === listing.etag) {
      res.status(304).end();
      return;
    }
    res.json(listing);
  });
  return router;
}
