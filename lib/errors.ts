// The few errors the app expects. Each becomes a plain message for the user with its HTTP
// status; anything else is logged with an id and shown as a generic message with that id.
export class ExpectedError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(message: string, status: number, code: string) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
  }
}

export class ValidationError extends ExpectedError {
  readonly fieldErrors: Record<string, string[]>;
  constructor(message: string, fieldErrors: Record<string, string[]> = {}) {
    super(message, 400, "invalid");
    this.fieldErrors = fieldErrors;
  }
}

export class UnauthenticatedError extends ExpectedError {
  constructor(message = "Sign in to continue.") {
    super(message, 401, "unauthenticated");
  }
}

export class ForbiddenError extends ExpectedError {
  constructor(message = "You are not allowed to do that.") {
    super(message, 403, "forbidden");
  }
}

export class NotFoundError extends ExpectedError {
  constructor(message = "Not found.") {
    super(message, 404, "not_found");
  }
}

export class ConflictError extends ExpectedError {
  constructor(message: string) {
    super(message, 409, "conflict");
  }
}

export function isExpectedError(error: unknown): error is ExpectedError {
  return error instanceof ExpectedError;
}
