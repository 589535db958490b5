export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file is larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/** Too many uploads are waiting for the store (S3_MAX_UPLOADS in flight and a full line): the API answers 503 with Retry-After. */
export class StorageBusyError extends Error {
  constructor() {
    super('too many uploads are waiting for the file store');
    this.name = 'StorageBusyError';
  }
}

/** An upload sent nothing for too long and was dropped (its slot goes to the next in line). */
export class UploadStalledError extends Error {
  constructor(readonly idleMs: number) {
    super(`the upload sent no bytes for ${Math.round(idleMs / 1000)} s`);
    this.name = 'UploadStalledError';
  }
}
