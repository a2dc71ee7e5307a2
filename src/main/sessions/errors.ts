/** A session id that does not exist. The message names the id. */
export class SessionNotFoundError extends Error {
  constructor(readonly sessionId: string) {
    super(`session not found: "${sessionId}"`);
    this.name = 'SessionNotFoundError';
  }
}

/** A turn id that does not exist. The message names the id. */
export class TurnNotFoundError extends Error {
  constructor(readonly turnId: number) {
    super(`turn not found: ${turnId}`);
    this.name = 'TurnNotFoundError';
  }
}

/** Malformed input to the store (bad speaker, status, id, meta…). The message names the field and value. */
export class SessionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionInputError';
  }
}
