// Workflow-safe (no Node imports). The failures a caller can act on, thrown by use cases, activities and the api
// alike. Each names its kind (what went wrong, which the api maps to an HTTP status in one place: src/api/app.ts)
// and a stable machine code callers branch on; a feature may refine the code (`new ConflictError('…', 'opted_out')`)
// without a new class.

export const ERROR_KINDS = [
  'invalid_input', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'payload_too_large', 'too_many_requests', 'unavailable',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** The code each kind answers with unless the thrower names a more precise one. */
export const DEFAULT_ERROR_CODES: Record<ErrorKind, string> = {
  invalid_input: 'invalid_request',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  not_found: 'not_found',
  conflict: 'conflict',
  payload_too_large: 'payload_too_large',
  too_many_requests: 'too_many_requests',
  unavailable: 'unavailable',
};

export abstract class DomainError extends Error {
  abstract readonly kind: ErrorKind;

  constructor(
    message: string,
    private readonly codeOverride?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  get code(): string {
    return this.codeOverride ?? DEFAULT_ERROR_CODES[this.kind];
  }
}

/** The request cannot be carried out as given (a field, a number, a body); the message says what to fix. */
export class InvalidInputError extends DomainError {
  readonly kind = 'invalid_input';
}

export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';
  constructor(message = 'sign in first: send a bearer token or the session cookie', code?: string) {
    super(message, code);
  }
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
}

/** Refused by the current state of things (an offer already taken, a closed interaction, an opted-out number). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

export class PayloadTooLargeError extends DomainError {
  readonly kind = 'payload_too_large';
}

/** Too many attempts (the sign-in throttle); `retryAfterSeconds` says when the next may be made. */
export class TooManyRequestsError extends DomainError {
  readonly kind = 'too_many_requests';
  constructor(
    message: string,
    code?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message, code);
  }
}

/** A dependency is down; trying again later may succeed. */
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
}

const CLASSES: Record<ErrorKind, new (message: string, code?: string) => DomainError> = {
  invalid_input: InvalidInputError,
  unauthenticated: UnauthenticatedError,
  forbidden: ForbiddenError,
  not_found: NotFoundError,
  conflict: ConflictError,
  payload_too_large: PayloadTooLargeError,
  too_many_requests: TooManyRequestsError,
  unavailable: UnavailableError,
};

/** What survives serialisation (e.g. an activity's non-retryable ApplicationFailure details). */
export interface DomainErrorInfo {
  kind: ErrorKind;
  code: string;
  message: string;
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);
}

export function domainErrorInfo(err: DomainError): DomainErrorInfo {
  return { kind: err.kind, code: err.code, message: err.message };
}

/** The inverse of domainErrorInfo: the same error again on the other side of a serialisation boundary. */
export function domainErrorFrom(info: DomainErrorInfo): DomainError {
  return new CLASSES[info.kind](info.message, info.code);
}
