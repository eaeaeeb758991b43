import { createComposeActivities } from './compose';
import type { ActivityDeps } from './deps';
import { withDomainFailures } from './domain-failures';
import { createExpireOffer } from './expire-offer';
import { createAssignDirect, createClose, createEnqueue, createLeaveQueue, createOfferDirect, createProject, createRecordRoutingEvent } from './interaction-projection';
import { createLegacyActivities } from './legacy';
import { createMessagingActionActivities } from './messaging-actions';
import { createCancelOutbound, createRecordOutbound, createSendOutbound } from './outbound';
import { createSystemTextActivities } from './system-texts';
import { createTakeIn } from './take-inbound';
import { createRunVirtualAgent } from './virtual-agent';

export type { ActivityDeps, ChangeEvents } from './deps';

export function createActivities(deps: ActivityDeps) {
  return withDomainFailures({
    takeIn: createTakeIn(deps),
    project: createProject(deps),
    enqueue: createEnqueue(deps),
    close: createClose(deps),
    leaveQueue: createLeaveQueue(deps),
    assignDirect: createAssignDirect(deps),
    offerDirect: createOfferDirect(deps),
    recordRoutingEvent: createRecordRoutingEvent(deps),
    recordOutbound: createRecordOutbound(deps),
    cancelOutbound: createCancelOutbound(deps),
    sendOutbound: createSendOutbound(deps),
    expireOffer: createExpireOffer(deps),
    runVirtualAgent: createRunVirtualAgent(deps),
    ...createSystemTextActivities(deps),
    ...createMessagingActionActivities(deps),
    ...createComposeActivities(deps),
    ...createLegacyActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
