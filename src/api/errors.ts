// One error type per failure the API reports; one middleware (app.ts) maps them to status codes.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
export class ValidationError extends ApiError {
  constructor(message: string) {
    super(400, 'invalid_request', message);
  }
}
export class UnauthenticatedError extends ApiError {
  constructor(message = 'sign in first: send a bearer token or the session cookie') {
    super(401, 'unauthenticated', message);
  }
}
export class ForbiddenError extends ApiError {
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}
export class NotFoundError extends ApiError {
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}
export class ConflictError extends ApiError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}
export class PayloadTooLargeError extends ApiError {
  constructor(message: string) {
    super(413, 'payload_too_large', message);
  }
}
export class TooManyRequestsError extends ApiError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'too_many_requests', message);
  }
}
export class UnavailableError extends ApiError {
  constructor(message: string) {
    super(503, 'unavailable', message);
  }
}
