import express, { type Router } from 'express';
import { ControlError, parseInput } from './control-errors';
import { faultInputSchema } from './faults';
import type { Simulator } from './simulator';

/** HTTP control of fault injection. Mounted under /sim. */
export function faultsRouter(sim: Simulator): Router {
  const router = express.Router();

  router.get('/faults', (_req, res) => {
    res.json({ faults: sim.faults.list() });
  });

  router.post('/faults', (req, res) => {
    const input = parseInput(faultInputSchema, req.body ?? {}, 'invalid_fault');
    res.status(201).json(sim.faults.add(input));
  });

  router.delete('/faults', (_req, res) => {
    sim.faults.clear();
    res.status(204).end();
  });

  router.delete('/faults/:id', (req, res) => {
    if (!sim.faults.remove(req.params.id)) throw new ControlError(404, 'not_found', `No fault ${req.params.id}`);
    res.status(204).end();
  });

  return router;
}
