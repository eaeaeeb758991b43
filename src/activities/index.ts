import { createComposeActivities } from './compose';
import type { ActivityDeps } from './deps';
import { withDomainFailures } from './domain-failures';
import { createExpireOffer } from './expire-offer';
import { createClose, createEnqueue, createProject } from './interaction-projection';
import { createLegacyActivities } from './legacy';
import { createCancelOutbound, createRecordOutbound, createSendOutbound } from './outbound';
import { createTakeIn } from './take-inbound';

export type { ActivityDeps, ChangeEvents } from './deps';

export function createActivities(deps: ActivityDeps) {
  return withDomainFailures({
    takeIn: createTakeIn(deps),
    project: createProject(deps),
    enqueue: createEnqueue(deps),
    close: createClose(deps),
    recordOutbound: createRecordOutbound(deps),
    cancelOutbound: createCancelOutbound(deps),
    sendOutbound: createSendOutbound(deps),
    expireOffer: createExpireOffer(deps),
    ...createComposeActivities(deps),
    ...createLegacyActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
