import type { ActivityDeps } from './deps';
import { createExpireOffer } from './expire-offer';
import { createCloseInteraction, createSaveInteraction } from './interaction-projection';
import { createRecordOutbound, createSendOutbound } from './outbound';
import { createTakeInbound } from './take-inbound';

export type { ActivityDeps, ChangeEvents } from './deps';

export function createActivities(deps: ActivityDeps) {
  return {
    takeInbound: createTakeInbound(deps),
    saveInteraction: createSaveInteraction(deps),
    closeInteraction: createCloseInteraction(deps),
    recordOutbound: createRecordOutbound(deps),
    sendOutbound: createSendOutbound(deps),
    expireOffer: createExpireOffer(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
