/** Side-channel for change notifications (server push); a no-op where nobody listens. */
export interface ChangeEvents {
  interactionChanged(interactionId: string): void;
}
